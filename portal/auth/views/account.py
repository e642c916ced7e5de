"""One's own account: profile and language, password, sessions; the language switcher."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from portal.auth import operations
from portal.auth.forms import ChangePasswordForm, ProfileForm
from portal.auth.passwords import check_password
from portal.auth.queries import locale_choices
from portal.auth.sessions import end_session
from portal.core.access import public
from portal.core.forms import ConfirmForm
from portal.core.navigation import safe_next


def account():
    user = current_user._get_current_object()
    profile = ProfileForm(obj=user, prefix="profile")
    profile.locale.choices = locale_choices()
    password = ChangePasswordForm(prefix="password")
    password.email_for_check = user.email
    status = 200
    if request.method == "POST" and request.form.get("form") == "profile":
        if profile.validate():
            operations.update_profile(
                user, name=profile.name.data, locale=profile.locale.data,
                timezone=profile.timezone.data,
            )
            refresh()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.account"))
        status = 422
    elif request.method == "POST" and request.form.get("form") == "password":
        if password.validate():
            if check_password(user, password.current_password.data):
                operations.change_password(user, password.password.data)
                end_session()
                flash(_("Your password is changed. Sign in again with the new one."), "success")
                return redirect(url_for("auth.login"))
            password.current_password.errors.append(_("This is not your current password."))
        status = 422
    return render_template(
        "auth/account.html", profile=profile, password=password, confirm=ConfirmForm()
    ), status


def log_out_everywhere():
    if ConfirmForm().validate_on_submit():
        operations.log_out_everywhere(current_user._get_current_object())
        end_session()
        flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@public
def switch_language():
    """Keep the chosen language in a cookie, and in the profile of a signed-in user."""
    form = ConfirmForm()
    locale = request.form.get("locale", "")
    response = redirect(safe_next())
    if form.validate_on_submit() and locale in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"], locale, max_age=365 * 24 * 3600,
            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
        )
        if current_user.is_authenticated:
            current_user.locale = locale
    return response
