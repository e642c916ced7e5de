"""People who sign in: partners, reviewers, mission staff and embassy staff."""

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin

from portal.auth.roles import Role
from portal.core.db import UTCDateTime, created_at_column
from portal.extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)  # kept lower-case
    name = db.Column(db.String(200), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    # Embassy staff belong to one country; everyone else has none.
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=True, index=True)
    locale = db.Column(db.String(16), nullable=False, default="en")
    timezone = db.Column(db.String(64), nullable=False, default="Europe/Paris")
    password_hash = db.Column(db.String(255), nullable=True)
    is_active_account = db.Column(db.Boolean, nullable=False, default=True)
    # Bumped by "log out everywhere" and password changes: older sessions stop matching.
    session_version = db.Column(db.Integer, nullable=False, default=1)

    totp_secret = db.Column(db.String(64), nullable=True)
    totp_enabled_at = db.Column(UTCDateTime(), nullable=True)
    # The last accepted time step: a code is never accepted twice.
    totp_last_step = db.Column(db.BigInteger, nullable=True)

    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    last_failed_login_at = db.Column(UTCDateTime(), nullable=True)
    last_login_at = db.Column(UTCDateTime(), nullable=True)
    created_at = created_at_column()

    country = db.relationship("Country")
    memberships = db.relationship(
        "Membership", back_populates="user", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('partner', 'reviewer', 'mission', 'embassy')", name="known_role"
        ),
        sa.CheckConstraint(
            "(role = 'embassy') = (country_code IS NOT NULL)", name="embassy_has_country"
        ),
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    # Flask-Login: the id carries the session version so "log out everywhere" works.
    def get_id(self):
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self):
        return self.is_active_account

    @property
    def role_enum(self):
        return Role(self.role)

    @property
    def is_mission(self):
        return self.role == Role.MISSION

    @property
    def is_partner(self):
        return self.role == Role.PARTNER

    @property
    def is_reviewer(self):
        return self.role == Role.REVIEWER

    @property
    def is_embassy(self):
        return self.role == Role.EMBASSY

    @property
    def organisation_ids(self):
        return {membership.organisation_id for membership in self.memberships}

    @property
    def managed_organisation_ids(self):
        return {m.organisation_id for m in self.memberships if m.is_manager}

    @property
    def organisations(self):
        return [membership.organisation for membership in self.memberships]

    @property
    def needs_two_factor(self):
        return self.role in current_app.config["TWO_FACTOR_ROLES"]

    @property
    def has_two_factor(self):
        return self.totp_enabled_at is not None

    def __repr__(self):
        return f"<User {self.email} {self.role}>"
