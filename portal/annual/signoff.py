"""The signed-off figures of a year, frozen, and how today's figures differ from them.

A snapshot is a flat mapping from a key naming one figure ("money|component|C1|committed",
"indicator|C3.2|sex:female|RS|actual") to its exact value as text. Keys use codes, so the
differences can be named in the reader's language when they are shown."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import Organisation
from portal.core.i18n import country_name, translated
from portal.extensions import db
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component

SEPARATOR = "|"
MONEY_MEASURES = ("committed", "paid", "spent")
MEASURE_TITLES = {
    "committed": _l("committed"), "paid": _l("paid"), "spent": _l("spent"), "planned": _l("planned"),
    "actual": _l("actual"), "target": _l("target"),
}


def _text(value):
    return "" if value is None else str(value)


def take_snapshot(review):
    """The exact figures of an unmasked review, keyed by what they are."""
    figures = {}

    def money(kind, code, figure):
        for measure in MONEY_MEASURES:
            figures[SEPARATOR.join(("money", kind, code, measure))] = _text(getattr(figure, measure))

    money("total", "", review.money_total)
    for component, figure in review.money_by_component:
        money("component", component.code, figure)
    for country_code, figure in review.money_by_country:
        money("country", country_code, figure)
    for organisation, figure in review.money_by_partner:
        money("partner", str(organisation.id), figure)
    for row in review.programming:
        key = ("programming", row.component.code, row.country.code if row.country else "",
               row.priority.code if row.priority else "", "planned")
        figures[SEPARATOR.join(key)] = _text(row.planned)
    for line in [*review.indicators, *(review.indicators_by_country or [])]:
        category = f"{line.category.dimension.code}:{line.category.code}" if line.category else ""
        base = ("indicator", line.indicator.code, category, line.country_code or "")
        figures[SEPARATOR.join((*base, "actual"))] = _text(line.figure.actual if line.figure.actual is not None
                                                           else line.figure.percentage)
        figures[SEPARATOR.join((*base, "target"))] = _text(line.figure.target)
    names = {f"partner{SEPARATOR}{organisation.id}": organisation.name for organisation, _ in review.money_by_partner}
    names.update({f"priority{SEPARATOR}{row.priority.code}": row.priority.names
                  for row in review.programming if row.priority})
    return {"version": 1, "figures": figures, "names": names}


@dataclass
class Difference:
    key: str
    label: str
    measure: str
    signed: Decimal | None
    now: Decimal | None

    @property
    def is_money(self):
        return self.key.startswith(("money", "programming"))

    @property
    def change(self):
        if self.signed is None or self.now is None:
            return None
        return self.now - self.signed


def differences(snapshot, review):
    """Every figure that changed since the sign-off, appeared or disappeared, named."""
    signed = snapshot.get("figures", {})
    now = take_snapshot(review)["figures"]
    changed = sorted(key for key in signed.keys() | now.keys() if signed.get(key, "") != now.get(key, ""))
    names = _Names(snapshot.get("names", {}))
    return [
        Difference(key, names.label(key), str(MEASURE_TITLES.get(key.rsplit(SEPARATOR, 1)[-1], "")),
                   _decimal(signed.get(key)), _decimal(now.get(key)))
        for key in changed
    ]


def _decimal(text):
    return Decimal(text) if text else None


class _Names:
    """Names of what the keys' codes stand for, in the reader's language."""

    def __init__(self, signed_names):
        self.signed_names = signed_names
        self.components = {c.code: c.name for c in db.session.scalars(select(Component))}
        self.indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
        self.categories = {
            f"{dimension.code}:{category.code}": category.name
            for category, dimension in db.session.execute(
                select(BreakdownCategory, BreakdownDimension).join(BreakdownCategory.dimension))
        }

    def label(self, key):
        parts = key.split(SEPARATOR)
        kind = parts[0]
        if kind == "money":
            _money, scope, code, _measure = parts
            if scope == "total":
                return str(_l("All grants"))
            if scope == "component":
                return self.components.get(code, code)
            if scope == "country":
                return country_name(code)
            return self._partner(code)
        if kind == "programming":
            _programming, component, country, priority, _measure = parts
            where = country_name(country) if country else self._priority(priority) if priority else ""
            label = str(_l("Programming: %(component)s", component=self.components.get(component, component)))
            return f"{label} · {where}" if where else label
        _indicator, code, category, country, _measure = parts
        indicator = self.indicators.get(code)
        label = f"{code} {indicator.name}" if indicator else code
        if category:
            label += f" · {self.categories.get(category, category)}"
        if country:
            label += f" · {country_name(country)}"
        return label

    def _partner(self, organisation_id):
        organisation = db.session.get(Organisation, int(organisation_id))
        if organisation is not None:
            return organisation.name
        return self.signed_names.get(f"partner{SEPARATOR}{organisation_id}", organisation_id)

    def _priority(self, code):
        # Priorities belong to one year: their names travel in the snapshot.
        return translated(self.signed_names.get(f"priority{SEPARATOR}{code}", {})) or code
