"""A partner's place in an organisation; a manager may invite and manage the others."""

import sqlalchemy as sa

from portal.core.db import created_at_column
from portal.extensions import db


class Membership(db.Model):
    __tablename__ = "memberships"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    organisation_id = db.Column(
        db.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    is_manager = db.Column(db.Boolean, nullable=False, default=False)
    created_at = created_at_column()

    user = db.relationship("User", back_populates="memberships")
    organisation = db.relationship("Organisation", back_populates="memberships")

    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id"),)
