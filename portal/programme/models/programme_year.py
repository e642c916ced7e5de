"""A programme year: the annual programming and, at its end, the annual review."""

import sqlalchemy as sa

from portal.core.db import Money
from portal.extensions import db


class ProgrammeYear(db.Model):
    __tablename__ = "programme_years"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False, unique=True)
    envelope_eur = db.Column(Money(), nullable=True)  # the year's planned budget, in euros
    notes = db.Column(db.Text, nullable=False, default="")
    is_closed = db.Column(db.Boolean, nullable=False, default=False)

    priorities = db.relationship(
        "Priority",
        back_populates="programme_year",
        order_by="Priority.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="plausible_year"),
        sa.CheckConstraint("envelope_eur IS NULL OR envelope_eur >= 0", name="envelope_not_negative"),
    )

    def __repr__(self):
        return f"<ProgrammeYear {self.year}>"
