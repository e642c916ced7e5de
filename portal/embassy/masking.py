"""Counts of victims as each reader may see them on the pages of one grant or one report, and on
the country page.

The mission sees exact figures, and so does the partner who reported them; any other reader (an
embassy of one of the grant's countries) sees counts of victims below the mission's threshold as
"< 5", and the figure hidden beside them so that none can be worked out as "x"
(portal.annual.suppression). Each breakdown is judged whole, as the indicator tables judge it:
per indicator, per country scope (the whole grant or one country), per dimension, each against
the exact total.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from portal.annual.rollup import Filters
from portal.annual.suppression import (
    SUPPRESSION_NOTE,
    is_masked,
    mask_count,
    masks_for,
    victim_threshold,
)
from portal.annual.tables import indicator_lines
from portal.extensions import db
from portal.indicators.models import BreakdownDimension, Indicator


def masks_grant(user, grant):
    """Whether this reader gets the victim counts of this grant masked."""
    if not masks_for(user):
        return False
    return not (user.is_partner and grant.organisation_id in user.organisation_ids)


# --- the grant page ----------------------------------------------------------------------------


@dataclass
class IndicatorFigures:
    """One indicator of a grant, from its accepted reports: the whole grant's total and the
    line of each breakdown category, masked as the reader must see them."""

    total: object = None  # a Decimal, a Masked figure, or None
    categories: list = field(default_factory=list)  # IndicatorLine


@dataclass
class GrantFigures:
    by_indicator: dict  # indicator id -> IndicatorFigures
    suppression_note: str | None = None  # when something is masked

    def get(self, indicator_id):
        return self.by_indicator.get(indicator_id)


def grant_figures(grant, user):
    """The grant's figures for the whole grant (not per country), per indicator."""
    masked = masks_grant(user, grant)
    threshold = victim_threshold() if masked else None
    year = grant.proposal.call.programme_year.year
    lines = indicator_lines(year, Filters(grant_id=grant.id), user=user, masked=masked)
    by_indicator = {}
    for line in lines:
        entry = by_indicator.setdefault(line.indicator.id, IndicatorFigures())
        if line.is_total:
            entry.total = line.actual
        else:
            entry.categories.append(line)
    note = suppression_note(threshold) if any(is_masked(line.actual) for line in lines) else None
    return GrantFigures(by_indicator, note)


def suppression_note(threshold):
    return SUPPRESSION_NOTE % {"threshold": threshold}


# --- the report pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value of a report: its indicator's total (dimension None) or one category of it."""

    key: object
    indicator: object
    country: str | None
    dimension: str | None
    category: str | None  # the category's code: the same key, so the same mask, on every page
    value: Decimal | None


def masked_cells(cells, threshold):
    """The cells to mask among victim counts given in the catalogue's order, as {key: Masked}:
    "< 5" where small, "x" where hidden so that a small one cannot be worked out."""
    groups = defaultdict(list)
    for cell in cells:
        groups[(cell.indicator, cell.country)].append(cell)
    masked = {}
    for group in groups.values():
        total_cell = next((cell for cell in group if cell.dimension is None), None)
        breakdowns = defaultdict(dict)
        for cell in group:
            if cell.dimension is not None:
                breakdowns[cell.dimension][cell.key] = cell.value
        total, parts = mask_count(total_cell.value if total_cell else None, breakdowns, threshold)
        masked.update({key: part for key, part in parts.items() if is_masked(part)})
        if total_cell is not None and is_masked(total):
            masked[total_cell.key] = total
    return masked


def masked_report_values(report, user):
    """The report's values this reader may not see, as {value id: Masked}."""
    if not masks_grant(user, report.grant):
        return {}
    threshold = victim_threshold()
    values = sorted((v for v in report.indicator_values if v.indicator.counts_victims), key=lambda v: (
        (v.category.dimension.position, v.category.position) if v.category else (0, 0)))
    cells = [Cell(v.id, v.indicator_id, v.country_code, v.category.dimension.code if v.category else None,
                  v.category.code if v.category else None, v.value) for v in values]
    return masked_cells(cells, threshold)


def masked_snapshot(snapshot, grant, user):
    """A submitted version of a report as this reader may see it: a copy with the values to
    mask replaced by Masked figures (the stored snapshot never changes)."""
    if not masks_grant(user, grant) or not snapshot.get("indicator_values"):
        return snapshot
    threshold = victim_threshold()
    victims = set(db.session.scalars(select(Indicator.code).where(Indicator.counts_victims)))
    positions = dict(db.session.execute(select(BreakdownDimension.code, BreakdownDimension.position)).all())
    values = snapshot["indicator_values"]
    cells = []
    for index, value in enumerate(values):
        if value["indicator"] not in victims:
            continue
        dimension, _, category = (value.get("category") or "").partition(":")
        number = value.get("value")
        cells.append(Cell(index, value["indicator"], value.get("country"), dimension or None, category or None,
                          Decimal(number) if number is not None else None))
    cells.sort(key=lambda cell: positions.get(cell.dimension, 0) if cell.dimension else 0)
    masked = masked_cells(cells, threshold)
    if not masked:
        return snapshot
    shown = [{**value, "value": masked[index]} if index in masked else value for index, value in enumerate(values)]
    return {**snapshot, "indicator_values": shown}
