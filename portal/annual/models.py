"""What the mission plans for a programme year and what it signs off at the year's close."""

import sqlalchemy as sa

from portal.core.db import Money, UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class ProgrammingLine(db.Model):
    """A planned envelope: for a component, and where the mission wishes for one country or
    one priority of it. Lines without country or priority are the component's whole envelope."""

    __tablename__ = "programming_lines"

    id = db.Column(db.Integer, primary_key=True)
    programme_year_id = db.Column(
        db.ForeignKey("programme_years.id", ondelete="CASCADE"), nullable=False, index=True
    )
    component_id = db.Column(db.ForeignKey("components.id"), nullable=False)
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=True)
    priority_id = db.Column(db.ForeignKey("priorities.id", ondelete="CASCADE"), nullable=True)
    amount_eur = db.Column(Money(), nullable=False)
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    programme_year = db.relationship("ProgrammeYear")
    component = db.relationship("Component")
    country = db.relationship("Country")
    priority = db.relationship("Priority")

    __table_args__ = (sa.CheckConstraint("amount_eur >= 0", name="amount_not_negative"),)

    def __repr__(self):
        return f"<ProgrammingLine {self.programme_year_id} {self.component_id} {self.country_code}>"


class YearSignoff(db.Model):
    """The figures of a programme year as the mission signed them off, frozen. Later
    corrections show as differences from the latest sign-off."""

    __tablename__ = "year_signoffs"

    id = db.Column(db.Integer, primary_key=True)
    programme_year_id = db.Column(
        db.ForeignKey("programme_years.id", ondelete="CASCADE"), nullable=False, index=True
    )
    signed_at = created_at_column()
    signed_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    note = db.Column(db.Text, nullable=False, default="")
    snapshot = db.Column(db.JSON, nullable=False)

    programme_year = db.relationship("ProgrammeYear")
    signed_by = db.relationship("User")

    def __repr__(self):
        return f"<YearSignoff {self.programme_year_id} {self.signed_at:%Y-%m-%d}>"


class MissionSetting(db.Model):
    """A setting the mission changes in the portal (the small-number threshold, ...)."""

    __tablename__ = "mission_settings"

    key = db.Column(db.String(60), primary_key=True)
    value = db.Column(db.JSON, nullable=False)
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
