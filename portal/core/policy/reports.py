"""Who sees and does what once a grant runs: partners report on their organisation's grants,
embassies read those of their country, the mission manages instalments and accepts reports."""

from sqlalchemy import exists, false, select

from portal.core.policy.grants import view_grant
from portal.grants.models import Grant, Instalment
from portal.grants.models.proposal import proposal_countries
from portal.reports.models import Report, ReportAttachment, ReportStatus


def view_report(user, report):
    return view_grant(user, report.grant)


def edit_report(user, report):
    return user.is_partner and report.grant.organisation_id in user.organisation_ids and report.is_editable


def answer_report(user, report):
    """Answer the mission's request for changes: the partner, while the changes are asked for."""
    return (user.is_partner and report.grant.organisation_id in user.organisation_ids
            and report.status == ReportStatus.CHANGES_REQUESTED)


def review_report(user, report):
    """Accept it, or ask for changes: the mission, once the partner submitted it."""
    return user.is_mission and report.status == ReportStatus.SUBMITTED


def mission_only(user, _target):
    return user.is_mission


def scope_reports(user, statement):
    if user.is_mission:
        return statement
    if user.is_partner:
        grants = select(Grant.id).where(Grant.organisation_id.in_(user.organisation_ids or [-1]))
        return statement.where(Report.grant_id.in_(grants))
    if user.is_embassy:
        touches_country = exists().where(
            Grant.id == Report.grant_id,
            proposal_countries.c.proposal_id == Grant.proposal_id,
            proposal_countries.c.country_code == user.country_code,
        )
        return statement.where(touches_country)
    return statement.where(false())


RULES = {
    (Grant, "manage"): mission_only,  # instalments, reporting schedule, tolerance
    (Instalment, "view"): lambda user, instalment: view_grant(user, instalment.grant),
    (Instalment, "edit"): mission_only,
    (Report, "view"): view_report,
    (Report, "edit"): edit_report,
    (Report, "submit"): edit_report,
    (Report, "review"): review_report,
    (Report, "answer"): answer_report,
    (Report, "export"): mission_only,
    (ReportAttachment, "view"): lambda user, attachment: view_report(user, attachment.report),
    (ReportAttachment, "delete"): lambda user, attachment: edit_report(user, attachment.report),
}

SCOPES = {
    Report: scope_reports,
}
