"""Staff, reviewers and embassy users of the demo."""

# (email, name, locale)
MISSION_STAFF = [
    ("conseillere@mission.example", "Claire Martin", "fr"),
    ("programme@mission.example", "Julien Moreau", "fr"),
]

REVIEWERS = [
    ("reviewer.vienna@experts.example", "Katharina Weber", "en"),
    ("reviewer.paris@experts.example", "Nicolas Lefèvre", "fr"),
    ("reviewer.zagreb@experts.example", "Petra Kovač", "hr"),
]

# One embassy user per country; the name is the post's generic contact.
EMBASSY_EMAIL = "ambassade.{code}@embassies.example"
