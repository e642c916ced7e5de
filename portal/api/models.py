"""Personal API tokens: a user makes one to let another system read what they may read."""

import hashlib
import secrets

from portal.core.db import UTCDateTime, created_at_column
from portal.extensions import db

TOKEN_PREFIX = "ptk_"  # noqa: S105 (a prefix that tells tokens apart, not a secret)


def hash_token(secret):
    # Tokens are long random strings: a fast hash is enough, and lets the lookup be an index hit.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(100), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    hint = db.Column(db.String(12), nullable=False)  # the first characters, to tell tokens apart
    created_at = created_at_column()
    expires_at = db.Column(UTCDateTime(), nullable=True)
    last_used_at = db.Column(UTCDateTime(), nullable=True)
    revoked_at = db.Column(UTCDateTime(), nullable=True)

    user = db.relationship("User")

    @classmethod
    def issue(cls, user, name, expires_at=None):
        """A new token and its secret, shown once; only the hash is kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls(user=user, name=name, token_hash=hash_token(secret), hint=secret[:10], expires_at=expires_at)
        return token, secret

    def is_usable(self, now):
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def __repr__(self):
        return f"<ApiToken {self.hint}… of {self.user_id}>"
