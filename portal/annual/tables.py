"""The roll-up's cells as the lines of a table, named and ordered, with small numbers of
victims masked for readers outside the mission. The annual review page, its PDF, the XLSX
and CSV exports and the embassy's country share all read these lines."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.annual.rollup import IndicatorFigure, indicator_rollup
from portal.annual.suppression import mask_count, victim_threshold
from portal.extensions import db
from portal.indicators.models import BreakdownCategory, Indicator
from portal.indicators.models.indicator import IndicatorKind, RollupRule
from portal.programme.models import Component


@dataclass
class IndicatorLine:
    """One line of an indicator table: an indicator's total (category None) or one breakdown
    category, for all countries (country_code None) or one."""

    year: int
    indicator: Indicator
    category: BreakdownCategory | None
    country_code: str | None
    figure: IndicatorFigure
    actual: object = None  # a Decimal, a Masked figure, or None when nothing was reported

    @property
    def component(self):
        return self.indicator.component

    @property
    def target(self):
        return self.figure.target

    @property
    def is_total(self):
        return self.category is None

    @property
    def share_of_target(self):
        if not isinstance(self.actual, Decimal) or self.target is None or self.target <= 0:
            return None
        return self.actual / self.target

    @property
    def may_double_count(self):
        return self.indicator.rollup == RollupRule.PEOPLE


@dataclass
class Catalogue:
    """The indicators and breakdown categories, loaded once for a whole table."""

    indicators: dict
    categories: dict

    @classmethod
    def load(cls):
        indicators = db.session.scalars(
            select(Indicator).join(Indicator.component)
            .options(selectinload(Indicator.component), selectinload(Indicator.breakdowns))
            .order_by(Component.position, Indicator.position, Indicator.code)
        ).all()
        categories = db.session.scalars(
            select(BreakdownCategory).options(selectinload(BreakdownCategory.dimension))).all()
        return cls({i.id: i for i in indicators}, {c.id: c for c in categories})

    def order(self, figure):
        """Component, indicator, country (all countries first), then breakdown and category."""
        indicator = self.indicators[figure.indicator_id]
        category = self.categories.get(figure.category_id)
        return (
            indicator.component.position, indicator.position, indicator.code,
            figure.country_code or "", category is not None,
            (category.dimension.position, category.position) if category else (0, 0),
        )


def indicator_lines(year, filters=None, by_country=False, user=None, masked=False, catalogue=None):
    """The indicator table of a programme year, in reading order. With `masked`, victim counts
    below the mission's threshold are masked with their complementary cells."""
    catalogue = catalogue or Catalogue.load()
    figures = indicator_rollup(year, filters, by=("country",) if by_country else (), user=user)
    figures = [f for f in figures if f.indicator_id in catalogue.indicators]
    figures.sort(key=catalogue.order)
    lines = [
        IndicatorLine(year, catalogue.indicators[f.indicator_id], catalogue.categories.get(f.category_id),
                      f.country_code, f, _shown_value(catalogue.indicators[f.indicator_id], f))
        for f in figures
    ]
    if masked:
        _mask_victim_counts(lines, victim_threshold())
    return lines


def _shown_value(indicator, figure):
    if indicator.kind == IndicatorKind.PERCENTAGE:
        return figure.percentage
    return figure.actual


def _mask_victim_counts(lines, threshold):
    """Each breakdown of a victim count, per country, masked with its total (see suppression)."""
    scopes = defaultdict(list)
    for line in lines:
        if line.indicator.counts_victims:
            scopes[(line.indicator.id, line.country_code)].append(line)
    for scope_lines in scopes.values():
        total_line = next((line for line in scope_lines if line.is_total), None)
        breakdowns = defaultdict(dict)
        for line in scope_lines:
            if not line.is_total:
                breakdowns[line.category.dimension_id][line.category.id] = line.actual
        total, parts = mask_count(total_line.actual if total_line else None, breakdowns, threshold)
        for line in scope_lines:
            if not line.is_total:
                line.actual = parts[line.category.id]
        if total_line is not None:
            total_line.actual = total
