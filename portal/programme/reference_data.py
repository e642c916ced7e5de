"""The reference data the portal starts with. Loaded once; the mission edits it afterwards."""

from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.programme.models import Component, Country, CountryCurrency, Currency

# code: (languages partners write in, time zone, [(currency, valid from)])
COUNTRIES = {
    "AL": (["sq"], "Europe/Tirane", [("ALL", None)]),
    "BA": (["bs", "hr", "sr"], "Europe/Sarajevo", [("BAM", None)]),
    "BG": (["bg"], "Europe/Sofia", [("BGN", None), ("EUR", date(2026, 1, 1))]),
    "HR": (["hr"], "Europe/Zagreb", [("HRK", None), ("EUR", date(2023, 1, 1))]),
    "CY": (["el", "tr"], "Asia/Nicosia", [("EUR", None)]),
    "GR": (["el"], "Europe/Athens", [("EUR", None)]),
    "HU": (["hu"], "Europe/Budapest", [("HUF", None)]),
    "XK": (["sq", "sr"], "Europe/Belgrade", [("EUR", None)]),
    "MD": (["ro"], "Europe/Chisinau", [("MDL", None)]),
    "ME": (["sr_Latn"], "Europe/Podgorica", [("EUR", None)]),
    "MK": (["mk", "sq"], "Europe/Skopje", [("MKD", None)]),
    "RO": (["ro"], "Europe/Bucharest", [("RON", None)]),
    "RS": (["sr", "sr_Latn"], "Europe/Belgrade", [("RSD", None)]),
    "SI": (["sl"], "Europe/Ljubljana", [("EUR", None)]),
    "TR": (["tr"], "Europe/Istanbul", [("TRY", None)]),
    "UA": (["uk"], "Europe/Kyiv", [("UAH", None)]),
}

COMPONENTS = [
    (
        "C1",
        {"en": "Know", "fr": "Connaître"},
        {
            "en": "Understand how trafficking networks from South-East Europe work: studies, "
            "data, case analysis.",
            "fr": "Comprendre le fonctionnement des réseaux de traite issus de l'Europe du "
            "Sud-Est : études, données, analyse de cas.",
        },
    ),
    (
        "C2",
        {"en": "Prevent", "fr": "Prévenir"},
        {
            "en": "Make vulnerable populations aware of the risk: campaigns, schools, migrants, "
            "children in care.",
            "fr": "Sensibiliser les populations vulnérables au risque : campagnes, écoles, "
            "migrants, enfants placés.",
        },
    ),
    (
        "C3",
        {"en": "Protect & prosecute", "fr": "Protéger et poursuivre"},
        {
            "en": "Protect victims and prosecute perpetrators by building the capacity of "
            "institutions and civil society: shelters, assistance, training of police, "
            "magistrates, labour inspectors and social workers; financial investigations and "
            "asset seizure.",
            "fr": "Protéger les victimes et poursuivre les auteurs en renforçant les capacités "
            "des institutions et de la société civile : hébergement, assistance, formation des "
            "policiers, magistrats, inspecteurs du travail et travailleurs sociaux ; enquêtes "
            "financières et saisie des avoirs.",
        },
    ),
    (
        "C4",
        {"en": "Cooperate", "fr": "Coopérer"},
        {
            "en": "Strengthen institutional partnerships: regional networks of national "
            "coordinators, transnational referral of victims, seminars, expert meetings, "
            "agreements.",
            "fr": "Renforcer les partenariats institutionnels : réseaux régionaux de "
            "coordinateurs nationaux, orientation transnationale des victimes, séminaires, "
            "réunions d'experts, accords.",
        },
    ),
]


def load_reference_data():
    """Insert what is missing; never overwrite what the mission has edited. Flushes."""
    currencies = {c.code for c in db.session.scalars(select(Currency))}
    for _languages, _tz, periods in COUNTRIES.values():
        for code, _since in periods:
            if code not in currencies:
                db.session.add(Currency(code=code))
                currencies.add(code)
    existing = {c.code for c in db.session.scalars(select(Country))}
    for code, (languages, timezone, periods) in COUNTRIES.items():
        if code in existing:
            continue
        country = Country(code=code, languages=languages, timezone=timezone)
        country.currencies = [
            CountryCurrency(currency_code=currency, valid_from=since)
            for currency, since in periods
        ]
        db.session.add(country)
    known_components = {c.code for c in db.session.scalars(select(Component))}
    for position, (code, names, descriptions) in enumerate(COMPONENTS, start=1):
        if code not in known_components:
            db.session.add(
                Component(code=code, names=names, descriptions=descriptions, position=position)
            )
    db.session.flush()
