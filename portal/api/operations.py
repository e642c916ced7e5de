"""Writes of the API package: personal tokens made and revoked, each recorded in the audit log,
and their last use."""

from datetime import timedelta

from portal.api.models import ApiToken
from portal.core import audit
from portal.core.db import utcnow
from portal.extensions import db

# A token's last use is written at most this often: not one write per request under load.
LAST_USED_PRECISION = timedelta(minutes=1)


def issue_token(user, name, expires_at=None):
    """A new token of the user and its secret: only the hash is kept, so the secret can be shown
    this once and never again."""
    token, secret = ApiToken.issue(user, name.strip(), expires_at)
    db.session.add(token)
    audit.record("api_token.create", token, after={
        "name": token.name, "hint": token.hint, "expires_at": expires_at.isoformat() if expires_at else None,
    })
    return token, secret


def revoke_token(token):
    """Stop the token from working, at once; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    audit.record("api_token.revoke", token, before={"revoked_at": None},
                 after={"name": token.name, "hint": token.hint, "revoked_at": token.revoked_at.isoformat()})


def note_use(token):
    """Record that the token was just used (to the minute); committed with a successful request."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now
