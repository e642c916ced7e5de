"""Reviews: assignments with a conflict-of-interest declaration, scores per criterion, and
the opinion of the embassy of each country a proposal touches."""

from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class Recommendation(StrEnum):
    APPROVE = "approve"
    REVISE = "revise"
    REJECT = "reject"

    @property
    def title(self):
        return {
            Recommendation.APPROVE: _l("Fund"),
            Recommendation.REVISE: _l("Ask for a revision"),
            Recommendation.REJECT: _l("Do not fund"),
        }[self]


class Opinion(StrEnum):
    FAVOURABLE = "favourable"
    RESERVED = "reserved"
    UNFAVOURABLE = "unfavourable"

    @property
    def title(self):
        return {
            Opinion.FAVOURABLE: _l("Favourable"),
            Opinion.RESERVED: _l("Reserved"),
            Opinion.UNFAVOURABLE: _l("Unfavourable"),
        }[self]


class ReviewAssignment(db.Model):
    __tablename__ = "review_assignments"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    reviewer_id = db.Column(db.ForeignKey("users.id"), nullable=False, index=True)
    assigned_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    assigned_at = created_at_column()
    # None until declared; True recuses the reviewer, for the record.
    has_conflict = db.Column(db.Boolean, nullable=True)
    conflict_note = db.Column(db.Text, nullable=False, default="")
    declared_at = db.Column(UTCDateTime(), nullable=True)

    proposal = db.relationship("Proposal")
    reviewer = db.relationship("User", foreign_keys=[reviewer_id])
    assigned_by = db.relationship("User", foreign_keys=[assigned_by_id])
    review = db.relationship("Review", back_populates="assignment", uselist=False,
                             cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("proposal_id", "reviewer_id"),)

    @property
    def may_review(self):
        return self.has_conflict is False

    @property
    def is_done(self):
        return self.has_conflict is True or (self.review is not None and self.review.is_submitted)


class Review(db.Model):
    __tablename__ = "reviews"

    id = db.Column(db.Integer, primary_key=True)
    assignment_id = db.Column(
        db.ForeignKey("review_assignments.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    recommendation = db.Column(db.String(10), nullable=True)
    comment = db.Column(db.Text, nullable=False, default="")
    submitted_at = db.Column(UTCDateTime(), nullable=True)
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)

    assignment = db.relationship("ReviewAssignment", back_populates="review")
    scores = db.relationship("Score", back_populates="review", cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint(
            "recommendation IS NULL OR recommendation IN ('approve', 'revise', 'reject')",
            name="known_recommendation",
        ),
    )

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Score(db.Model):
    __tablename__ = "scores"

    id = db.Column(db.Integer, primary_key=True)
    review_id = db.Column(db.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True)
    criterion_id = db.Column(db.ForeignKey("criteria.id", ondelete="CASCADE"), nullable=False)
    value = db.Column(db.Integer, nullable=False)
    comment = db.Column(db.Text, nullable=False, default="")

    review = db.relationship("Review", back_populates="scores")
    criterion = db.relationship("Criterion")

    __table_args__ = (
        sa.UniqueConstraint("review_id", "criterion_id"),
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
    )


class EmbassyOpinion(db.Model):
    __tablename__ = "embassy_opinions"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=False)
    author_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    opinion = db.Column(db.String(15), nullable=False)
    comment = db.Column(db.Text, nullable=False, default="")
    created_at = created_at_column()
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)

    proposal = db.relationship("Proposal")
    author = db.relationship("User")
    country = db.relationship("Country")

    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "country_code"),
        sa.CheckConstraint("opinion IN ('favourable', 'reserved', 'unfavourable')", name="known_opinion"),
    )

    @property
    def opinion_enum(self):
        return Opinion(self.opinion)
