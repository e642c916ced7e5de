"""A call for proposals of a programme year, and the criteria its proposals are scored on."""

from decimal import Decimal

import sqlalchemy as sa

from portal.core.db import Money, UTCDateTime, created_at_column, utcnow
from portal.core.i18n import translated
from portal.extensions import db

call_components = db.Table(
    "call_components",
    db.Column("call_id", db.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    db.Column("component_id", db.ForeignKey("components.id"), primary_key=True),
)
call_priorities = db.Table(
    "call_priorities",
    db.Column("call_id", db.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    db.Column("priority_id", db.ForeignKey("priorities.id"), primary_key=True),
)
call_countries = db.Table(
    "call_countries",
    db.Column("call_id", db.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    db.Column("country_code", db.ForeignKey("countries.code"), primary_key=True),
)


class Call(db.Model):
    __tablename__ = "calls"

    id = db.Column(db.Integer, primary_key=True)
    programme_year_id = db.Column(db.ForeignKey("programme_years.id"), nullable=False, index=True)
    titles = db.Column(db.JSON, nullable=False, default=dict)  # {"en": ..., "fr": ...}
    descriptions = db.Column(db.JSON, nullable=False, default=dict)
    opens_at = db.Column(UTCDateTime(), nullable=False)
    deadline_at = db.Column(UTCDateTime(), nullable=False)
    # The zone the mission set the deadline in, shown beside each reader's own.
    timezone = db.Column(db.String(64), nullable=False, default="Europe/Paris")
    envelope_eur = db.Column(Money(), nullable=False)
    min_amount_eur = db.Column(Money(), nullable=False, default=Decimal("0"))
    max_amount_eur = db.Column(Money(), nullable=False)
    indirect_ceiling_pct = db.Column(db.Numeric(5, 2), nullable=False, default=Decimal("7"))
    is_published = db.Column(db.Boolean, nullable=False, default=False)
    created_at = created_at_column()

    programme_year = db.relationship("ProgrammeYear")
    components = db.relationship("Component", secondary=call_components, order_by="Component.position")
    priorities = db.relationship("Priority", secondary=call_priorities, order_by="Priority.position")
    countries = db.relationship("Country", secondary=call_countries)
    criteria = db.relationship(
        "Criterion", back_populates="call", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("deadline_at > opens_at", name="deadline_after_opening"),
        sa.CheckConstraint("envelope_eur > 0", name="envelope_positive"),
        sa.CheckConstraint("min_amount_eur >= 0 AND max_amount_eur >= min_amount_eur", name="amount_range"),
        sa.CheckConstraint("indirect_ceiling_pct BETWEEN 0 AND 100", name="ceiling_percentage"),
    )

    @property
    def title(self):
        return translated(self.titles)

    @property
    def description(self):
        return translated(self.descriptions)

    @property
    def status(self):
        """draft, upcoming, open or closed: derived from publication and dates."""
        if not self.is_published:
            return "draft"
        now = utcnow()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.deadline_at else "closed"

    @property
    def is_open(self):
        return self.status == "open"

    @property
    def country_codes(self):
        return {country.code for country in self.countries}

    def __repr__(self):
        return f"<Call {self.id} {self.title!r}>"


class Criterion(db.Model):
    """A published scoring criterion: reviewers score each from 0 to `scale_max`."""

    __tablename__ = "criteria"

    id = db.Column(db.Integer, primary_key=True)
    call_id = db.Column(db.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    names = db.Column(db.JSON, nullable=False, default=dict)
    guidance = db.Column(db.JSON, nullable=False, default=dict)
    weight = db.Column(db.Numeric(6, 2), nullable=False, default=Decimal("1"))
    scale_max = db.Column(db.Integer, nullable=False, default=5)
    position = db.Column(db.Integer, nullable=False, default=0)

    call = db.relationship("Call", back_populates="criteria")

    __table_args__ = (
        sa.CheckConstraint("weight > 0", name="weight_positive"),
        sa.CheckConstraint("scale_max BETWEEN 1 AND 100", name="scale_range"),
    )

    @property
    def name(self):
        return translated(self.names)

    @property
    def guidance_text(self):
        return translated(self.guidance)
