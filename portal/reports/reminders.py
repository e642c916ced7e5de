"""Reminders of reports coming due: 21, 7 and 1 days before, and once late. Meant for cron
(`flask portal remind`): however often it runs, no reminder is ever sent twice."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.core.outbox import queue_message
from portal.core.urls import absolute_url
from portal.extensions import db
from portal.grants.models import Grant
from portal.reports.models import ReminderSent, Report

DAYS_BEFORE = (21, 7, 1)


def reminder_due(report, today):
    """The reminder this report calls for today, or None: only the most pressing one, so that
    a run missed for a few days never sends a pile of them at once."""
    if report.first_submitted_at is not None:
        return None
    days_left = (report.due_date - today).days
    if days_left < 0:
        return "late"
    for days in sorted(DAYS_BEFORE):
        if days_left <= days:
            return str(days)
    return None


def send_reminders(today=None):
    """Queue the reminders due today; returns how many messages were queued. Commits."""
    today = today or date.today()
    reports = db.session.scalars(
        select(Report)
        .where(Report.first_submitted_at.is_(None), Report.due_date <= date.fromordinal(today.toordinal() + 21))
        .options(selectinload(Report.grant).selectinload(Grant.organisation))
    ).all()
    queued = 0
    for report in reports:
        kind = reminder_due(report, today)
        if kind is None:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(ReminderSent(report_id=report.id, kind=kind))
        except IntegrityError:
            continue  # sent already, by this run's predecessor or a concurrent one
        queued += _queue_for_members(report, kind, today)
        db.session.commit()
    return queued


def _queue_for_members(report, kind, today):
    members = [m.user for m in report.grant.organisation.memberships if m.user.is_active]
    link = absolute_url("reports.report", report_id=report.id)
    for user in members:
        queue_message("report_reminder", user.email, user.locale,
                      {"user": user, "report": report, "kind": kind, "link": link,
                       "days_left": (report.due_date - today).days},
                      recipient=user)
    return len(members)
