"""`flask portal remind`: 21, 7 and 1 days before a report is due, and once late; never twice."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.reports.models import ReminderSent
from tests.factories import make_grant, make_organisation, make_user

DUE = date(2026, 7, 30)


def grant_with_a_report_due(locale="sr"):
    organisation = make_organisation(name="Atina", country_code="RS", locale=locale)
    make_user("partner", organisation=organisation, manager=True, locale="sr", email="marija@atina.example")
    make_user("partner", organisation=organisation, locale="en", email="ana@atina.example")
    return make_grant(organisation=organisation,
                      reports=[("interim", date(2026, 1, 1), date(2026, 6, 30), DUE)])


def remind(runner, today):
    result = runner.invoke(args=["portal", "remind", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def reminders():
    return sorted(db.session.scalars(select(ReminderSent.kind)))


def test_each_reminder_goes_out_once_to_every_member_in_their_language(runner):
    grant_with_a_report_due()
    assert "0 reminders" in remind(runner, DUE - timedelta(days=22))
    assert "2 reminders" in remind(runner, DUE - timedelta(days=21))
    assert "0 reminders" in remind(runner, DUE - timedelta(days=21))
    assert "0 reminders" in remind(runner, DUE - timedelta(days=20))
    remind(runner, DUE - timedelta(days=7))
    remind(runner, DUE - timedelta(days=1))
    remind(runner, DUE)
    remind(runner, DUE + timedelta(days=1))
    remind(runner, DUE + timedelta(days=9))
    assert reminders() == ["1", "21", "7", "late"]
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(messages) == 8
    assert {(m.recipient_email, m.locale) for m in messages} == {("marija@atina.example", "sr"),
                                                                  ("ana@atina.example", "en")}


def test_a_missed_run_sends_only_the_most_pressing_reminder(runner):
    grant_with_a_report_due()
    remind(runner, DUE - timedelta(days=3))
    assert reminders() == ["7"]


def test_a_submitted_report_gets_no_reminder(runner):
    grant = grant_with_a_report_due()
    from portal.core.db import utcnow

    grant.reports[0].first_submitted_at = utcnow()
    grant.reports[0].status = "submitted"
    db.session.commit()
    assert "0 reminders" in remind(runner, DUE + timedelta(days=2))
