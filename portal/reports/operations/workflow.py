"""A report's way through the mission: submitted as a frozen version, accepted or sent back
with a comment, answered and submitted again. Each step recorded and told by mail."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import OperationRefused
from portal.core.outbox import queue_message
from portal.core.urls import absolute_url
from portal.extensions import db
from portal.reports.checks import submission_problems
from portal.reports.models import ReportComment, ReportStatus, ReportVersion
from portal.reports.snapshot import take_snapshot

# The mission's two answers to a submitted report.
ACCEPT, CHANGES = "accept", "changes"


class SubmissionRefused(OperationRefused):
    def __init__(self, problems):
        super().__init__(_l("The report cannot be submitted yet."))
        self.problems = problems


def submit(report, author, no_spending=False):
    """Freeze the report as a new immutable version and hand it to the mission.

    Refused, with every problem listed, while it is incomplete. `no_spending` is the partner's
    statement that nothing was spent this period; it is kept in the version.
    """
    db.session.refresh(report, with_for_update=True)  # of two submissions at once, one wins
    if not report.is_editable:
        raise OperationRefused(_l("This report is already submitted."))
    problems = submission_problems(report, no_spending)
    if problems:
        raise SubmissionRefused(problems)
    now = utcnow()
    late = report.is_late(now.date())
    number = len(report.versions) + 1
    report.versions.append(ReportVersion(number=number, snapshot=take_snapshot(report, no_spending),
                                         submitted_by=author, submitted_at=now))
    before = report.status
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    db.session.flush()
    audit.record("report.submit", report, before={"status": before},
                 after={"status": report.status, "version": number, "late": late, "no_spending": bool(no_spending)})
    _tell_the_mission(report, number)
    return report.versions[-1]


def review(report, reviewer, outcome, note=""):
    """The mission accepts the submitted report (a note is optional) or asks for changes (a
    comment is required); every member of the organisation is told, in their language."""
    db.session.refresh(report, with_for_update=True)  # of two reviews at once, the second finds it done
    if report.status != ReportStatus.SUBMITTED:
        raise OperationRefused(_l("Only a submitted report can be accepted or sent back."))
    note = (note or "").strip()
    version = report.versions[-1].number if report.versions else None
    before = report.status
    if outcome == ACCEPT:
        report.status = ReportStatus.ACCEPTED
        report.accepted_at = utcnow()
        report.accepted_by = reviewer
        kind, action = "accepted", "report.accept"
    elif outcome == CHANGES:
        if not note:
            raise OperationRefused(_l("Say what to change: the partner will read it."))
        kind, action = "changes_requested", "report.request_changes"
        report.status = ReportStatus.CHANGES_REQUESTED
    else:
        raise OperationRefused(_l("Choose a decision."))
    comment = None
    if note:
        comment = ReportComment(report=report, author=reviewer, kind=kind, body=note, version_number=version)
        db.session.add(comment)
    db.session.flush()
    audit.record(action, report, before={"status": before},
                 after={"status": report.status, "version": version, "comment": comment.id if comment else None})
    _tell_the_partner(report, "report_accepted" if outcome == ACCEPT else "report_changes_requested", note)
    return comment


def answer(report, author, body):
    """The partner answers the mission's comments before submitting again."""
    if report.status != ReportStatus.CHANGES_REQUESTED:
        raise OperationRefused(_l("Comments can be answered only while changes are requested."))
    body = (body or "").strip()
    if not body:
        raise OperationRefused(_l("Write your answer."))
    version = report.versions[-1].number if report.versions else None
    comment = ReportComment(report=report, author=author, kind="answer", body=body, version_number=version)
    db.session.add(comment)
    db.session.flush()
    audit.record("report.answer", report, after={"comment": comment.id, "version": version})
    return comment


def _tell_the_mission(report, number):
    link = absolute_url("reports.report", report_id=report.id)
    staff = db.session.scalars(select(User).where(User.role == Role.MISSION, User.is_active_account.is_(True))
                               .order_by(User.id)).all()
    for user in staff:
        queue_message("report_submitted", user.email, user.locale,
                      {"user": user, "report": report, "number": number, "link": link}, recipient=user)


def _tell_the_partner(report, kind, note):
    link = absolute_url("reports.report", report_id=report.id)
    for membership in report.grant.organisation.memberships:
        member = membership.user
        if member.is_active:
            queue_message(kind, member.email, member.locale,
                          {"user": member, "report": report, "note": note, "link": link}, recipient=member)
