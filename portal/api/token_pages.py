"""Every signed-in user's personal API tokens: the list, a new one (its secret shown once) and
revocation."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.api import operations
from portal.api.forms import TokenForm
from portal.api.models import ApiToken
from portal.core.access import scope, visible_or_404
from portal.core.db import end_of_day, utcnow
from portal.core.forms import ConfirmForm
from portal.extensions import db, limiter


def _creation_limit():
    return current_app.config["API_TOKEN_CREATION_RATE_LIMIT"]


def _per_user():
    if current_user.is_authenticated:
        return f"api-token-creation:{current_user.id}"
    return f"api-token-creation:{get_remote_address()}"


def _token_form():
    return TokenForm(timezone=current_user.timezone)


def _page(form, status=200):
    listed = db.session.scalars(
        scope(current_user, ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return render_template("api/tokens.html", form=form, tokens=listed, now=utcnow(), confirm=ConfirmForm()), status


def tokens():
    return _page(_token_form())


@limiter.limit(_creation_limit, methods=["POST"], key_func=_per_user)
def create_token():
    form = _token_form()
    if not form.validate_on_submit():
        return _page(form, 422)
    expires_at = end_of_day(form.expires_on.data, current_user.timezone) if form.expires_on.data else None
    token, secret = operations.issue_token(current_user._get_current_object(), form.name.data, expires_at)
    # Rendered, not redirected: the secret must never pass through the session cookie.
    return render_template("api/token_created.html", token=token, secret=secret)


def revoke_token(token_id):
    token = visible_or_404(ApiToken, token_id, "revoke")
    if ConfirmForm().validate_on_submit():
        operations.revoke_token(token)
        flash(_("The token “%(name)s” is revoked: it no longer works.", name=token.name), "info")
    return redirect(url_for("api_tokens.tokens"))
