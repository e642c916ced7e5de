"""Every change to the reference data. Operations flush; the request commits once at its end.

Each raises OperationRefused, with a translated message, when a rule of the domain says no,
and records what it changed in the audit log.
"""

from decimal import Decimal
from zoneinfo import available_timezones

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit
from portal.core.errors import OperationRefused
from portal.extensions import db
from portal.programme.models import CountryCurrency, Currency, Priority, ProgrammeYear
from portal.programme.queries import is_referenced, iso_currency_codes

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as the programme_years table's check constraint says
MAX_AMOUNT = Decimal("999999999999.99")  # the most NUMERIC(14, 2) holds
CENT = Decimal("0.01")


def _texts(current, changes):
    """Merge edited texts by language into a new dict (JSON columns only see reassignment).

    Languages the form does not show are kept; an emptied language is dropped.
    """
    texts = dict(current or {})
    for language, text in changes.items():
        text = (text or "").strip()
        if text:
            texts[language] = text
        else:
            texts.pop(language, None)
    if not texts.get("en"):
        raise OperationRefused(_l("The English text is required."))
    return texts


# --- components ----------------------------------------------------------------------------


def update_component(component, *, names, descriptions):
    """Change a component's names and descriptions; its code and place stay (C1 to C4)."""
    before = {"names": component.names, "descriptions": component.descriptions}
    component.names = _texts(component.names, names)
    component.descriptions = _texts(component.descriptions, descriptions)
    db.session.flush()
    audit.record("component.edit", component, before=before,
                 after={"names": component.names, "descriptions": component.descriptions})
    return component


# --- programme years -----------------------------------------------------------------------


def _year_state(programme_year):
    envelope = programme_year.envelope_eur
    return {
        "year": programme_year.year,
        "envelope_eur": str(envelope) if envelope is not None else None,  # JSON has no Decimal
        "notes": programme_year.notes,
        "is_closed": programme_year.is_closed,
    }


def _envelope(envelope_eur):
    """The envelope in euros and cents, or None while not yet known."""
    if envelope_eur is None:
        return None
    if not envelope_eur.is_finite() or envelope_eur < 0:
        raise OperationRefused(_l("The envelope cannot be negative."))
    if envelope_eur > MAX_AMOUNT:
        raise OperationRefused(_l("This amount is too large."))
    if envelope_eur.as_tuple().exponent < -2:
        raise OperationRefused(_l("Give the amount with at most two decimals (cents)."))
    return envelope_eur.quantize(CENT)


def create_programme_year(*, year, envelope_eur=None, notes="", is_closed=False):
    """Open a programme year; there is one per calendar year, between 2000 and 2100."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OperationRefused(_l("Give the year in four figures, between 2000 and 2100."))
    envelope_eur = _envelope(envelope_eur)
    with db.session.no_autoflush:
        taken = db.session.scalar(select(func.count(ProgrammeYear.id)).where(ProgrammeYear.year == year))
    if taken:
        raise OperationRefused(_l("The programme year %(year)s already exists.", year=year))
    programme_year = ProgrammeYear(
        year=year, envelope_eur=envelope_eur, notes=(notes or "").strip(), is_closed=is_closed
    )
    db.session.add(programme_year)
    db.session.flush()
    audit.record("programme_year.create", programme_year, after=_year_state(programme_year))
    return programme_year


def update_programme_year(programme_year, *, envelope_eur, notes, is_closed):
    envelope_eur = _envelope(envelope_eur)
    before = _year_state(programme_year)
    programme_year.envelope_eur = envelope_eur
    programme_year.notes = (notes or "").strip()
    programme_year.is_closed = is_closed
    db.session.flush()
    audit.record("programme_year.edit", programme_year, before=before, after=_year_state(programme_year))
    return programme_year


# --- thematic priorities -------------------------------------------------------------------


def _priority_state(priority):
    return {"year": priority.programme_year.year, "code": priority.code, "names": priority.names,
            "position": priority.position}


def _refuse_duplicate_code(programme_year, code, priority=None):
    if any(other.code == code and other is not priority for other in programme_year.priorities):
        raise OperationRefused(_l("This year already has a priority with the code %(code)s.", code=code))


def _renumber(priorities):
    for position, priority in enumerate(priorities, start=1):
        priority.position = position


def _in_order(programme_year):
    return sorted(programme_year.priorities, key=lambda priority: (priority.position, priority.id or 0))


def add_priority(programme_year, *, code, names):
    """Add a thematic priority at the end of the year's list; codes are unique in a year."""
    code = code.strip().lower()
    _refuse_duplicate_code(programme_year, code)
    priority = Priority(code=code, names=_texts({}, names))
    _renumber(_in_order(programme_year) + [priority])
    programme_year.priorities.append(priority)
    db.session.flush()
    audit.record("priority.create", priority, after=_priority_state(priority))
    return priority


