"""Assigning reviewers, declaring conflicts of interest, scoring, and embassy opinions.
Operations check the domain's rules, flush and record; the request commits."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import OperationRefused
from portal.core.outbox import queue_message
from portal.core.urls import absolute_url
from portal.extensions import db
from portal.grants.models import (
    EmbassyOpinion,
    Opinion,
    ProposalStatus,
    Recommendation,
    Review,
    ReviewAssignment,
    Score,
)

# Reviewers are assigned while the proposal is in the round: submitted, or back for revision.
ASSIGNABLE = (ProposalStatus.SUBMITTED, ProposalStatus.REVISION_REQUESTED)


def assign(proposals, reviewers, assigned_by):
    """Assign every reviewer to every proposal, skipping pairs already assigned.

    Refuses the whole lot, naming them, when a reviewer is a member of an applicant
    organisation (they cannot review it at all), is not an active reviewer, or when a proposal
    is not in the round. Each new reviewer is told by mail, in their language.
    """
    for proposal in proposals:
        if proposal.status not in ASSIGNABLE:
            raise OperationRefused(_l("“%(title)s” is not under review: reviewers cannot be assigned to it.",
                                      title=proposal.title))
    unfit = [r.name for r in reviewers if not (r.is_reviewer and r.is_active)]
    if unfit:
        raise OperationRefused(_l("Only active reviewer accounts can be assigned: %(names)s.",
                                  names=", ".join(unfit)))
    linked = [f"{r.name} ({p.organisation.name})" for p in proposals for r in reviewers
              if p.organisation_id in r.organisation_ids]
    if linked:
        raise OperationRefused(_l(
            "A member of the applicant organisation cannot review its proposal: %(names)s. Nobody was assigned.",
            names=", ".join(linked)))
    existing = {(proposal_id, reviewer_id) for proposal_id, reviewer_id in db.session.execute(
        select(ReviewAssignment.proposal_id, ReviewAssignment.reviewer_id)
        .where(ReviewAssignment.proposal_id.in_([p.id for p in proposals])))}
    created = []
    for proposal in proposals:
        for reviewer in reviewers:
            if (proposal.id, reviewer.id) in existing:
                continue
            assignment = ReviewAssignment(proposal=proposal, reviewer=reviewer, assigned_by_id=assigned_by.id)
            db.session.add(assignment)
            created.append(assignment)
    db.session.flush()
    for assignment in created:
        audit.record("review.assign", assignment, after={"proposal": assignment.proposal_id,
                                                         "reviewer": assignment.reviewer_id})
    _tell_reviewers(created)
    return created


def _tell_reviewers(assignments):
    by_reviewer = {}
    for assignment in assignments:
        by_reviewer.setdefault(assignment.reviewer, []).append(assignment)
    for reviewer, theirs in by_reviewer.items():
        queue_message("review_assigned", reviewer.email, reviewer.locale, {
            "reviewer": reviewer,
            "items": [(a.proposal, absolute_url("grants.declare_conflict", assignment_id=a.id)) for a in theirs],
            "dashboard_link": absolute_url("dashboard.index"),
        }, recipient=reviewer)


def unassign(assignment):
    """Remove an assignment whose review is not submitted; a declared conflict stays on record."""
    if assignment.review is not None and assignment.review.is_submitted:
        raise OperationRefused(_l("%(name)s has submitted a review: the assignment stays.",
                                  name=assignment.reviewer.name))
    if assignment.has_conflict:
        raise OperationRefused(_l("%(name)s declared a conflict of interest: the declaration stays on record.",
                                  name=assignment.reviewer.name))
    audit.record("review.unassign", assignment, before={"proposal": assignment.proposal_id,
                                                        "reviewer": assignment.reviewer_id,
                                                        "draft_review": assignment.review is not None})
    db.session.delete(assignment)
    db.session.flush()


def declare(assignment, has_conflict, note=""):
    """Record the reviewer's declaration; a conflict recuses them from the proposal for good."""
    if assignment.has_conflict is not None:
        raise OperationRefused(_l("You have already declared whether you have a conflict of interest."))
    note = (note or "").strip()
    if has_conflict and not note:
        raise OperationRefused(_l("Say in a few words what the conflict is."))
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_note = note if has_conflict else ""
    assignment.declared_at = utcnow()
    db.session.flush()
    audit.record("review.declare", assignment, before={"has_conflict": None},
                 after={"has_conflict": assignment.has_conflict, "note": assignment.conflict_note})


