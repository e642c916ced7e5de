"""What happens around every request: sign-in required unless a view is public, session
limits, and one transaction per request, committed at its end."""

from flask import abort, current_app, g, request
from flask_login import current_user

from portal.auth.sessions import enforce_session_limits
from portal.core.outbox import deliver_due_messages
from portal.extensions import db, login_manager

PUBLIC_ENDPOINTS = {"static", "bootstrap.static"}


def _is_public(endpoint):
    if endpoint in PUBLIC_ENDPOINTS:
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def require_sign_in():
    if request.endpoint is None or _is_public(request.endpoint):
        return enforce_session_limits()
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return enforce_session_limits()


def refuse_nul_bytes():
    """No person types a NUL byte, and PostgreSQL refuses one in text: a clear 400, not a 500."""
    for source in (request.args, request.form):
        for _key, values in source.lists():
            if any("\x00" in value for value in values):
                abort(400)


def finish_transaction(response):
    """Commit what the request did when it succeeded; undo all of it otherwise."""
    if response.status_code < 400:
        db.session.commit()
        if g.get("outbox_has_new_messages") and current_app.config["MAIL_DELIVER_AFTER_REQUEST"]:
            # Only this request's messages: others are their own requests' or the cron's to send.
            new = [message.id for message in g.get("outbox_new_messages", []) if message.id is not None]
            deliver_due_messages(only_ids=new if new else None)
    else:
        db.session.rollback()
    return response


def register(app):
    app.before_request(refuse_nul_bytes)
    app.before_request(require_sign_in)
    app.after_request(finish_transaction)
