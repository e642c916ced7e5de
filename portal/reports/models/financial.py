"""The financial report: spending by budget line in the currency actually spent, converted to
euros at the rate the partner used; receipts attached."""

import sqlalchemy as sa

from portal.core.db import Money
from portal.extensions import db


class FinancialLine(db.Model):
    __tablename__ = "financial_lines"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    category = db.Column(db.String(20), nullable=False)  # a budget category of the proposal
    description = db.Column(db.String(300), nullable=False, default="")
    spent_on = db.Column(db.Date, nullable=True)
    currency = db.Column(db.ForeignKey("currencies.code"), nullable=False)  # ISO 4217, as spent
    amount = db.Column(Money(), nullable=False)  # in `currency`
    # Units of `currency` for one euro, as the partner's bank or central bank gave it.
    rate = db.Column(db.Numeric(18, 8), nullable=False)
    rate_date = db.Column(db.Date, nullable=True)
    rate_source = db.Column(db.String(200), nullable=False, default="")
    amount_eur = db.Column(Money(), nullable=False)  # amount / rate, rounded half up to the cent
    position = db.Column(db.Integer, nullable=False, default=0)

    report = db.relationship("Report", back_populates="financial_lines")

    __table_args__ = (
        sa.CheckConstraint(
            "category IN ('personnel', 'activities', 'travel', 'equipment', 'other', 'indirect')",
            name="known_category",
        ),
        sa.CheckConstraint("amount >= 0 AND amount_eur >= 0", name="amounts_not_negative"),
        sa.CheckConstraint("rate > 0", name="rate_positive"),
    )


class ReportAttachment(db.Model):
    """A receipt or any document attached to a report, possibly for one line."""

    __tablename__ = "report_attachments"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    file_id = db.Column(db.ForeignKey("stored_files.id"), nullable=False)
    line_id = db.Column(db.ForeignKey("financial_lines.id", ondelete="SET NULL"), nullable=True)
    description = db.Column(db.String(300), nullable=False, default="")

    report = db.relationship("Report", back_populates="attachments")
    file = db.relationship("StoredFile")
    line = db.relationship("FinancialLine")
