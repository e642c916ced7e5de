"""Every model, imported once so that the metadata (and Alembic) sees all the tables."""

from portal.auth.models import Invitation, Membership, Organisation, PasswordReset, User
from portal.core.audit import AuditEvent
from portal.core.files import StoredFile
from portal.core.outbox import OutboxMessage
from portal.grants.models import (
    BudgetLine,
    Call,
    Criterion,
    Decision,
    EmbassyOpinion,
    Grant,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalVersion,
    Review,
    ReviewAssignment,
    Score,
)
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country, CountryCurrency, Currency, Priority, ProgrammeYear

__all__ = [
    "AuditEvent", "BreakdownCategory", "BreakdownDimension", "BudgetLine", "Call", "Component",
    "Country", "CountryCurrency", "Criterion", "Currency", "Decision", "EmbassyOpinion", "Grant",
    "Indicator", "IndicatorTarget", "Invitation", "Membership", "Organisation", "OutboxMessage",
    "PasswordReset", "Priority", "ProgrammeYear", "Proposal", "ProposalActivity",
    "ProposalAttachment", "ProposalVersion", "Review", "ReviewAssignment", "Score", "StoredFile", "User",
]
