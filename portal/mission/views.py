"""The outbox, as the mission sees it: every message, its state, and a retry button."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import authorize, scope, visible_or_404
from portal.core.forms import ConfirmForm
from portal.core.outbox import QUEUED, OutboxMessage, requeue
from portal.core.pagination import paginate
from portal.extensions import db

STATUSES = ("queued", "sent", "failed")


def outbox():
    authorize("view", OutboxMessage)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    statement = scope(current_user, OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        statement = statement.where(OutboxMessage.status == status)
    page = paginate(statement)
    return render_template("mission/outbox.html", page=page, status=status, statuses=STATUSES)


def outbox_message(message_id):
    message = visible_or_404(OutboxMessage, message_id)
    return render_template("mission/outbox_message.html", message=message, confirm=ConfirmForm())


def retry_message(message_id):
    message = visible_or_404(OutboxMessage, message_id, "retry")
    if ConfirmForm().validate_on_submit() and message.status != QUEUED:
        requeue(message)
        db.session.flush()
        flash(_("The message is queued again."), "info")
    return redirect(url_for("mission.outbox_message", message_id=message.id))
