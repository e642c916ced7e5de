"""The figures of a programme year, computed in the database.

One query layer for every view and export of the year: indicators (targets against accepted
actual values, per indicator and breakdown category, optionally per country) and money
(committed, paid, reported spent, per component, country, priority or partner), for any
filter. Only accepted reports count.

How values add up, first over a grant's periods, then over grants:
- "sum" and "people": summed over periods, then over grants ("people" may count one person
  at several partners: every view that shows them says so);
- "maximum": a grant's largest period, then summed over grants;
- "latest" (stocks such as shelter places): a grant's latest period, then summed over grants;
- percentages add their numerators and denominators the same way, then divide.

Countries: a bilateral grant's whole-grant values belong to its country; a regional grant's
values appear under each country it reported for. Totals over countries count every grant
once, so a country table may add up to more than the total.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from sqlalchemy import and_, case, func, null, or_, select, union_all

from portal.core.access import scope
from portal.core.money import to_money
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Instalment, Proposal
from portal.grants.models.proposal import proposal_components, proposal_countries, proposal_priorities
from portal.indicators.models import Indicator
from portal.indicators.models.indicator import IndicatorKind, RollupRule
from portal.programme.models import ProgrammeYear
from portal.reports.models import FinancialLine, IndicatorValue, Report, ReportStatus

AWAITING = (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Filters:
    """What to look at within a programme year; None means all."""

    component_id: int | None = None
    country: str | None = None
    priority_id: int | None = None
    organisation_id: int | None = None
    grant_id: int | None = None
    call_id: int | None = None


def narrowed(statement, year, filters=None, user=None):
    """Keep, in a statement that joins Grant and Proposal, the rows of the year's grants that
    pass the filters; scoped by the access policy when a user is given (None: everything,
    for the mission's own jobs).

    The conditions go on the joined tables themselves rather than through a list of grant ids:
    PostgreSQL then plans the year's few grants first instead of reading every year's values.
    """
    filters = filters or Filters()
    year_calls = select(Call.id).join(ProgrammeYear, ProgrammeYear.id == Call.programme_year_id).where(
        ProgrammeYear.year == year)
    statement = statement.where(Proposal.call_id.in_(year_calls))
    if filters.component_id:
        statement = statement.where(Proposal.id.in_(select(proposal_components.c.proposal_id).where(
            proposal_components.c.component_id == filters.component_id)))
    if filters.country:
        statement = statement.where(Proposal.id.in_(select(proposal_countries.c.proposal_id).where(
            proposal_countries.c.country_code == filters.country)))
    if filters.priority_id:
        statement = statement.where(Proposal.id.in_(select(proposal_priorities.c.proposal_id).where(
            proposal_priorities.c.priority_id == filters.priority_id)))
    if filters.organisation_id:
        statement = statement.where(Grant.organisation_id == filters.organisation_id)
    if filters.grant_id:
        statement = statement.where(Grant.id == filters.grant_id)
    if filters.call_id:
        statement = statement.where(Proposal.call_id == filters.call_id)
    return scope(user, Grant, statement) if user is not None else statement


def year_grants(year, filters=None, user=None):
    """The ids of the year's grants that pass the filters, as a select (see `narrowed`)."""
    return narrowed(select(Grant.id).join(Proposal, Proposal.id == Grant.proposal_id), year, filters, user)


# --- indicators --------------------------------------------------------------------------------


@dataclass
class IndicatorFigure:
    """One cell of the indicator tables: an indicator's total or one breakdown category, for
    every country together (country None) or one of them."""

    indicator_id: int
    category_id: int | None
    country_code: str | None
    actual: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    grants: int = 0  # grants whose accepted reports give the figure
    target: Decimal | None = None
    baseline: Decimal | None = None

    @property
    def key(self):
        return (self.indicator_id, self.category_id, self.country_code)

    @property
    def percentage(self):
        """For percentage indicators: the ratio of the added terms, in percent."""
        if self.numerator is None or not self.denominator:
            return None
        return (self.numerator * 100 / self.denominator).quantize(HUNDREDTH)

    @property
    def share_of_target(self):
        if self.target is None or self.target <= 0 or self.actual is None:
            return None
        return self.actual / self.target


def indicator_rollup(year, filters=None, by=(), user=None):
    """Targets and accepted actual values of the year's grants, per indicator and breakdown
    category; with "country" in `by`, per country as well (see the module's rules).

    Every row of the result is one cell; aggregation happens in the database in two grouped
    steps (over a grant's periods, then over grants).
    """
    filters = filters or Filters()
    by_country = "country" in by or filters.country is not None
    narrow = partial(narrowed, year=year, filters=filters, user=user)
    actuals = db.session.execute(_actuals(narrow, filters, by_country)).all()
    targets = db.session.execute(_targets(narrow, filters, by_country)).all()
    figures = {}
    for indicator_id, category_id, country, actual, numerator, denominator, count in actuals:
        figures[(indicator_id, category_id, country)] = IndicatorFigure(
            indicator_id, category_id, country, _decimal(actual), _decimal(numerator), _decimal(denominator), count)
    for indicator_id, category_id, country, target, baseline in targets:
        figure = figures.setdefault(
            (indicator_id, category_id, country), IndicatorFigure(indicator_id, category_id, country))
        figure.target, figure.baseline = _decimal(target), _decimal(baseline)
    return list(figures.values())


def _attributed_country(by_country, filters):
    """The country column a value counts under, and the join that gives it.

    A bilateral grant's whole-grant values go to its one country; a regional grant's values
    to the country they were given for.
    """
    if not by_country:
        return null(), IndicatorValue.country_code.is_(None)
    condition = and_(
        proposal_countries.c.proposal_id == Proposal.id,
        or_(
            and_(Proposal.scope == "bilateral", IndicatorValue.country_code.is_(None)),
            and_(Proposal.scope == "regional", IndicatorValue.country_code == proposal_countries.c.country_code),
        ),
    )
    if filters.country:
        condition = and_(condition, proposal_countries.c.country_code == filters.country)
    return proposal_countries.c.country_code, condition


def _accepted_values(narrow, filters, by_country, *columns):
    country, condition = _attributed_country(by_country, filters)
    statement = (
        select(Report.grant_id.label("grant_id"), IndicatorValue.indicator_id.label("indicator_id"),
               IndicatorValue.category_id.label("category_id"), country.label("country_code"), *columns)
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Grant, Grant.id == Report.grant_id)
        .join(Proposal, Proposal.id == Grant.proposal_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Report.status == ReportStatus.ACCEPTED, Indicator.kind != IndicatorKind.TEXT)
    )
    statement = narrow(statement)
    if by_country:
        statement = statement.join(proposal_countries, condition)
    else:
        statement = statement.where(condition)
    if filters.component_id:
        statement = statement.where(Indicator.component_id == filters.component_id)
    return statement


