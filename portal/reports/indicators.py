"""Which indicator values a report gives, and the rule that breakdowns covering everybody
counted (sex, age group) add up to the total."""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.indicators.models import BreakdownDimension, Indicator, IndicatorKind
from portal.programme.models import Component

# Only numbers add up; a percentage is two terms and a text is a text.
SUMMED_KINDS = {IndicatorKind.COUNT, IndicatorKind.CURRENCY}


@dataclass(frozen=True)
class ValueRow:
    """One value a report may give: an indicator's total or one breakdown category, for the
    whole grant or one of its countries."""

    indicator: Indicator
    category: object = None  # a BreakdownCategory, or None for the total
    country: object = None  # a Country, or None for the whole grant

    @property
    def key(self):
        return value_key(self.indicator.id, self.category.id if self.category else None,
                         self.country.code if self.country else None)


def value_key(indicator_id, category_id, country_code):
    return (indicator_id, category_id or None, country_code or None)


def report_indicators(grant):
    """The catalogue's indicators of the grant's components that are still in use."""
    component_ids = [c.id for c in grant.proposal.components]
    return db.session.scalars(
        select(Indicator).join(Indicator.component)
        .where(Indicator.component_id.in_(component_ids or [-1]), Indicator.is_retired.is_(False))
        # Their breakdowns and categories in two queries, not two for each indicator.
        .options(selectinload(Indicator.breakdowns).selectinload(BreakdownDimension.categories))
        .order_by(Component.position, Indicator.position)
    ).all()


def value_scopes(grant):
    """None for the whole grant, then each country of a regional grant (reported optionally)."""
    proposal = grant.proposal
    return [None] + (list(proposal.countries) if proposal.scope == "regional" else [])


def value_rows(grant):
    rows = []
    for indicator in report_indicators(grant):
        for country in value_scopes(grant):
            rows.append(ValueRow(indicator, None, country))
            for dimension in indicator.breakdowns:
                rows.extend(ValueRow(indicator, category, country) for category in dimension.categories)
    return rows


def breakdown_problems(report):
    """For every indicator and scope, each breakdown that covers the whole must add up to the
    total: one message per breakdown that does not, naming the indicator and the breakdown."""
    values = {value_key(v.indicator_id, v.category_id, v.country_code): v.value for v in report.indicator_values}
    problems = []
    for indicator in report_indicators(report.grant):
        if indicator.kind not in SUMMED_KINDS:
            continue
        for country in value_scopes(report.grant):
            code = country.code if country else None
            whole = values.get(value_key(indicator.id, None, code))
            for dimension in indicator.breakdowns:
                if not dimension.covers_whole:
                    continue
                parts = [values.get(value_key(indicator.id, c.id, code)) for c in dimension.categories]
                given = [part for part in parts if part is not None]
                if not given:
                    continue  # not broken down: nothing to add up
                problem = _sum_problem(indicator, dimension, country, sum(given), whole)
                if problem:
                    problems.append(problem)
    return problems


def _sum_problem(indicator, dimension, country, parts, whole):
    where = country.name if country else _l("whole grant")
    if whole is None:
        return _l("%(indicator)s, breakdown by %(breakdown)s (%(where)s): give the total; the parts add up "
                  "to %(parts)s.", indicator=f"{indicator.code} {indicator.name}", breakdown=dimension.name,
                  where=where, parts=format_decimal(parts))
    if parts != whole:
        return _l("%(indicator)s, breakdown by %(breakdown)s (%(where)s): the parts add up to %(parts)s, "
                  "not to the total of %(total)s.", indicator=f"{indicator.code} {indicator.name}",
                  breakdown=dimension.name, where=where, parts=format_decimal(parts), total=format_decimal(whole))
    return None
