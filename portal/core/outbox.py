"""The outbox: every message the portal sends is first a row here, rendered in the
recipient's language; a pluggable sender (portal.core.mail) delivers it, with retries."""

from datetime import timedelta

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.core.mail import get_sender
from portal.extensions import db

QUEUED, SENT, FAILED = "queued", "sent", "failed"
OUTBOX_STATUS_TITLES = {QUEUED: _l("Queued"), SENT: _l("Sent"), FAILED: _l("Failed")}


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(60), nullable=False, index=True)  # e.g. "invitation"
    recipient_email = db.Column(db.String(254), nullable=False, index=True)
    recipient_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    locale = db.Column(db.String(16), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default=QUEUED, index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.Text, nullable=True)
    next_attempt_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)
    created_at = created_at_column()
    sent_at = db.Column(UTCDateTime(), nullable=True)

    recipient = db.relationship("User")

    __table_args__ = (
        db.CheckConstraint("status IN ('queued', 'sent', 'failed')", name="known_status"),
    )


def queue_message(kind, recipient_email, locale, context, recipient=None):
    """Render `mail/<kind>.txt` in the recipient's language and queue it.

    The template sets its subject with `{% set subject %}...{% endset %}`; the rest is the body.
    """
    with force_locale(locale):
        template = current_app.jinja_env.get_template(f"mail/{kind}.txt")
        full_context = dict(context, public_url=current_app.config["PUBLIC_URL"])
        current_app.update_template_context(full_context)
        module = template.make_module(full_context)
        subject = " ".join(str(module.subject).split())
        body = render_template(f"mail/{kind}.txt", **context).strip() + "\n"
    message = OutboxMessage(
        kind=kind,
        recipient_email=recipient_email,
        recipient=recipient,
        locale=locale,
        subject=subject,
        body=body,
    )
    db.session.add(message)
    g.outbox_has_new_messages = True
    g.setdefault("outbox_new_messages", []).append(message)
    return message


def retry_delay(attempts):
    """Back off 1, 2, 4 ... minutes, at most six hours, between attempts."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


# How long a worker holds a message it is sending before another may try it again.
CLAIM_LEASE = timedelta(minutes=10)


def deliver_due_messages(limit=100, only_ids=None):
    """Send queued messages that are due (of `only_ids` when given); returns (sent, failed).
    Commits.

    Several processes deliver at once (every app worker after its requests, and the cron
    command): each message is first claimed by a conditional UPDATE that only one of them can
    win, so none is sent twice.
    """
    sender = get_sender(current_app)
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    statement = (
        db.select(OutboxMessage.id)
        .where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if only_ids is not None:
        statement = statement.where(OutboxMessage.id.in_(only_ids or [-1]))
    sent = failed = 0
    for message_id in db.session.scalars(statement).all():
        if not _claim(message_id):
            continue  # another process is sending it
        message = db.session.get(OutboxMessage, message_id)
        message.attempts += 1
        try:
            sender.send(message, current_app.config["MAIL_FROM"])
        except Exception as error:  # noqa: BLE001 - any sender failure is retried later
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= max_attempts:
                message.status = FAILED
            else:
                message.next_attempt_at = utcnow() + retry_delay(message.attempts)
            failed += 1
        else:
            message.status = SENT
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed


def _claim(message_id):
    now = utcnow()
    result = db.session.execute(
        db.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def requeue(message):
    message.status = QUEUED
    message.next_attempt_at = utcnow()
    g.outbox_has_new_messages = True
    g.setdefault("outbox_new_messages", []).append(message)
