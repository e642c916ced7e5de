"""A single-use, expiring invitation to create an account."""

import sqlalchemy as sa

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class Invitation(db.Model):
    __tablename__ = "invitations"

    id = db.Column(db.Integer, primary_key=True)
    # Only a hash is kept: the link in the message is the one copy of the token.
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    email = db.Column(db.String(254), nullable=False, index=True)
    name = db.Column(db.String(200), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    locale = db.Column(db.String(16), nullable=False, default="en")
    organisation_id = db.Column(
        db.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True, index=True
    )
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=True)
    as_manager = db.Column(db.Boolean, nullable=False, default=False)
    invited_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    expires_at = db.Column(UTCDateTime(), nullable=False)
    accepted_at = db.Column(UTCDateTime(), nullable=True)
    revoked_at = db.Column(UTCDateTime(), nullable=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    organisation = db.relationship("Organisation")
    country = db.relationship("Country")
    invited_by = db.relationship("User", foreign_keys=[invited_by_id])

    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'partner') = (organisation_id IS NOT NULL)", name="partner_has_organisation"
        ),
        sa.CheckConstraint(
            "(role = 'embassy') = (country_code IS NOT NULL)", name="embassy_has_country"
        ),
    )

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self):
        return self.expires_at <= utcnow()

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "pending"
