"""Forgotten passwords: an emailed, single-use, short-lived link."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.forms import ForgotPasswordForm, ResetPasswordForm
from portal.auth.models import PasswordReset
from portal.auth.operations import request_password_reset, reset_password
from portal.core.access import public
from portal.core.errors import OperationRefused
from portal.core.tokens import hash_token
from portal.extensions import db, limiter


def _reset_limit():
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


@public
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        # The same answer whether or not the address has an account.
        flash(_("If an account uses this address, a link to choose a new password is on its "
                "way. It works for two hours."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@public
def reset_password_view(token):
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or not reset.is_usable:
        return render_template("auth/link_unusable.html"), 410
    form = ResetPasswordForm()
    form.email_for_check = reset.user.email
    if form.validate_on_submit():
        try:
            reset_password(reset, form.password.data)
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
            return render_template("auth/link_unusable.html"), 410
        flash(_("Your new password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
