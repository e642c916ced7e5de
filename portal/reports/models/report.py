"""A report due on a grant's schedule: its state, its submitted versions and the exchange
between the partner and the mission about it."""

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class ReportKind(StrEnum):
    INTERIM = "interim"
    FINAL = "final"

    @property
    def title(self):
        return {ReportKind.INTERIM: _l("Interim report"), ReportKind.FINAL: _l("Final report")}[self]


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"

    @property
    def title(self):
        return {
            ReportStatus.DRAFT: _lp("report status", "Draft"),
            ReportStatus.SUBMITTED: _lp("report status", "Submitted"),
            ReportStatus.CHANGES_REQUESTED: _lp("report status", "Changes requested"),
            ReportStatus.ACCEPTED: _lp("report status", "Accepted"),
        }[self]


class Report(db.Model):
    __tablename__ = "reports"

    id = db.Column(db.Integer, primary_key=True)
    grant_id = db.Column(db.ForeignKey("grants.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False, default=ReportKind.INTERIM)
    period_start = db.Column(db.Date, nullable=False)
    period_end = db.Column(db.Date, nullable=False)
    due_date = db.Column(db.Date, nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False, default=ReportStatus.DRAFT, index=True)
    language = db.Column(db.String(16), nullable=False, default="en")  # what it is written in
    # Bumped by every save: a save based on an older revision is a conflict, never an overwrite.
    revision = db.Column(db.Integer, nullable=False, default=1)
    first_submitted_at = db.Column(UTCDateTime(), nullable=True)
    submitted_at = db.Column(UTCDateTime(), nullable=True)
    accepted_at = db.Column(UTCDateTime(), nullable=True)
    accepted_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)

    grant = db.relationship("Grant", back_populates="reports")
    accepted_by = db.relationship("User")
    narrative = db.relationship("NarrativeSection", back_populates="report", cascade="all, delete-orphan",
                                order_by="NarrativeSection.component_id")
    financial_lines = db.relationship("FinancialLine", back_populates="report", cascade="all, delete-orphan",
                                      order_by="FinancialLine.position")
    indicator_values = db.relationship("IndicatorValue", back_populates="report", cascade="all, delete-orphan")
    attachments = db.relationship("ReportAttachment", back_populates="report", cascade="all, delete-orphan")
    versions = db.relationship("ReportVersion", back_populates="report", order_by="ReportVersion.number",
                               cascade="all, delete-orphan")
    comments = db.relationship("ReportComment", back_populates="report", order_by="ReportComment.id",
                               cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint("kind IN ('interim', 'final')", name="known_kind"),
        sa.CheckConstraint("status IN ('draft', 'submitted', 'changes_requested', 'accepted')",
                           name="known_status"),
        sa.CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    @property
    def kind_enum(self):
        return ReportKind(self.kind)

    @property
    def status_enum(self):
        return ReportStatus(self.status)

    @property
    def is_editable(self):
        return self.status in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)

    def is_late(self, today=None):
        """Not submitted by its due date (a report first sent after it stays on record as late)."""
        return self.first_submitted_at is None and (today or date.today()) > self.due_date

    @classmethod
    def late_condition(cls, today):
        """The same rule as `is_late`, in SQL, for lists and counts."""
        return sa.and_(cls.first_submitted_at.is_(None), cls.due_date < today)

    def __repr__(self):
        return f"<Report {self.id} {self.kind} {self.status}>"


class ReportVersion(db.Model):
    """A submitted report, frozen: what the mission accepted or asked to change."""

    __tablename__ = "report_versions"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)
    number = db.Column(db.Integer, nullable=False)
    snapshot = db.Column(db.JSON, nullable=False)
    submitted_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)
    submitted_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    report = db.relationship("Report", back_populates="versions")
    submitted_by = db.relationship("User")

    __table_args__ = (sa.UniqueConstraint("report_id", "number"),)


class ReportComment(db.Model):
    """The mission's request for changes, the partner's answer, the acceptance note."""

    __tablename__ = "report_comments"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind = db.Column(db.String(20), nullable=False)  # changes_requested, answer, accepted
    body = db.Column(db.Text, nullable=False)
    version_number = db.Column(db.Integer, nullable=True)
    created_at = created_at_column()

    report = db.relationship("Report", back_populates="comments")
    author = db.relationship("User")

    __table_args__ = (
        sa.CheckConstraint("kind IN ('changes_requested', 'answer', 'accepted')", name="known_kind"),
    )
