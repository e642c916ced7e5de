"""The figures of grants: money granted, paid and reported spent, reports on time or late,
instalments and their state, indicators against their targets. Aggregates are SQL; the list of
grants is scoped by the access policy."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import Organisation
from portal.core.access import scope
from portal.core.money import ZERO, to_money
from portal.core.search import matches
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Instalment, Proposal
from portal.grants.models.proposal import proposal_components, proposal_countries
from portal.indicators.models import Indicator
from portal.indicators.models.indicator import RollupRule
from portal.programme.models import ProgrammeYear
from portal.reports.models import FinancialLine, IndicatorValue, Report, ReportKind, ReportStatus

# Sent, not yet accepted: the partner reported it, the mission has not said yes.
AWAITING = (ReportStatus.SUBMITTED, ReportStatus.CHANGES_REQUESTED)



# --- the list ----------------------------------------------------------------------------------

GRANT_SORTS = {
    "reference": (Grant.reference.desc(),),
    "organisation": (func.lower(Organisation.name), Grant.reference),
    "amount": (Grant.amount_eur.desc(), Grant.reference),
    "end": (Grant.end_date, Grant.reference),
}
RUNNING, CLOSED = "running", "closed"
GRANT_STATUSES = {RUNNING: _l("Running"), CLOSED: _l("Closed")}


@dataclass
class GrantRow:
    grant: Grant
    paid: Decimal
    late: int


def visible_grants(today, year=None, country=None, component_id=None, status=None, sort="reference", search=None,
                   page=1, per_page=50):
    """A page of the grants the user may see, with what was paid on each and how many reports
    are late: (pagination, rows).

    A grant is closed once its final report is accepted, running until then.
    """
    statement = scope(current_user, Grant).join(Grant.organisation).options(
        selectinload(Grant.organisation), selectinload(Grant.proposal).selectinload(Proposal.countries))
    if year:
        statement = statement.where(Grant.proposal_id.in_(
            select(Proposal.id).join(Proposal.call).join(Call.programme_year).where(ProgrammeYear.year == year)))
    if country:
        statement = statement.where(Grant.proposal_id.in_(
            select(proposal_countries.c.proposal_id).where(proposal_countries.c.country_code == country)))
    if component_id:
        statement = statement.where(Grant.proposal_id.in_(
            select(proposal_components.c.proposal_id).where(proposal_components.c.component_id == component_id)))
    if status in GRANT_STATUSES:
        closed = exists().where(Report.grant_id == Grant.id, Report.kind == ReportKind.FINAL,
                                Report.status == ReportStatus.ACCEPTED)
        statement = statement.where(closed if status == CLOSED else ~closed)
    if search and search.strip():
        # The reference, the proposal's title or the organisation, in any script and case.
        statement = statement.where(
            Grant.reference.contains(search.strip().upper(), autoescape=True)
            | Grant.proposal_id.in_(select(Proposal.id).where(matches(Proposal.search_key, search)))
            | matches(Organisation.search_key, search))
    statement = statement.order_by(*GRANT_SORTS.get(sort, GRANT_SORTS["reference"]))
    pagination = db.paginate(statement, page=max(page, 1), per_page=per_page, error_out=False)
    ids = [grant.id for grant in pagination.items]
    paid = dict(db.session.execute(select(Instalment.grant_id, func.sum(Instalment.paid_eur))
                                   .where(Instalment.grant_id.in_(ids or [-1])).group_by(Instalment.grant_id)).all())
    late = dict(db.session.execute(select(Report.grant_id, func.count(Report.id))
                                   .where(Report.grant_id.in_(ids or [-1]), Report.late_condition(today))
                                   .group_by(Report.grant_id)).all())
    rows = [GrantRow(grant, to_money(paid.get(grant.id)), late.get(grant.id, 0)) for grant in pagination.items]
    return pagination, rows


def programme_years():
    return db.session.scalars(select(ProgrammeYear.year).order_by(ProgrammeYear.year.desc())).all()


# --- money -----------------------------------------------------------------------------------


@dataclass
class Money:
    granted: Decimal
    paid: Decimal
    spent: Decimal  # in accepted reports
    awaiting: Decimal  # in reports sent but not accepted yet

    @property
    def left_to_spend(self):
        return self.granted - self.spent

    @property
    def left_to_pay(self):
        return self.granted - self.paid


def money(grant):
    paid = db.session.scalar(select(func.sum(Instalment.paid_eur)).where(Instalment.grant_id == grant.id))
    spent = dict(db.session.execute(
        select(Report.status, func.sum(FinancialLine.amount_eur))
        .join(FinancialLine, FinancialLine.report_id == Report.id)
        .where(Report.grant_id == grant.id, Report.status.in_([ReportStatus.ACCEPTED, *AWAITING]))
        .group_by(Report.status)
    ).all())
    return Money(
        granted=to_money(grant.amount_eur), paid=to_money(paid),
        spent=to_money(spent.get(ReportStatus.ACCEPTED)),
        awaiting=to_money(sum((to_money(spent.get(status)) for status in AWAITING), ZERO)),
    )


# --- reports and instalments -----------------------------------------------------------------


@dataclass
class ReportCounts:
    total: int
    accepted: int  # done
    awaiting: int  # sent, not accepted yet
    to_write: int  # not sent yet, not yet due
    late: int  # not sent by its due date


def report_counts(reports, today):
    late = sum(r.is_late(today) for r in reports)
    return ReportCounts(
        total=len(reports), accepted=sum(r.status == ReportStatus.ACCEPTED for r in reports),
        awaiting=sum(r.status in AWAITING for r in reports),
        to_write=sum(r.first_submitted_at is None for r in reports) - late, late=late,
    )


class InstalmentState(StrEnum):
    PLANNED = "planned"
    WAITING = "waiting"  # for its report's acceptance
    PAID = "paid"

    @property
    def title(self):
        return {
            InstalmentState.PLANNED: _l("Planned"),
            InstalmentState.WAITING: _l("Waiting for a report"),
            InstalmentState.PAID: _l("Paid"),
        }[self]


def instalment_state(instalment):
    if instalment.is_paid:
        return InstalmentState.PAID
    report = instalment.required_report
    if report is not None and report.status != ReportStatus.ACCEPTED:
        return InstalmentState.WAITING
    return InstalmentState.PLANNED


# --- indicators --------------------------------------------------------------------------------


@dataclass
class IndicatorProgress:
    indicator: Indicator
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None

    @property
    def percent(self):
        """Share of the target reached, as a fraction (0.5 for half), when there is a target."""
        if self.target is None or self.target <= 0 or self.actual is None:
            return None
        return self.actual / self.target


def indicator_progress(grant):
    """Per indicator: the proposal's target for the total, and what the accepted reports give for
    the total of the whole grant, added up the indicator's way: summed for "sum" and "people",
    the largest for "maximum", the value of the latest period for "latest"."""
    targets = {t.indicator_id: t for t in db.session.scalars(select(IndicatorTarget).where(
        IndicatorTarget.proposal_id == grant.proposal_id, IndicatorTarget.category_id.is_(None)))}
    actuals = {**_summed_or_largest(grant), **_latest(grant)}
    ids = set(targets) | set(actuals)
    indicators = db.session.scalars(select(Indicator).where(Indicator.id.in_(ids or [-1]))
                                    .order_by(Indicator.position)).all()
    rows = []
    for indicator in indicators:
        target = targets.get(indicator.id)
        rows.append(IndicatorProgress(
            indicator=indicator, baseline=target.baseline if target else None,
            target=target.target if target else None, actual=actuals.get(indicator.id),
        ))
    return rows


def _grand_totals(grant):
    """Values for the whole grant (no breakdown category, no country) from its accepted reports."""
    return (
        Report.grant_id == grant.id, Report.status == ReportStatus.ACCEPTED, IndicatorValue.category_id.is_(None),
        IndicatorValue.country_code.is_(None), IndicatorValue.value.is_not(None),
    )


def _summed_or_largest(grant):
    value = case((Indicator.rollup == RollupRule.MAXIMUM, func.max(IndicatorValue.value)),
                 else_=func.sum(IndicatorValue.value))
    rows = db.session.execute(
        select(IndicatorValue.indicator_id, value)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(*_grand_totals(grant), Indicator.rollup != RollupRule.LATEST)
        .group_by(IndicatorValue.indicator_id, Indicator.rollup)
    ).all()
    return {indicator_id: _decimal(total) for indicator_id, total in rows}


def _latest(grant):
    rank = func.row_number().over(
        partition_by=IndicatorValue.indicator_id,
        order_by=(Report.period_end.desc(), Report.due_date.desc(), Report.id.desc()),
    ).label("rank")
    ranked = (
        select(IndicatorValue.indicator_id, IndicatorValue.value, rank)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(*_grand_totals(grant), Indicator.rollup == RollupRule.LATEST)
        .subquery()
    )
    rows = db.session.execute(select(ranked.c.indicator_id, ranked.c.value).where(ranked.c.rank == 1)).all()
    return {indicator_id: _decimal(value) for indicator_id, value in rows}


def _decimal(value):
    # SQLite adds NUMERIC up as floating point: back to the two decimals the column keeps.
    return value if isinstance(value, Decimal) else Decimal(str(value)).quantize(Decimal("0.01"))
