"""Reads of the reference data, always through the access policy's scope."""

from functools import cache

from babel import Locale
from flask import current_app
from flask_login import current_user
from sqlalchemy import inspect, literal, select
from sqlalchemy.orm import selectinload

from portal.core.access import scope
from portal.core.forms import TIMEZONES
from portal.core.i18n import currency_name, language_name, locale_tag
from portal.extensions import db
from portal.programme.models import Component, Country, ProgrammeYear


def components():
    return db.session.scalars(scope(current_user, Component).order_by(Component.position)).all()


def countries():
    rows = db.session.scalars(
        scope(current_user, Country).options(selectinload(Country.currencies))
    ).all()
    return sorted(rows, key=lambda country: country.name)


def programme_years():
    return db.session.scalars(
        scope(current_user, ProgrammeYear)
        .options(selectinload(ProgrammeYear.priorities))
        .order_by(ProgrammeYear.year.desc())
    ).all()


def currency_history(country):
    """A country's currency periods, oldest first, "since before the records" at the top.

    Sorted here because PostgreSQL puts NULL dates last and SQLite first.
    """
    return sorted(country.currencies, key=lambda period: (period.valid_from is not None, period.valid_from))


@cache
def iso_currency_codes():
    """The ISO 4217 codes Babel knows, current and historical (HRK, BGN)."""
    return frozenset(Locale("en").currencies)


def currency_options():
    """Every known currency as (code, name in the reader's language), for the code's datalist."""
    return [(code, currency_name(code)) for code in sorted(iso_currency_codes())]


def language_options():
    """The portal's languages, each named in itself and tagged with its own lang attribute."""
    return [
        (code, language_name(code), {"lang": locale_tag(code)})
        for code in current_app.config["LANGUAGES"]
    ]


def timezone_options(current=None):
    zones = list(TIMEZONES)
    if current and current not in zones:
        zones.append(current)  # a zone set outside this list stays selectable
    return [(zone, zone) for zone in zones]


def is_referenced(obj):
    """Whether a row of another table points at this object through a foreign key that does not
    cascade (a call's or a proposal's priorities, say).

    Read from the schema rather than named here, so reference data never imports the domains
    built on it, and a new reference is guarded the day its table exists.
    """
    table = type(obj).__table__
    mapper = inspect(type(obj))
    for other in db.metadata.tables.values():
        for foreign_key in other.foreign_keys:
            if other is table or not foreign_key.references(table) or foreign_key.ondelete == "CASCADE":
                continue
            value = getattr(obj, mapper.get_property_by_column(foreign_key.column).key)
            statement = select(literal(1)).select_from(other).where(foreign_key.parent == value).limit(1)
            if db.session.scalar(statement) is not None:
                return True
    return False
