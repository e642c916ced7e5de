"""Programme years and their thematic priorities in the demo."""

from decimal import Decimal

PROGRAMME_YEARS = {
    2025: Decimal("850000.00"),
    2026: Decimal("900000.00"),
}

# Thematic priorities change from year to year: data, not code.
PRIORITIES = {
    2025: [
        ("sexual-exploitation", {"en": "Sexual exploitation", "fr": "Exploitation sexuelle"}),
        ("thb-smuggling", {"en": "THB and migrant smuggling",
                           "fr": "Traite et trafic illicite de migrants"}),
        ("labour-exploitation", {"en": "Labour exploitation", "fr": "Exploitation par le travail"}),
        ("victims-rights", {"en": "Victims' rights", "fr": "Droits des victimes"}),
        ("child-victims", {"en": "Child victims", "fr": "Enfants victimes"}),
    ],
    2026: [
        ("sexual-exploitation", {"en": "Sexual exploitation", "fr": "Exploitation sexuelle"}),
        ("thb-smuggling", {"en": "THB and migrant smuggling",
                           "fr": "Traite et trafic illicite de migrants"}),
        ("labour-exploitation", {"en": "Labour exploitation", "fr": "Exploitation par le travail"}),
        ("child-victims", {"en": "Child victims", "fr": "Enfants victimes"}),
        ("forced-criminality", {"en": "Forced criminality and begging",
                                "fr": "Criminalité forcée et mendicité"}),
    ],
}

# The planned envelopes of each year: by component, and a few within a component for one
# country or one priority (component code, country code, priority code, amount).
PROGRAMMING = {
    2025: [
        ("C1", None, None, Decimal("250000.00")), ("C2", None, None, Decimal("120000.00")),
        ("C3", None, None, Decimal("280000.00")), ("C4", None, None, Decimal("200000.00")),
        ("C3", "RS", None, Decimal("60000.00")), ("C3", "AL", None, Decimal("60000.00")),
        ("C4", None, "thb-smuggling", Decimal("80000.00")),
    ],
    2026: [
        ("C1", None, None, Decimal("220000.00")), ("C2", None, None, Decimal("150000.00")),
        ("C3", None, None, Decimal("330000.00")), ("C4", None, None, Decimal("200000.00")),
    ],
}
