from portal.grants.models.call import Call, Criterion
from portal.grants.models.decision import Decision, Grant, Outcome
from portal.grants.models.instalment import Instalment
from portal.grants.models.proposal import (
    BudgetCategory,
    BudgetLine,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalStatus,
    ProposalVersion,
)
from portal.grants.models.review import (
    EmbassyOpinion,
    Opinion,
    Recommendation,
    Review,
    ReviewAssignment,
    Score,
)
from portal.grants.models.translation import ProposalTranslation

__all__ = [
    "BudgetCategory", "BudgetLine", "Call", "Criterion", "Decision", "EmbassyOpinion", "Grant",
    "IndicatorTarget", "Instalment", "Opinion", "Outcome", "Proposal", "ProposalActivity", "ProposalAttachment",
    "ProposalStatus", "ProposalTranslation", "ProposalVersion", "Recommendation", "Review", "ReviewAssignment", "Score",
]
