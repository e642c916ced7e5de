"""Reads of partner reporting, each list scoped by the access policy."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import Organisation
from portal.core.access import scope
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.grants.models import Grant, Proposal
from portal.grants.models.proposal import proposal_components, proposal_countries
from portal.reports.models import FinancialLine, Report, ReportStatus


def visible_reports(**filters):
    """The reports the user may see, filtered, by due date (soonest first)."""
    return db.session.scalars(reports_statement(**filters)).all()


def reports_statement(status=None, late=False, country=None, component_id=None, organisation_id=None,
                      due_from=None, due_to=None, today=None):
    """The select of `visible_reports`, for a page of it."""
    today = today or date.today()
    statement = scope(current_user, Report).join(Report.grant).options(
        selectinload(Report.grant).selectinload(Grant.organisation),
        selectinload(Report.grant).selectinload(Grant.proposal).selectinload(Proposal.countries),
        selectinload(Report.grant).selectinload(Grant.proposal).selectinload(Proposal.components),
    )
    if status:
        statement = statement.where(Report.status == status)
    if late:
        statement = statement.where(Report.late_condition(today))
    if organisation_id:
        statement = statement.where(Grant.organisation_id == organisation_id)
    if country:
        statement = statement.where(Grant.proposal_id.in_(
            select(proposal_countries.c.proposal_id).where(proposal_countries.c.country_code == country)))
    if component_id:
        statement = statement.where(Grant.proposal_id.in_(
            select(proposal_components.c.proposal_id).where(proposal_components.c.component_id == component_id)))
    if due_from:
        statement = statement.where(Report.due_date >= due_from)
    if due_to:
        statement = statement.where(Report.due_date <= due_to)
    return statement.order_by(Report.due_date, Report.id)


def spent_by_report(report_ids):
    """Euros spent in each report, summed in SQL: {report id: amount}."""
    if not report_ids:
        return {}
    rows = db.session.execute(
        select(FinancialLine.report_id, func.sum(FinancialLine.amount_eur))
        .where(FinancialLine.report_id.in_(report_ids)).group_by(FinancialLine.report_id)
    ).all()
    return dict(rows)


def reporting_organisations():
    """The organisations whose grants have reports this user may see, for the filter."""
    visible = scope(current_user, Report, select(Grant.organisation_id).select_from(Report).join(Report.grant))
    return db.session.scalars(
        select(Organisation).where(Organisation.id.in_(visible)).order_by(Organisation.name)
    ).all()


def reports_to_write(today=None, limit=10):
    """The partner's reports still to write, not yet late, soonest due first."""
    today = today or date.today()
    statement = scope(current_user, Report).where(
        Report.status.in_([ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED]),
        ~Report.late_condition(today),
    ).options(selectinload(Report.grant))
    return db.session.scalars(statement.order_by(Report.due_date, Report.id).limit(limit)).all()


def late_reports(today=None):
    today = today or date.today()
    statement = scope(current_user, Report).where(Report.late_condition(today)).options(selectinload(Report.grant))
    return db.session.scalars(statement.order_by(Report.due_date, Report.id)).all()


# What each recorded change of a report is called in its history.
HISTORY_TITLES = {
    "report.save": _l("Draft saved"),
    "report.attach": _l("Receipt attached"),
    "report.detach": _l("Receipt removed"),
    "report.submit": _l("Submitted"),
    "report.request_changes": _l("Changes requested"),
    "report.answer": _l("Comments answered"),
    "report.accept": _l("Accepted"),
}


def report_history(report):
    """Who changed the report, and when: for those who may read the audit log."""
    statement = scope(current_user, AuditEvent).where(
        AuditEvent.object_type == "Report", AuditEvent.object_id == str(report.id)
    ).options(selectinload(AuditEvent.actor))
    return db.session.scalars(statement.order_by(AuditEvent.created_at, AuditEvent.id)).all()