def _actuals(narrow, filters, by_country):
    cell = [Report.grant_id, IndicatorValue.indicator_id, IndicatorValue.category_id]
    if by_country:
        cell.append(proposal_countries.c.country_code)
    per_grant_value = case((Indicator.rollup == RollupRule.MAXIMUM, func.max(IndicatorValue.value)),
                           else_=func.sum(IndicatorValue.value))
    over_periods = _accepted_values(
        narrow, filters, by_country,
        per_grant_value.label("value"), func.sum(IndicatorValue.numerator).label("numerator"),
        func.sum(IndicatorValue.denominator).label("denominator"),
    ).where(Indicator.rollup != RollupRule.LATEST).group_by(*cell, Indicator.rollup)

    # Stocks: the value of each grant's latest period, ranked in a window.
    rank = func.row_number().over(partition_by=cell, order_by=(Report.period_end.desc(), Report.id.desc()))
    ranked = _accepted_values(
        narrow, filters, by_country, IndicatorValue.value.label("value"),
        IndicatorValue.numerator.label("numerator"), IndicatorValue.denominator.label("denominator"),
        rank.label("rank"),
    ).where(Indicator.rollup == RollupRule.LATEST).subquery()
    latest = select(ranked.c.grant_id, ranked.c.indicator_id, ranked.c.category_id, ranked.c.country_code,
                    ranked.c.value, ranked.c.numerator, ranked.c.denominator).where(ranked.c.rank == 1)

    per_grant = union_all(over_periods, latest).subquery()
    return (
        select(per_grant.c.indicator_id, per_grant.c.category_id, per_grant.c.country_code,
               func.sum(per_grant.c.value), func.sum(per_grant.c.numerator), func.sum(per_grant.c.denominator),
               func.count(per_grant.c.grant_id))
        .group_by(per_grant.c.indicator_id, per_grant.c.category_id, per_grant.c.country_code)
    )


