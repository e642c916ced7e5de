"""A proposal: what a partner asks the mission to fund, saved as a draft until submitted."""

from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from portal.core import search
from portal.core.db import Money, UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def title(self):
        return {
            ProposalStatus.DRAFT: _lp("proposal status", "Draft"),
            ProposalStatus.SUBMITTED: _lp("proposal status", "Submitted"),
            ProposalStatus.REVISION_REQUESTED: _l("Revision requested"),
            ProposalStatus.APPROVED: _l("Approved"),
            ProposalStatus.REJECTED: _l("Rejected"),
        }[self]


class BudgetCategory(StrEnum):
    PERSONNEL = "personnel"
    ACTIVITIES = "activities"
    TRAVEL = "travel"
    EQUIPMENT = "equipment"
    OTHER = "other"
    INDIRECT = "indirect"

    @property
    def title(self):
        return {
            BudgetCategory.PERSONNEL: _l("Personnel"),
            BudgetCategory.ACTIVITIES: _l("Activities"),
            BudgetCategory.TRAVEL: _l("Travel"),
            BudgetCategory.EQUIPMENT: _l("Equipment"),
            BudgetCategory.OTHER: _l("Other costs"),
            BudgetCategory.INDIRECT: _l("Indirect costs"),
        }[self]


proposal_countries = db.Table(
    "proposal_countries",
    db.Column("proposal_id", db.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    db.Column("country_code", db.ForeignKey("countries.code"), primary_key=True),
)
proposal_components = db.Table(
    "proposal_components",
    db.Column("proposal_id", db.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    db.Column("component_id", db.ForeignKey("components.id"), primary_key=True),
)
proposal_priorities = db.Table(
    "proposal_priorities",
    db.Column("proposal_id", db.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    db.Column("priority_id", db.ForeignKey("priorities.id"), primary_key=True),
)


class Proposal(db.Model):
    __tablename__ = "proposals"

    id = db.Column(db.Integer, primary_key=True)
    call_id = db.Column(db.ForeignKey("calls.id"), nullable=False, index=True)
    organisation_id = db.Column(db.ForeignKey("organisations.id"), nullable=False, index=True)
    created_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    title = db.Column(db.String(300), nullable=False, default="")
    summary = db.Column(db.Text, nullable=False, default="")
    language = db.Column(db.String(16), nullable=False, default="en")  # what it is written in
    scope = db.Column(db.String(10), nullable=False, default="bilateral")
    start_date = db.Column(db.Date, nullable=True)
    end_date = db.Column(db.Date, nullable=True)
    status = db.Column(db.String(20), nullable=False, default=ProposalStatus.DRAFT, index=True)
    # Bumped by every save: a save based on an older revision is a conflict, never an overwrite.
    revision = db.Column(db.Integer, nullable=False, default=1)
    # Kept with the lines so that lists can sort and total without loading every line.
    requested_eur = db.Column(Money(), nullable=False, default=Decimal("0"))
    extension_until = db.Column(UTCDateTime(), nullable=True)
    submitted_at = db.Column(UTCDateTime(), nullable=True)
    created_at = created_at_column()
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)
    # The title folded for search in any script and case (portal.core.search).
    search_key = db.Column(db.String(400), nullable=False, default="", server_default="")

    call = db.relationship("Call")
    organisation = db.relationship("Organisation")
    created_by = db.relationship("User")
    countries = db.relationship("Country", secondary=proposal_countries, order_by="Country.code")
    components = db.relationship("Component", secondary=proposal_components, order_by="Component.position")
    priorities = db.relationship("Priority", secondary=proposal_priorities, order_by="Priority.position")
    activities = db.relationship(
        "ProposalActivity", back_populates="proposal", order_by="ProposalActivity.position",
        cascade="all, delete-orphan",
    )
    budget_lines = db.relationship(
        "BudgetLine", back_populates="proposal", order_by="BudgetLine.position", cascade="all, delete-orphan"
    )
    indicator_targets = db.relationship(
        "IndicatorTarget", back_populates="proposal", cascade="all, delete-orphan"
    )
    attachments = db.relationship(
        "ProposalAttachment", back_populates="proposal", cascade="all, delete-orphan"
    )
    versions = db.relationship(
        "ProposalVersion", back_populates="proposal", order_by="ProposalVersion.number",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.CheckConstraint("scope IN ('bilateral', 'regional')", name="known_scope"),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'revision_requested', 'approved', 'rejected')",
            name="known_status",
        ),
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="dates_in_order"),
    )

    @property
    def status_enum(self):
        return ProposalStatus(self.status)

    @property
    def is_editable(self):
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.REVISION_REQUESTED)

    @property
    def country_codes(self):
        return {country.code for country in self.countries}

    @property
    def submission_deadline(self):
        """The call's deadline, or the extension the mission granted this proposal."""
        if self.extension_until and self.extension_until > self.call.deadline_at:
            return self.extension_until
        return self.call.deadline_at

    def __repr__(self):
        return f"<Proposal {self.id} {self.status}>"


