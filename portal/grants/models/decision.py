"""The mission's decisions on proposals, and the grants that approvals create."""

from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core.db import Money, created_at_column
from portal.extensions import db


class Outcome(StrEnum):
    APPROVE = "approve"
    REVISE = "revise"
    REJECT = "reject"

    @property
    def title(self):
        return {
            Outcome.APPROVE: _l("Approved"),
            Outcome.REVISE: _l("Revision requested"),
            Outcome.REJECT: _l("Rejected"),
        }[self]


class Decision(db.Model):
    __tablename__ = "decisions"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    outcome = db.Column(db.String(10), nullable=False)
    amount_eur = db.Column(Money(), nullable=True)  # granted, for an approval
    conditions = db.Column(db.Text, nullable=False, default="")
    reason = db.Column(db.Text, nullable=False, default="")  # for a rejection or a revision
    version_number = db.Column(db.Integer, nullable=False)  # the version decided upon
    decided_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at = created_at_column()

    proposal = db.relationship("Proposal", backref=db.backref("decisions", order_by="Decision.id"))
    decided_by = db.relationship("User")

    __table_args__ = (
        sa.CheckConstraint("outcome IN ('approve', 'revise', 'reject')", name="known_outcome"),
        sa.CheckConstraint("(outcome = 'approve') = (amount_eur IS NOT NULL)", name="approval_has_amount"),
        sa.CheckConstraint("amount_eur IS NULL OR amount_eur > 0", name="amount_positive"),
    )

    @property
    def outcome_enum(self):
        return Outcome(self.outcome)


class Grant(db.Model):
    __tablename__ = "grants"

    id = db.Column(db.Integer, primary_key=True)
    reference = db.Column(db.String(30), nullable=False, unique=True)  # e.g. THB-2026-007
    proposal_id = db.Column(db.ForeignKey("proposals.id"), nullable=False, unique=True)
    organisation_id = db.Column(db.ForeignKey("organisations.id"), nullable=False, index=True)
    amount_eur = db.Column(Money(), nullable=False)
    conditions = db.Column(db.Text, nullable=False, default="")
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date, nullable=False)
    agreement_date = db.Column(db.Date, nullable=True)
    # A financial report line may exceed its budget line by this much before it is flagged.
    overspend_tolerance_pct = db.Column(db.Numeric(5, 2), nullable=False, default=Decimal("10"))
    created_at = created_at_column()

    proposal = db.relationship("Proposal", backref=db.backref("grant", uselist=False))
    organisation = db.relationship("Organisation")
    instalments = db.relationship("Instalment", back_populates="grant", order_by="Instalment.number",
                                  cascade="all, delete-orphan")
    reports = db.relationship("Report", back_populates="grant", order_by="Report.due_date",
                              cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint("amount_eur > 0", name="amount_positive"),
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint("overspend_tolerance_pct BETWEEN 0 AND 100", name="tolerance_percentage"),
    )