def _targets(narrow, filters, by_country):
    statement = (
        select(IndicatorTarget.indicator_id, IndicatorTarget.category_id,
               proposal_countries.c.country_code if by_country else null(),
               func.sum(IndicatorTarget.target), func.sum(IndicatorTarget.baseline))
        .join(Grant, Grant.proposal_id == IndicatorTarget.proposal_id)
        .join(Proposal, Proposal.id == Grant.proposal_id)
        .join(Indicator, Indicator.id == IndicatorTarget.indicator_id)
    )
    statement = narrow(statement)
    if by_country:
        statement = statement.join(proposal_countries, proposal_countries.c.proposal_id == Grant.proposal_id)
        if filters.country:
            statement = statement.where(proposal_countries.c.country_code == filters.country)
    if filters.component_id:
        statement = statement.where(Indicator.component_id == filters.component_id)
    columns = [IndicatorTarget.indicator_id, IndicatorTarget.category_id]
    if by_country:
        columns.append(proposal_countries.c.country_code)
    return statement.group_by(*columns)


# --- money -------------------------------------------------------------------------------------

MONEY_DIMENSIONS = ("component", "country", "priority", "organisation")


@dataclass
class MoneyFigure:
    """Money of the grants of one cell, in euros."""

    key: tuple = field(default_factory=tuple)  # the values of the dimensions asked for
    committed: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")  # in accepted reports
    grants: int = 0

    @property
    def left_to_pay(self):
        return self.committed - self.paid


def money_rollup(year, filters=None, by=(), user=None):
    """Committed, paid and spent per combination of the dimensions in `by` (component,
    country, priority, organisation), in euros. A grant appears under each component, country
    and priority it has; without `by`, one row that counts every grant once."""
    filters = filters or Filters()
    unknown = set(by) - set(MONEY_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown money dimensions: {sorted(unknown)}")
    grants = year_grants(year, filters, user)
    paid = (select(Instalment.grant_id, func.sum(Instalment.paid_eur).label("amount"))
            .where(Instalment.grant_id.in_(grants)).group_by(Instalment.grant_id).subquery())
    spent = (select(Report.grant_id, func.sum(FinancialLine.amount_eur).label("amount"))
             .join(FinancialLine, FinancialLine.report_id == Report.id)
             .where(Report.status == ReportStatus.ACCEPTED, Report.grant_id.in_(grants))
             .group_by(Report.grant_id).subquery())
    statement = (
        select(func.sum(Grant.amount_eur), func.sum(func.coalesce(paid.c.amount, 0)),
               func.sum(func.coalesce(spent.c.amount, 0)), func.count(Grant.id))
        .select_from(Grant)
        .join(Proposal, Proposal.id == Grant.proposal_id)
        .outerjoin(paid, paid.c.grant_id == Grant.id)
        .outerjoin(spent, spent.c.grant_id == Grant.id)
    )
    statement = narrowed(statement, year, filters, user)
    keys = []
    for dimension in by:
        column, wanted = _money_dimension(dimension, filters)
        if column.table is not Grant.__table__:
            statement = statement.join(column.table, column.table.c.proposal_id == Grant.proposal_id)
        if wanted is not None:
            statement = statement.where(column == wanted)  # the filtered one only, not its neighbours
        keys.append(column)
    if keys:
        statement = statement.add_columns(*keys).group_by(*keys)
    figures = []
    for committed, paid_eur, spent_eur, count, *key in db.session.execute(statement):
        if not count:
            continue
        figures.append(MoneyFigure(tuple(key), to_money(committed), to_money(paid_eur), to_money(spent_eur), count))
    return figures


def _money_dimension(dimension, filters):
    """The column a dimension groups by, and the one value of it the filters keep, if any."""
    return {
        "component": (proposal_components.c.component_id, filters.component_id),
        "country": (proposal_countries.c.country_code, filters.country),
        "priority": (proposal_priorities.c.priority_id, filters.priority_id),
        "organisation": (Grant.organisation_id, filters.organisation_id),
    }[dimension]


# --- reports -----------------------------------------------------------------------------------


@dataclass
class ReportTally:
    accepted: int
    awaiting: int  # sent, not accepted yet: their figures do not count yet
    late: int  # not sent by their due date
    to_come: int  # not sent, not yet due


def report_tally(year, today, filters=None, user=None):
    """How many of the year's reports count, wait for the mission, are late or still to come."""
    grants = year_grants(year, filters, user)
    late = Report.late_condition(today)
    statement = select(
        func.count().filter(Report.status == ReportStatus.ACCEPTED),
        func.count().filter(Report.status.in_(AWAITING)),
        func.count().filter(late),
        func.count().filter(Report.status == ReportStatus.DRAFT, ~late),
    ).where(Report.grant_id.in_(grants))
    return ReportTally(*db.session.execute(statement).one())


def _decimal(value):
    """SQLite adds NUMERIC up as floating point: back to the two decimals the columns keep."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(HUNDREDTH)