def save_review(assignment, scores, recommendation, comment, submit=False):
    """Save the reviewer's scores as a draft, or submit them, which freezes the review.

    `scores` maps each criterion id to (value or None, comment). Values lie on the
    criterion's scale; a submission needs every criterion scored and a recommendation.
    """
    if not assignment.may_review or assignment.proposal.status != ProposalStatus.SUBMITTED:
        raise OperationRefused(_l("This proposal is not open to your review."))
    review = assignment.review
    if review is not None and review.is_submitted:
        raise OperationRefused(_l("Your review is submitted and can no longer be changed."))
    criteria = assignment.proposal.call.criteria
    for criterion in criteria:
        value = scores.get(criterion.id, (None, ""))[0]
        if value is not None and not 0 <= value <= criterion.scale_max:
            raise OperationRefused(_l("Score %(criterion)s with a whole number from 0 to %(max)d.",
                                      criterion=criterion.name, max=criterion.scale_max))
    if recommendation is not None and recommendation not in set(Recommendation):
        raise OperationRefused(_l("Choose one of the recommendations offered."))
    if submit and (recommendation is None or any(scores.get(c.id, (None, ""))[0] is None for c in criteria)):
        raise OperationRefused(_l("Score every criterion and choose a recommendation before you submit."))
    if review is None:
        review = Review(assignment=assignment)
        db.session.add(review)
    kept = {score.criterion_id: score for score in review.scores}
    review.scores = []
    for criterion in criteria:
        value, note = scores.get(criterion.id, (None, ""))
        if value is None:
            continue
        score = kept.get(criterion.id) or Score(criterion=criterion)
        score.value, score.comment = value, note
        review.scores.append(score)
    review.recommendation = recommendation or None
    review.comment = (comment or "").strip()
    review.updated_at = utcnow()
    if submit:
        review.submitted_at = utcnow()
    db.session.flush()
    audit.record("review.submit" if submit else "review.save", review, after={
        "proposal": assignment.proposal_id, "recommendation": review.recommendation,
        "scores": {str(s.criterion_id): s.value for s in review.scores},
    })
    return review


def give_opinion(proposal, author, opinion, comment=""):
    """The embassy's opinion for its country; it may change it until the mission decides."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise OperationRefused(_l("The mission has decided on this proposal: the opinion can no longer change."))
    if not author.is_embassy or author.country_code not in proposal.country_codes:
        raise OperationRefused(_l("Only the embassy of a country the proposal takes place in gives an opinion."))
    if opinion not in set(Opinion):
        raise OperationRefused(_l("Choose one of the opinions offered."))
    record = db.session.scalar(select(EmbassyOpinion).where(
        EmbassyOpinion.proposal_id == proposal.id, EmbassyOpinion.country_code == author.country_code))
    before = {"opinion": record.opinion, "comment": record.comment} if record else None
    if record is None:
        record = EmbassyOpinion(proposal=proposal, country_code=author.country_code)
        db.session.add(record)
    record.opinion, record.comment, record.author = opinion, (comment or "").strip(), author
    record.updated_at = utcnow()
    db.session.flush()
    audit.record("proposal.opinion", record, before=before,
                 after={"proposal": proposal.id, "country": record.country_code, "opinion": opinion,
                        "comment": record.comment})
    return record
