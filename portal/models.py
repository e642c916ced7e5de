"""Every model, imported once so that the metadata (and Alembic) sees all the tables.

Nothing here is used by name: importing is the point (ruff: F401 is off for this file)."""

from portal.annual.models import MissionSetting, ProgrammingLine, YearSignoff
from portal.api.models import ApiToken
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
    Instalment,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalTranslation,
    ProposalVersion,
    Review,
    ReviewAssignment,
    Score,
)
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country, CountryCurrency, Currency, Priority, ProgrammeYear
from portal.reports.models import (
    FinancialLine,
    IndicatorValue,
    NarrativeSection,
    ReminderSent,
    Report,
    ReportAttachment,
    ReportComment,
    ReportVersion,
)
