"""Signing in with a password and, for mission and reviewer accounts, a second factor."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import two_factor
from portal.auth.forms import LoginForm, TwoFactorForm
from portal.auth.operations import enable_two_factor, user_by_email
from portal.auth.passwords import check_password, hasher
from portal.auth.sessions import (
    end_session,
    login_delay,
    pending_user,
    record_failed_login,
    set_pending,
    start_session,
)
from portal.core import audit
from portal.core.access import public
from portal.core.forms import ConfirmForm
from portal.core.navigation import safe_next
from portal.extensions import limiter

SETUP_SECRET_KEY = "two_factor_setup_secret"  # noqa: S105 (a session key name)


def _per_address_limit():
    return current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"]


def _per_account_limit():
    return current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"]


def _submitted_email():
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


def _refuse_while_slowed(user):
    """A flash telling how long to wait, or None when the account may try now."""
    delay = login_delay(user)
    if not delay:
        return None
    return _(
        "Too many failed attempts on this account. Try again in %(delay)s, "
        "or reset your password.",
        delay=format_timedelta(delay, threshold=1, add_direction=False),
    )


@public
@limiter.limit(_per_address_limit, methods=["POST"])
@limiter.limit(_per_account_limit, methods=["POST"], key_func=_submitted_email)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next())
    form = LoginForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        slowed = user is not None and _refuse_while_slowed(user)
        if slowed:
            flash(slowed, "warning")
            return render_template("auth/login.html", form=form), 429
        if user is not None and user.is_active and check_password(user, form.password.data):
            if user.needs_two_factor:
                set_pending(user)
                step = "auth.two_factor" if user.has_two_factor else "auth.two_factor_setup"
                return redirect(url_for(step, next=request.args.get("next")))
            start_session(user)
            audit.record("session.login", user, actor=user)
            return redirect(safe_next())
        if user is None:
            hasher().hash(form.password.data)  # the same work whether or not the account exists
        else:
            record_failed_login(user)
        form.password.errors.append(_("The email or the password is not right."))
    return render_template("auth/login.html", form=form)


@public
@limiter.limit(_per_address_limit, methods=["POST"])
def two_factor_verify():
    user = pending_user()
    if user is None or not user.has_two_factor:
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        slowed = _refuse_while_slowed(user)
        if slowed:
            flash(slowed, "warning")
            return render_template("auth/two_factor.html", form=form), 429
        if two_factor.verify_and_consume(user, form.code.data):
            start_session(user)
            audit.record("session.login", user, actor=user)
            return redirect(safe_next())
        record_failed_login(user)
        form.code.errors.append(
            _("This code is not right or was already used. Wait for the next code and try again.")
        )
    return render_template("auth/two_factor.html", form=form)


@public
@limiter.limit(_per_address_limit, methods=["POST"])
def two_factor_setup():
    """Enrol an authenticator: the QR code and the secret are shown until confirmed."""
    user = pending_user()
    if user is None or user.has_two_factor:
        return redirect(url_for("auth.login"))
    secret = session.get(SETUP_SECRET_KEY) or two_factor.new_secret()
    session[SETUP_SECRET_KEY] = secret
    form = TwoFactorForm()
    if form.validate_on_submit():
        if two_factor.verify_and_consume(user, form.code.data, secret=secret):
            enable_two_factor(user, secret)
            session.pop(SETUP_SECRET_KEY, None)
            start_session(user)
            audit.record("session.login", user, actor=user)
            flash(_("Two-factor authentication is on. You will need a code at each sign-in."),
                  "success")
            return redirect(safe_next())
        form.code.errors.append(_("This code is not right. Check the time on your phone and try again."))
    uri = two_factor.provisioning_uri(user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        qr_svg=two_factor.qr_code_svg(uri),
    )


def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record("session.logout", current_user._get_current_object())
        end_session()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
