"""Who is asking the API: the user of the bearer token, for API requests only.

A token authenticates nothing but the API's views: the API blueprint's before_request makes the
token's user `current_user` for that request, and page routes never look at the header. API
requests neither read nor write the session cookie, so a browser's session does not open the
API, and the session's idle and absolute limits (portal.auth.sessions) do not apply to tokens.
"""

from flask import abort, current_app, g, request
from flask.sessions import SecureCookieSession
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from portal.api.models import ApiToken, hash_token
from portal.api.operations import note_use
from portal.core.db import utcnow
from portal.extensions import db, login_manager

API_PREFIX = "/api/"
_NOT_LOOKED_UP = object()


def bearer_secret():
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        return None
    return secret


def token_from_request():
    """The usable token the request carries, or None; looked up once per request."""
    token = g.get("api_token", _NOT_LOOKED_UP)
    if token is _NOT_LOOKED_UP:
        token = None
        secret = bearer_secret()
        if secret is not None:
            found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
            if found is not None and found.is_usable(utcnow()) and found.user.is_active:
                token = found
        g.api_token = token
    return token


def authenticate():
    """before_request of the API: the token's user, or a 401 (views marked `takes_no_token` excepted)."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "takes_no_token", False):
        return None
    token = token_from_request()
    if token is None:
        abort(401)
    # What login_user does for a session, without the session: this request only.
    login_manager._update_request_context_with_user(token.user)
    note_use(token)
    return None


def takes_no_token(view):
    """Mark an API view open without a token (the OpenAPI document)."""
    view.takes_no_token = True
    return view


def rate_limit_key():
    """Limits count per user (all their tokens together), else per address."""
    token = token_from_request()
    return f"api-user:{token.user_id}" if token is not None else f"api-address:{get_remote_address()}"


def rate_limit():
    return current_app.config["API_RATE_LIMIT"]


def is_api_request(incoming):
    return incoming.path.startswith(API_PREFIX)


class TokenOnlySessions:
    """Wraps the app's session interface: API requests get an empty session that is never
    saved, so no cookie is read or set for them; every other request is left as it was."""

    def __init__(self, pages):
        self.pages = pages

    def open_session(self, app, incoming):
        if is_api_request(incoming):
            return SecureCookieSession()
        return self.pages.open_session(app, incoming)

    def save_session(self, app, session, response):
        if is_api_request(request):
            return None
        return self.pages.save_session(app, session, response)

    def __getattr__(self, name):
        return getattr(self.pages, name)


def keep_api_requests_sessionless(state):
    """Blueprint.record_once: wrap the app's session interface once, when the API is registered."""
    if not isinstance(state.app.session_interface, TokenOnlySessions):
        state.app.session_interface = TokenOnlySessions(state.app.session_interface)
