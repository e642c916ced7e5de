"""Who sees and does what from call to decision.

Partners see their organisation's proposals and the published calls open to their
countries; reviewers see only the proposals assigned to them, once they declared no conflict
of interest; embassies see the submitted proposals that touch their country and give their
opinion on them; the mission sees and decides everything.
"""

from sqlalchemy import exists, false, select

from portal.extensions import db
from portal.grants.models import (
    Call,
    EmbassyOpinion,
    Grant,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    ReviewAssignment,
)
from portal.grants.models.call import call_countries
from portal.grants.models.proposal import proposal_countries


def assignment_of(user, proposal):
    return db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.proposal_id == proposal.id, ReviewAssignment.reviewer_id == user.id
        )
    )


def _partner_countries(user):
    return {membership.organisation.country_code for membership in user.memberships}


# --- calls ---------------------------------------------------------------------------------


def view_call(user, call):
    if user.is_mission:
        return True
    if not call.is_published:
        return False  # drafts are the mission's
    if user.is_partner:
        return bool(_partner_countries(user) & call.country_codes)
    if user.is_embassy:
        return user.country_code in call.country_codes
    return user.is_reviewer


def apply_to_call(user, call):
    return user.is_partner and call.is_open and bool(_partner_countries(user) & call.country_codes)


def scope_calls(user, statement):
    if user.is_mission:
        return statement
    published = statement.where(Call.is_published)
    if user.is_reviewer:
        return published
    countries = _partner_countries(user) if user.is_partner else {user.country_code} if user.is_embassy else set()
    if not countries:
        return statement.where(false())
    eligible = exists().where(call_countries.c.call_id == Call.id, call_countries.c.country_code.in_(countries))
    return published.where(eligible)


# --- proposals -----------------------------------------------------------------------------


def view_proposal(user, proposal):
    if user.is_mission:
        return True
    if user.is_partner:
        return proposal.organisation_id in user.organisation_ids
    if user.is_reviewer:
        assignment = assignment_of(user, proposal)
        return assignment is not None and assignment.has_conflict is False
    if user.is_embassy:
        return proposal.status != ProposalStatus.DRAFT and user.country_code in proposal.country_codes
    return False


def edit_proposal(user, proposal):
    return user.is_partner and proposal.organisation_id in user.organisation_ids and proposal.is_editable


def declare_conflict(user, proposal):
    assignment = assignment_of(user, proposal) if user.is_reviewer else None
    return assignment is not None and assignment.has_conflict is None


def review_proposal(user, proposal):
    if not user.is_reviewer or proposal.status != ProposalStatus.SUBMITTED:
        return False
    assignment = assignment_of(user, proposal)
    return assignment is not None and assignment.has_conflict is False


def see_reviews(user, proposal):
    """The mission sees every review; a reviewer sees the others' once theirs is submitted."""
    if user.is_mission:
        return True
    assignment = assignment_of(user, proposal) if user.is_reviewer else None
    return bool(assignment and assignment.review and assignment.review.is_submitted)


def give_opinion(user, proposal):
    return (
        user.is_embassy
        and proposal.status == ProposalStatus.SUBMITTED
        and user.country_code in proposal.country_codes
    )


def translate_proposal(user, proposal):
    """Reviewers who may read a submitted proposal, and the mission, add a working translation."""
    if proposal.status == ProposalStatus.DRAFT:
        return False
    return user.is_mission or (user.is_reviewer and view_proposal(user, proposal))


def see_decisions(user, proposal):
    """The partner, the mission and the embassies concerned read the decisions; reviewers do not."""
    return not user.is_reviewer and view_proposal(user, proposal)


def mission_only(user, _target):
    return user.is_mission


def scope_proposals(user, statement):
    if user.is_mission:
        return statement
    if user.is_partner:
        return statement.where(Proposal.organisation_id.in_(user.organisation_ids or [-1]))
    if user.is_reviewer:
        assigned = exists().where(
            ReviewAssignment.proposal_id == Proposal.id,
            ReviewAssignment.reviewer_id == user.id,
            ReviewAssignment.has_conflict.is_(False),
        )
        return statement.where(assigned)
    if user.is_embassy:
        touches_country = exists().where(
            proposal_countries.c.proposal_id == Proposal.id,
            proposal_countries.c.country_code == user.country_code,
        )
        return statement.where(Proposal.status != ProposalStatus.DRAFT, touches_country)
    return statement.where(false())


# --- assignments, opinions, attachments, grants --------------------------------------------


def view_assignment(user, assignment):
    return user.is_mission or assignment.reviewer_id == user.id


def declare_on_assignment(user, assignment):
    """Only the reviewer assigned declares, and sees their declaration; once made it stays."""
    return user.is_reviewer and assignment.reviewer_id == user.id


def scope_assignments(user, statement):
    if user.is_mission:
        return statement
    if user.is_reviewer:
        return statement.where(ReviewAssignment.reviewer_id == user.id)
    return statement.where(false())


def view_opinion(user, opinion):
    return user.is_mission or (user.is_embassy and opinion.country_code == user.country_code)


def scope_opinions(user, statement):
    if user.is_mission:
        return statement
    if user.is_embassy:
        return statement.where(EmbassyOpinion.country_code == user.country_code)
    return statement.where(false())


def view_attachment(user, attachment):
    return view_proposal(user, attachment.proposal)


def view_grant(user, grant):
    if user.is_mission:
        return True
    if user.is_partner:
        return grant.organisation_id in user.organisation_ids
    if user.is_embassy:
        return user.country_code in grant.proposal.country_codes
    return False


def scope_grants(user, statement):
    if user.is_mission:
        return statement
    if user.is_partner:
        return statement.where(Grant.organisation_id.in_(user.organisation_ids or [-1]))
    if user.is_embassy:
        # Not a correlated EXISTS: statements that join proposal_countries themselves (the
        # roll-up by country) would correlate it away.
        touches_country = select(proposal_countries.c.proposal_id).where(
            proposal_countries.c.country_code == user.country_code)
        return statement.where(Grant.proposal_id.in_(touches_country))
    return statement.where(false())


RULES = {
    (Call, "view"): view_call,
    (Call, "apply"): apply_to_call,
    (Call, "create"): mission_only,
    (Call, "edit"): mission_only,
    (Call, "assign"): mission_only,
    (Call, "decide"): mission_only,
    (Proposal, "view"): view_proposal,
    (Proposal, "edit"): edit_proposal,
    (Proposal, "submit"): edit_proposal,
    (Proposal, "declare_conflict"): declare_conflict,
    (Proposal, "review"): review_proposal,
    (Proposal, "see_reviews"): see_reviews,
    (Proposal, "give_opinion"): give_opinion,
    (Proposal, "see_decisions"): see_decisions,
    (Proposal, "translate"): translate_proposal,
    (Proposal, "assign"): mission_only,
    (Proposal, "decide"): mission_only,
    (Proposal, "extend"): mission_only,
    (ReviewAssignment, "view"): view_assignment,
    (ReviewAssignment, "delete"): mission_only,
    (ReviewAssignment, "declare"): declare_on_assignment,
    (EmbassyOpinion, "view"): view_opinion,
    (ProposalAttachment, "view"): view_attachment,
    (ProposalAttachment, "delete"): lambda user, attachment: edit_proposal(user, attachment.proposal),
    (Grant, "view"): view_grant,
}

SCOPES = {
    Call: scope_calls,
    Proposal: scope_proposals,
    ReviewAssignment: scope_assignments,
    EmbassyOpinion: scope_opinions,
    Grant: scope_grants,
}
