"""The four kinds of user and what each is called on screen."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    PARTNER = "partner"
    REVIEWER = "reviewer"
    MISSION = "mission"
    EMBASSY = "embassy"

    @property
    def title(self):
        return ROLE_TITLES[self]


ROLE_TITLES = {
    Role.PARTNER: _l("Partner"),
    Role.REVIEWER: _l("Reviewer"),
    Role.MISSION: _l("Mission"),
    Role.EMBASSY: _l("Embassy"),
}


def role_choices():
    return [(role.value, role.title) for role in Role]
