"""The catalogue the portal starts with: the breakdowns and the examples of the programme
(DOMAIN.md). Loaded once; the mission keeps the catalogue afterwards."""

from sqlalchemy import select

from portal.extensions import db
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country

# code: (names, covers the whole population, [(category code, names)])
DIMENSIONS = {
    "sex": ({"en": "Sex", "fr": "Sexe"}, True, [
        ("female", {"en": "Female", "fr": "Femmes"}),
        ("male", {"en": "Male", "fr": "Hommes"}),
        ("other", {"en": "Other or not stated", "fr": "Autre ou non précisé"}),
    ]),
    "age_group": ({"en": "Age group", "fr": "Tranche d'âge"}, True, [
        ("minor", {"en": "Minors", "fr": "Mineurs"}),
        ("adult", {"en": "Adults", "fr": "Adultes"}),
    ]),
    "exploitation": ({"en": "Type of exploitation", "fr": "Type d'exploitation"}, False, [
        ("sexual", {"en": "Sexual exploitation", "fr": "Exploitation sexuelle"}),
        ("labour", {"en": "Labour exploitation", "fr": "Exploitation par le travail"}),
        ("criminality", {"en": "Forced criminality", "fr": "Criminalité forcée"}),
        ("begging", {"en": "Forced begging", "fr": "Mendicité forcée"}),
        ("marriage", {"en": "Forced marriage", "fr": "Mariage forcé"}),
        ("other", {"en": "Other", "fr": "Autre"}),
    ]),
    "nationality": ({"en": "Nationality", "fr": "Nationalité"}, False, [
        ("national", {"en": "Nationals", "fr": "Ressortissants nationaux"}),
        ("foreign", {"en": "Foreigners", "fr": "Étrangers"}),
    ]),
    "profession": ({"en": "Profession of people trained", "fr": "Profession des personnes formées"}, False, [
        ("police", {"en": "Police", "fr": "Policiers"}),
        ("magistrate", {"en": "Magistrates and prosecutors", "fr": "Magistrats et procureurs"}),
        ("labour_inspector", {"en": "Labour inspectors", "fr": "Inspecteurs du travail"}),
        ("social_worker", {"en": "Social workers", "fr": "Travailleurs sociaux"}),
        ("border_guard", {"en": "Border guards", "fr": "Garde-frontières"}),
        ("ngo_staff", {"en": "NGO staff", "fr": "Personnel d'associations"}),
        ("other", {"en": "Other", "fr": "Autre"}),
    ]),
    "participant_country": ({"en": "Country of participants", "fr": "Pays des participants"}, False, []),
}

PEOPLE = {"en": "people", "fr": "personnes"}

# (code, component, names, unit, kind, rollup, breakdowns, counts victims)
INDICATORS = [
    ("C1.1", "C1", {"en": "Studies or analyses published", "fr": "Études ou analyses publiées"},
     {"en": "publications", "fr": "publications"}, "count", "sum", [], False),
    ("C1.2", "C1", {"en": "Cases analysed", "fr": "Cas analysés"},
     {"en": "cases", "fr": "cas"}, "count", "sum", ["exploitation"], False),
    ("C2.1", "C2", {"en": "Awareness sessions held", "fr": "Séances de sensibilisation organisées"},
     {"en": "sessions", "fr": "séances"}, "count", "sum", [], False),
    ("C2.2", "C2", {"en": "People reached", "fr": "Personnes sensibilisées"},
     PEOPLE, "count", "sum", ["sex", "age_group"], False),
    ("C3.1", "C3", {"en": "Victims identified", "fr": "Victimes identifiées"},
     PEOPLE, "count", "people", ["sex", "age_group", "exploitation", "nationality"], True),
    ("C3.2", "C3", {"en": "Victims assisted", "fr": "Victimes assistées"},
     PEOPLE, "count", "people", ["sex", "age_group", "exploitation", "nationality"], True),
    ("C3.3", "C3", {"en": "Professionals trained", "fr": "Professionnels formés"},
     PEOPLE, "count", "sum", ["sex", "profession"], False),
    ("C3.4", "C3", {"en": "Shelter places", "fr": "Places d'hébergement"},
     {"en": "places", "fr": "places"}, "count", "latest", [], False),
    ("C4.1", "C4", {"en": "Regional meetings held", "fr": "Réunions régionales organisées"},
     {"en": "meetings", "fr": "réunions"}, "count", "sum", [], False),
    ("C4.2", "C4", {"en": "Participants", "fr": "Participants"},
     PEOPLE, "count", "sum", ["sex", "participant_country"], False),
    ("C4.3", "C4", {"en": "Transnational referrals", "fr": "Orientations transnationales"},
     {"en": "referrals", "fr": "orientations"}, "count", "sum", ["exploitation"], True),
    ("C4.4", "C4", {"en": "Agreements signed", "fr": "Accords signés"},
     {"en": "agreements", "fr": "accords"}, "count", "sum", [], False),
]


def load_indicator_catalogue():
    """Insert the missing dimensions and indicators; never change existing ones. Flushes."""
    country_codes = sorted(db.session.scalars(select(Country.code)))
    dimensions = {d.code: d for d in db.session.scalars(select(BreakdownDimension))}
    for position, (code, (names, covers_whole, categories)) in enumerate(DIMENSIONS.items(), 1):
        if code in dimensions:
            continue
        if code == "participant_country":
            categories = [(c, {}) for c in country_codes]  # named by Babel, in every language
        dimension = BreakdownDimension(code=code, names=names, covers_whole=covers_whole,
                                       position=position)
        dimension.categories = [
            BreakdownCategory(code=c, names=n, position=p) for p, (c, n) in enumerate(categories, 1)
        ]
        db.session.add(dimension)
        dimensions[code] = dimension
    components = {c.code: c for c in db.session.scalars(select(Component))}
    known = set(db.session.scalars(select(Indicator.code)))
    for position, (code, component, names, unit, kind, rollup, breakdowns, victims) in enumerate(
        INDICATORS, 1
    ):
        if code in known:
            continue
        db.session.add(Indicator(
            code=code, component=components[component], names=names, unit=unit, kind=kind,
            rollup=rollup, counts_victims=victims, position=position,
            breakdowns=[dimensions[b] for b in breakdowns],
        ))
    db.session.flush()
