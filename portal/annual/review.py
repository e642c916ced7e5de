"""The annual review of a programme year: programming against what was committed and spent,
money by component, country and partner, indicators against targets, reports still to come,
and the differences from the figures the mission signed off.

The page, its PDF and the sign-off read the same `AnnualReview`."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.annual.models import ProgrammingLine, YearSignoff
from portal.annual.rollup import AWAITING, Filters, MoneyFigure, money_rollup, report_tally, year_grants
from portal.annual.signoff import differences
from portal.annual.tables import Catalogue, indicator_lines
from portal.auth.models import Organisation
from portal.core.money import ZERO, to_money
from portal.extensions import db
from portal.grants.models import Grant
from portal.programme.models import Component, Country, Priority
from portal.reports.models import Report


@dataclass
class ProgrammingRow:
    """A planned envelope beside what the year's grants committed and spent within it."""

    component: Component
    country: Country | None
    priority: Priority | None
    planned: Decimal
    actual: MoneyFigure

    @property
    def committed_share(self):
        return self.actual.committed / self.planned if self.planned else None


@dataclass
class AnnualReview:
    programme_year: object
    filters: Filters
    programming: list
    money_total: MoneyFigure
    money_by_component: list  # (Component, MoneyFigure)
    money_by_country: list  # (country code, MoneyFigure)
    money_by_partner: list  # (Organisation, MoneyFigure)
    money_by_priority: list  # (Priority, MoneyFigure)
    indicators: list  # IndicatorLine, every country together
    indicators_by_country: list | None  # IndicatorLine, per country; None when not asked for
    tally: object
    late_reports: list
    awaiting_reports: list
    signoff: YearSignoff | None = None
    differences: list = field(default_factory=list)

    @property
    def year(self):
        return self.programme_year.year

    @property
    def planned_total(self):
        whole = [row.planned for row in self.programming if row.country is None and row.priority is None]
        return to_money(sum(whole, ZERO)) if whole else self.programme_year.envelope_eur

    @property
    def has_people_indicators(self):
        return any(line.may_double_count for line in self.indicators)


def build_review(programme_year, today, user=None, filters=None, masked=False, by_country=True, reports_shown=None):
    """The review of a year. Without `by_country`, the indicators per country (the costliest
    roll-up) are left out unless the differences from a sign-off need them; with
    `reports_shown`, only the first reports late or awaiting acceptance are loaded (the tally
    counts them all)."""
    filters = filters or Filters()
    year = programme_year.year
    signoff = latest_signoff(programme_year)
    compares = signoff is not None and not masked and filters == Filters()
    money_by_components = money_by_component(year, filters, user)
    by_component = {component.id: figure for component, figure in money_by_components}
    totals = money_rollup(year, filters, user=user)
    catalogue = Catalogue.load()
    review = AnnualReview(
        programme_year=programme_year,
        filters=filters,
        programming=_programming(programme_year, filters, user, by_component),
        money_total=totals[0] if totals else MoneyFigure(),
        money_by_component=money_by_components,
        money_by_country=sorted(((f.key[0], f) for f in money_rollup(year, filters, by=("country",), user=user)),
                                key=lambda pair: pair[0]),
        money_by_partner=money_by_partner(year, filters, user),
        money_by_priority=_by_priority(programme_year, filters, user),
        indicators=indicator_lines(year, filters, user=user, masked=masked, catalogue=catalogue),
        indicators_by_country=indicator_lines(year, filters, by_country=True, user=user, masked=masked,
                                              catalogue=catalogue) if by_country or compares else None,
        tally=report_tally(year, today, filters, user=user),
        late_reports=_reports(year, filters, user, Report.late_condition(today), reports_shown),
        awaiting_reports=_reports(year, filters, user, Report.status.in_(AWAITING), reports_shown),
    )
    review.signoff = signoff
    if compares:
        # Differences are the mission's: figures of the whole year, exact.
        review.differences = differences(signoff.snapshot, review)
    return review


def latest_signoff(programme_year):
    return db.session.scalar(
        select(YearSignoff).where(YearSignoff.programme_year_id == programme_year.id)
        .order_by(YearSignoff.signed_at.desc(), YearSignoff.id.desc()).limit(1))


def programming_lines(programme_year):
    return db.session.scalars(
        select(ProgrammingLine).where(ProgrammingLine.programme_year_id == programme_year.id)
        .options(selectinload(ProgrammingLine.component), selectinload(ProgrammingLine.country),
                 selectinload(ProgrammingLine.priority))
        .join(ProgrammingLine.component)
        .order_by(Component.position, ProgrammingLine.country_code.is_not(None), ProgrammingLine.country_code,
                  ProgrammingLine.priority_id.is_not(None), ProgrammingLine.priority_id)
    ).all()


def _programming(programme_year, filters, user, by_component):
    """Each planned line beside the money of the grants within it: the component's, or the
    component's in one country or under one priority."""
    lines = programming_lines(programme_year)
    if filters.component_id:
        lines = [line for line in lines if line.component_id == filters.component_id]
    if filters.country:
        lines = [line for line in lines if line.country_code in (None, filters.country)]
    by_country = by_priority = None
    if any(line.country_code for line in lines):
        by_country = {f.key: f for f in money_rollup(programme_year.year, filters, ("component", "country"), user)}
    if any(line.priority_id for line in lines):
        by_priority = {f.key: f for f in money_rollup(programme_year.year, filters, ("component", "priority"), user)}
    rows = []
    for line in lines:
        if line.country_code:
            actual = by_country.get((line.component_id, line.country_code))
        elif line.priority_id:
            actual = by_priority.get((line.component_id, line.priority_id))
        else:
            actual = by_component.get(line.component_id)
        rows.append(ProgrammingRow(line.component, line.country, line.priority, line.amount_eur,
                                   actual or MoneyFigure()))
    return rows


def money_by_component(year, filters, user):
    """(Component, MoneyFigure) pairs in the components' order."""
    components = {c.id: c for c in db.session.scalars(select(Component))}
    figures = money_rollup(year, filters, by=("component",), user=user)
    return sorted(((components[f.key[0]], f) for f in figures), key=lambda pair: pair[0].position)


def money_by_partner(year, filters, user):
    """(Organisation, MoneyFigure) pairs, the largest commitment first."""
    figures = money_rollup(year, filters, by=("organisation",), user=user)
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_([f.key[0] for f in figures] or [-1])))}
    return sorted(((organisations[f.key[0]], f) for f in figures), key=lambda pair: (-pair[1].committed, pair[0].name))


def _by_priority(programme_year, filters, user):
    figures = {f.key[0]: f for f in money_rollup(programme_year.year, filters, by=("priority",), user=user)}
    return [(priority, figures[priority.id]) for priority in programme_year.priorities if priority.id in figures]


def _reports(year, filters, user, condition, limit=None):
    return db.session.scalars(
        select(Report).where(Report.grant_id.in_(year_grants(year, filters, user)), condition)
        .options(selectinload(Report.grant).selectinload(Grant.organisation))
        .order_by(Report.due_date, Report.id).limit(limit)
    ).all()

