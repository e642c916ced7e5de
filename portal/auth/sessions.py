"""Signing in and out: the user loader, idle and absolute session limits, the half-signed-in
state between password and second factor, and the slow-down after failed logins."""

from datetime import UTC, datetime, timedelta

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.auth.models import User
from portal.core.db import utcnow
from portal.extensions import db, login_manager

PENDING_KEY = "pending_login"


@login_manager.user_loader
def load_user(session_id):
    user_id, _dot, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None  # logged out everywhere, or the password changed since
    return user


def start_session(user):
    """Complete the sign-in: the password (and the second factor where required) passed."""
    session.pop(PENDING_KEY, None)
    session.clear()  # a fresh session: nothing from before the sign-in survives
    login_user(user)
    now = utcnow().timestamp()
    session["login_at"] = now
    session["seen_at"] = now
    user.failed_logins = 0
    user.last_login_at = utcnow()


def end_session():
    logout_user()
    session.clear()


def set_pending(user):
    session[PENDING_KEY] = {"id": user.get_id(), "at": utcnow().timestamp()}


def pending_user():
    """The user who gave a right password and still owes a second factor (for 10 minutes)."""
    pending = session.get(PENDING_KEY)
    if not pending or utcnow().timestamp() - pending["at"] > 600:
        return None
    user = load_user(pending["id"])
    return user if user and user.is_active else None


def enforce_session_limits():
    """before_request: end sessions idle or old beyond the configured limits."""
    if not current_user.is_authenticated:
        return None
    now = utcnow().timestamp()
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    seen_at = session.get("seen_at", 0)
    login_at = session.get("login_at", 0)
    if now - seen_at > idle or now - login_at > absolute:
        end_session()
        flash(_("Your session has expired. Please sign in again."), "warning")
        return redirect(url_for("auth.login", next=request.full_path))
    session["seen_at"] = now
    return None


def login_delay(user, now=None):
    """How long this account must wait before its next attempt (zero when it need not).

    After a few failures the wait doubles with each one, up to a cap: an attacker slows the
    account down but never locks its owner out, and a password reset always works.
    """
    config = current_app.config
    excess = user.failed_logins - config["LOGIN_FAILURES_BEFORE_DELAY"]
    if excess < 0 or user.last_failed_login_at is None:
        return timedelta(0)
    delay = min(timedelta(seconds=30 * 2**excess), config["LOGIN_MAX_DELAY"])
    remaining = user.last_failed_login_at + delay - (now or datetime.now(UTC))
    return max(remaining, timedelta(0))


def record_failed_login(user):
    user.failed_logins += 1
    user.last_failed_login_at = utcnow()
