"""Builds the demo programme in an empty database."""

from sqlalchemy import func, select

from portal.annual.models import ProgrammingLine
from portal.auth import two_factor
from portal.auth.models import Membership, Organisation, User
from portal.auth.passwords import set_password
from portal.core.db import utcnow
from portal.core.i18n import country_name
from portal.demo.organisations import ORGANISATIONS
from portal.demo.people import EMBASSY_EMAIL, MISSION_STAFF, REVIEWERS
from portal.demo.programme import PRIORITIES, PROGRAMME_YEARS, PROGRAMMING
from portal.demo.reporting import load_reporting
from portal.demo.selection import load_selection_round
from portal.extensions import db
from portal.indicators.seed import load_indicator_catalogue
from portal.programme.models import Component, Country, Priority, ProgrammeYear
from portal.programme.reference_data import load_reference_data

# Every demo account shares this password; it passes the portal's own password rules.
DEMO_PASSWORD = "demo-Tirana-Vienna-2026"  # noqa: S105


def database_is_empty():
    return not db.session.scalar(select(func.count(User.id)))


def load_demo():
    """Create the demo programme. Commits."""
    load_reference_data()
    load_indicator_catalogue()
    for year, envelope in PROGRAMME_YEARS.items():
        programme_year = ProgrammeYear(year=year, envelope_eur=envelope)
        programme_year.priorities = [
            Priority(code=code, names=names, position=position)
            for position, (code, names) in enumerate(PRIORITIES[year], start=1)
        ]
        db.session.add(programme_year)
        _plan(programme_year)
    for email, name, locale in MISSION_STAFF:
        _person(email, name, "mission", locale, two_factor_on=True)
    for email, name, locale in REVIEWERS:
        _person(email, name, "reviewer", locale, two_factor_on=True)
    for country in db.session.scalars(select(Country).order_by(Country.code)):
        _person(
            EMBASSY_EMAIL.format(code=country.code.lower()),
            f"Ambassade de France – {country_name(country.code, 'fr')}",
            "embassy",
            "fr",
            country_code=country.code,
            timezone=country.timezone,
        )
    for name, acronym, kind, country_code, city, locale, contact in ORGANISATIONS:
        organisation = Organisation(
            name=name, acronym=acronym, kind=kind, country_code=country_code, city=city,
            locale=locale,
        )
        db.session.add(organisation)
        country = db.session.get(Country, country_code)
        user = _person(
            partner_email(name), contact, "partner", locale if locale in country.languages else country.languages[0],
            timezone=country.timezone,
        )
        db.session.add(Membership(user=user, organisation=organisation, is_manager=True))
    db.session.flush()
    load_selection_round()
    load_reporting()
    db.session.commit()


def _plan(programme_year):
    components = {c.code: c for c in db.session.scalars(select(Component))}
    priorities = {p.code: p for p in programme_year.priorities}
    for component, country, priority, amount in PROGRAMMING[programme_year.year]:
        db.session.add(ProgrammingLine(programme_year=programme_year, component=components[component],
                                       country_code=country, priority=priorities.get(priority), amount_eur=amount))


def partner_email(organisation_name):
    slug = "".join(ch for ch in organisation_name.lower() if ch.isascii() and ch.isalnum())
    return f"contact@{slug[:24]}.example"


def _person(email, name, role, locale, *, two_factor_on=False, country_code=None,
            timezone="Europe/Paris"):
    user = User(email=email, name=name, role=role, locale=locale, country_code=country_code,
                timezone=timezone)
    set_password(user, DEMO_PASSWORD)
    if two_factor_on:
        user.totp_secret = two_factor.new_secret()
        user.totp_enabled_at = utcnow()
    db.session.add(user)
    return user


def demo_logins():
    """One account of each role to try the portal with: (role, email, totp secret)."""
    examples = [
        ("mission", MISSION_STAFF[0][0]),
        ("reviewer", REVIEWERS[0][0]),
        ("embassy", EMBASSY_EMAIL.format(code="rs")),
        ("partner", partner_email("Atina")),
        ("partner", partner_email("Caritas Albania")),
    ]
    logins = []
    for role, email in examples:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            logins.append((role, user.email, user.totp_secret))
    return logins
