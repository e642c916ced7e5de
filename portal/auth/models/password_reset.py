"""A single-use, short-lived password reset link."""

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = created_at_column()
    expires_at = db.Column(UTCDateTime(), nullable=False)
    used_at = db.Column(UTCDateTime(), nullable=True)

    user = db.relationship("User")

    @property
    def is_usable(self):
        return self.used_at is None and self.expires_at > utcnow()
