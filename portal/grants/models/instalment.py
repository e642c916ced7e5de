"""Instalments: how the granted amount goes out, each possibly waiting for a report's acceptance."""

import sqlalchemy as sa

from portal.core.db import Money
from portal.extensions import db


class Instalment(db.Model):
    __tablename__ = "instalments"

    id = db.Column(db.Integer, primary_key=True)
    grant_id = db.Column(db.ForeignKey("grants.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    planned_date = db.Column(db.Date, nullable=False)
    planned_eur = db.Column(Money(), nullable=False)
    # Paid only once this report is accepted, when there is one.
    required_report_id = db.Column(db.ForeignKey("reports.id", ondelete="SET NULL"), nullable=True)
    paid_date = db.Column(db.Date, nullable=True)
    paid_eur = db.Column(Money(), nullable=True)

    grant = db.relationship("Grant", back_populates="instalments")
    required_report = db.relationship("Report")

    __table_args__ = (
        sa.UniqueConstraint("grant_id", "number"),
        sa.CheckConstraint("planned_eur > 0", name="planned_positive"),
        sa.CheckConstraint("paid_eur IS NULL OR paid_eur > 0", name="paid_positive"),
        sa.CheckConstraint("(paid_date IS NULL) = (paid_eur IS NULL)", name="paid_with_date"),
    )

    @property
    def is_paid(self):
        return self.paid_date is not None