class ProposalActivity(db.Model):
    __tablename__ = "proposal_activities"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    component_id = db.Column(db.ForeignKey("components.id"), nullable=True)
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=True)
    title = db.Column(db.String(300), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    position = db.Column(db.Integer, nullable=False, default=0)

    proposal = db.relationship("Proposal", back_populates="activities")
    component = db.relationship("Component")
    country = db.relationship("Country")


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    category = db.Column(db.String(20), nullable=False)
    description = db.Column(db.String(300), nullable=False, default="")
    amount_eur = db.Column(Money(), nullable=False, default=Decimal("0"))  # asked of the mission
    cofunding_eur = db.Column(Money(), nullable=False, default=Decimal("0"))  # from other donors
    cofunding_source = db.Column(db.String(200), nullable=False, default="")
    position = db.Column(db.Integer, nullable=False, default=0)

    proposal = db.relationship("Proposal", back_populates="budget_lines")

    __table_args__ = (
        sa.CheckConstraint(
            "category IN ('personnel', 'activities', 'travel', 'equipment', 'other', 'indirect')",
            name="known_category",
        ),
        sa.CheckConstraint("amount_eur >= 0 AND cofunding_eur >= 0", name="amounts_not_negative"),
    )

    @property
    def category_enum(self):
        return BudgetCategory(self.category)


class IndicatorTarget(db.Model):
    """Baseline and target of one indicator, for one breakdown category or for the total."""

    __tablename__ = "indicator_targets"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    indicator_id = db.Column(db.ForeignKey("indicators.id"), nullable=False)
    category_id = db.Column(db.ForeignKey("breakdown_categories.id"), nullable=True)
    baseline = db.Column(db.Numeric(14, 2), nullable=True)
    target = db.Column(db.Numeric(14, 2), nullable=True)

    proposal = db.relationship("Proposal", back_populates="indicator_targets")
    indicator = db.relationship("Indicator")
    category = db.relationship("BreakdownCategory")

    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "indicator_id", "category_id"),
        sa.CheckConstraint("baseline IS NULL OR baseline >= 0", name="baseline_not_negative"),
        sa.CheckConstraint("target IS NULL OR target >= 0", name="target_not_negative"),
    )


class ProposalAttachment(db.Model):
    __tablename__ = "proposal_attachments"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    file_id = db.Column(db.ForeignKey("stored_files.id"), nullable=False)
    description = db.Column(db.String(300), nullable=False, default="")

    proposal = db.relationship("Proposal", back_populates="attachments")
    file = db.relationship("StoredFile")


class ProposalVersion(db.Model):
    """A submitted proposal, frozen: what the reviewers scored and what can be compared."""

    __tablename__ = "proposal_versions"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False)
    number = db.Column(db.Integer, nullable=False)
    snapshot = db.Column(db.JSON, nullable=False)
    submitted_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)
    submitted_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    proposal = db.relationship("Proposal", back_populates="versions")
    submitted_by = db.relationship("User")

    __table_args__ = (sa.UniqueConstraint("proposal_id", "number"),)


@sa.event.listens_for(Proposal, "before_insert")
@sa.event.listens_for(Proposal, "before_update")
def _fold_for_search(_mapper, _connection, proposal):
    proposal.search_key = search.search_key(proposal.title)[:400]
