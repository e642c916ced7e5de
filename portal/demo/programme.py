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
