"""The API's reads: every list starts from the access policy's scope, every single object passes
its "view" rule, and what the reader may not see answers 404 as if absent."""

from flask import abort
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.api.schemas import LARGEST_KEY
from portal.core.access import can, scope
from portal.extensions import db
from portal.grants.models import Call, Grant, Proposal
from portal.grants.models.proposal import proposal_countries
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, ProgrammeYear
from portal.reports.models import IndicatorValue, Report, ReportStatus


def visible_or_404(user, obj):
    if obj is None or not can(user, "view", obj):
        abort(404)
    return obj


def _get(model, ident):
    # A number beyond the database's integer keys names nothing; the database would refuse it.
    return db.session.get(model, ident) if 0 < ident <= LARGEST_KEY else None


# --- reference data --------------------------------------------------------------------------


def programme_years(user):
    return scope(user, ProgrammeYear).options(selectinload(ProgrammeYear.priorities)).order_by(ProgrammeYear.year)


def programme_year(user, year):
    found = db.session.scalar(programme_years(user).where(ProgrammeYear.year == year)) if year <= LARGEST_KEY else None
    return visible_or_404(user, found)


def components(user):
    return scope(user, Component).order_by(Component.position, Component.id)


# --- calls and grants --------------------------------------------------------------------------


def _call_loads(statement):
    return statement.options(
        joinedload(Call.programme_year), selectinload(Call.countries), selectinload(Call.components),
        selectinload(Call.priorities), selectinload(Call.criteria),
    )


def calls(user, year=None):
    statement = _call_loads(scope(user, Call))
    if year is not None:
        statement = statement.where(Call.programme_year_id.in_(select(ProgrammeYear.id).where(
            ProgrammeYear.year == year)))
    return statement.order_by(Call.opens_at.desc(), Call.id.desc())


def call(user, call_id):
    return visible_or_404(user, _get(Call, call_id))


def _year_grant_ids(year):
    return (select(Grant.id).join(Proposal, Proposal.id == Grant.proposal_id).join(Call, Call.id == Proposal.call_id)
            .join(ProgrammeYear, ProgrammeYear.id == Call.programme_year_id).where(ProgrammeYear.year == year))


def grants(user, year=None, call_id=None, country=None, organisation_id=None):
    statement = scope(user, Grant).options(
        joinedload(Grant.organisation),
        joinedload(Grant.proposal).joinedload(Proposal.call).joinedload(Call.programme_year),
        joinedload(Grant.proposal).selectinload(Proposal.countries),
        joinedload(Grant.proposal).selectinload(Proposal.components),
        joinedload(Grant.proposal).selectinload(Proposal.priorities),
    )
    if year is not None:
        statement = statement.where(Grant.id.in_(_year_grant_ids(year)))
    if call_id is not None:
        statement = statement.where(Grant.proposal_id.in_(select(Proposal.id).where(Proposal.call_id == call_id)))
    if country is not None:
        statement = statement.where(exists().where(
            proposal_countries.c.proposal_id == Grant.proposal_id, proposal_countries.c.country_code == country))
    if organisation_id is not None:
        statement = statement.where(Grant.organisation_id == organisation_id)
    return statement.order_by(Grant.id)


def grant(user, grant_id):
    return visible_or_404(user, _get(Grant, grant_id))


# --- the indicator catalogue and values ----------------------------------------------------------


def indicators(user, component=None):
    statement = scope(user, Indicator).options(
        joinedload(Indicator.component),
        selectinload(Indicator.breakdowns).selectinload(BreakdownDimension.categories),
    )
    if component is not None:
        statement = statement.where(Indicator.component_id.in_(select(Component.id).where(Component.code == component)))
    return statement.order_by(Indicator.position, Indicator.id)


def indicator(user, indicator_id):
    return visible_or_404(user, _get(Indicator, indicator_id))


def _counted_for(country):
    """Values counted for a country: a bilateral grant's there, a regional grant's given for it."""
    in_country = exists().where(proposal_countries.c.proposal_id == Grant.proposal_id,
                                proposal_countries.c.country_code == country)
    bilateral = select(Proposal.id).where(Proposal.scope == "bilateral")
    return or_(
        IndicatorValue.country_code == country,
        and_(IndicatorValue.country_code.is_(None), Grant.proposal_id.in_(bilateral), in_country),
    )


def accepted_values(user, year=None, grant_id=None, indicator=None, country=None):
    """Indicator values of the accepted reports the user may read."""
    reports = scope(user, Report, select(Report.id)).where(Report.status == ReportStatus.ACCEPTED)
    statement = (
        select(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Grant, Grant.id == Report.grant_id)
        .where(IndicatorValue.report_id.in_(reports))
        .options(
            joinedload(IndicatorValue.report).joinedload(Report.grant),
            joinedload(IndicatorValue.indicator),
            joinedload(IndicatorValue.category).joinedload(BreakdownCategory.dimension),
        )
    )
    if year is not None:
        statement = statement.where(Grant.id.in_(_year_grant_ids(year)))
    if grant_id is not None:
        statement = statement.where(Grant.id == grant_id)
    if indicator is not None:
        statement = statement.where(IndicatorValue.indicator_id.in_(select(Indicator.id).where(
            Indicator.code == indicator)))
    if country is not None:
        statement = statement.where(_counted_for(country))
    return statement.order_by(IndicatorValue.report_id, IndicatorValue.id)


def breakdowns_of(groups):
    """Every value of the given (report, indicator, country) groups: the whole breakdowns the
    values of one page belong to, for masking them with their complementary cells."""
    if not groups:
        return []
    report_ids = {report_id for report_id, _indicator, _country in groups}
    indicator_ids = {indicator_id for _report, indicator_id, _country in groups}
    statement = select(IndicatorValue).where(
        IndicatorValue.report_id.in_(report_ids), IndicatorValue.indicator_id.in_(indicator_ids),
    ).options(joinedload(IndicatorValue.category))
    return [value for value in db.session.scalars(statement)
            if (value.report_id, value.indicator_id, value.country_code) in groups]