def update_priority(priority, *, code, names):
    code = code.strip().lower()
    _refuse_duplicate_code(priority.programme_year, code, priority)
    before = _priority_state(priority)
    priority.code = code
    priority.names = _texts(priority.names, names)
    db.session.flush()
    audit.record("priority.edit", priority, before=before, after=_priority_state(priority))
    return priority


def move_priority(priority, direction):
    """Swap a priority with its neighbour above ("up") or below ("down"); the ends stay put."""
    if direction not in ("up", "down"):
        raise ValueError(f"unknown direction {direction!r}")
    ordered = _in_order(priority.programme_year)
    index = ordered.index(priority)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return priority
    before = priority.position
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)
    db.session.flush()
    audit.record("priority.move", priority, before={"position": before}, after={"position": priority.position})
    return priority


def delete_priority(priority):
    """Remove a priority from its year, unless anything (a call, a proposal) refers to it."""
    if is_referenced(priority):
        raise OperationRefused(_l("This priority is in use (by a call or a proposal) and cannot be deleted."))
    programme_year = priority.programme_year
    audit.record("priority.delete", priority, before=_priority_state(priority))
    programme_year.priorities.remove(priority)  # delete-orphan removes the row
    _renumber(_in_order(programme_year))
    db.session.flush()


# --- countries and their currencies --------------------------------------------------------


def update_country(country, *, languages, timezone):
    """Set the languages partners there write in and the country's time zone.

    Languages already listed keep their order (most used first); new ones go after them.
    """
    known = current_app.config["LANGUAGES"]
    chosen = [code for code in known if code in set(languages)]
    if not chosen or len(chosen) != len(set(languages)):
        raise OperationRefused(_l("Choose at least one of the portal's languages."))
    if timezone not in available_timezones():
        raise OperationRefused(_l("Choose a time zone from the list."))
    kept = [code for code in country.languages if code in chosen]
    before = {"country": country.code, "languages": country.languages, "timezone": country.timezone}
    country.languages = kept + [code for code in chosen if code not in kept]
    country.timezone = timezone
    db.session.flush()
    # Countries are keyed by their code, which the audit event does not name: it goes in the record.
    audit.record("country.edit", country, before=before,
                 after={"country": country.code, "languages": country.languages, "timezone": timezone})
    return country


def _period_state(period):
    return {
        "country": period.country_code,
        "currency": period.currency_code,
        "valid_from": period.valid_from.isoformat() if period.valid_from else None,
    }


def add_currency_period(country, *, currency_code, valid_from):
    """From `valid_from` on (None: since before the records), the country pays in this currency.

    An unknown currency code is refused; a known one missing from the portal is added.
    Two periods of one country never start on the same day.
    """
    code = currency_code.strip().upper()
    if code not in iso_currency_codes():
        raise OperationRefused(_l("Enter the three-letter ISO 4217 code of a currency, for example EUR."))
    # Checked here: the database's unique constraint lets two "since ever" (NULL) periods through.
    if any(period.valid_from == valid_from for period in country.currencies):
        if valid_from is None:
            raise OperationRefused(_l("This country already has a currency since before the records begin."))
        raise OperationRefused(_l("Another currency period of this country starts on that day."))
    if db.session.get(Currency, code) is None:
        currency = Currency(code=code)
        db.session.add(currency)
        audit.record("currency.create", currency, after={"currency": code})
    period = CountryCurrency(currency_code=code, valid_from=valid_from)
    country.currencies.append(period)
    db.session.flush()
    audit.record("country.currency_period.add", period, after=_period_state(period))
    return period


def remove_currency_period(country, period):
    """Remove one period of a country's currency history; a country keeps at least one."""
    if len(country.currencies) <= 1:
        raise OperationRefused(_l("A country keeps at least one currency."))
    audit.record("country.currency_period.remove", period, before=_period_state(period))
    country.currencies.remove(period)  # delete-orphan removes the row
    db.session.flush()
