"""Review pages: the mission assigns reviewers, reviewers declare conflicts and score, embassies
give their opinion. Each view loads, checks access, calls an operation, renders."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.access import authorize, scope, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.extensions import db
from portal.grants.forms.reviews import AssignForm, DeclarationForm, OpinionForm, review_form
from portal.grants.models import EmbassyOpinion, Proposal, Recommendation, Review, ReviewAssignment
from portal.grants.operations import reviews as operations
from portal.grants.scoring import proposal_scores


def active_reviewers():
    return db.session.scalars(
        select(User).where(User.role == "reviewer", User.is_active_account)
        .options(selectinload(User.memberships)).order_by(User.name)
    ).all()


def reviewer_choices(reviewers, organisation_ids=()):
    """Checkbox labels; members of an applicant organisation are marked (and refused if chosen)."""
    choices = []
    for reviewer in reviewers:
        label = f"{reviewer.name} <{reviewer.email}>"
        if reviewer.organisation_ids & set(organisation_ids):
            label += " · " + _("member of an applicant organisation")
        choices.append((reviewer.id, label))
    return choices


def assignments_of(proposal):
    return db.session.scalars(
        scope(current_user, ReviewAssignment)
        .where(ReviewAssignment.proposal_id == proposal.id)
        .options(selectinload(ReviewAssignment.reviewer), selectinload(ReviewAssignment.review))
        .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id)
    ).all()


def assign(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id, "assign")
    assignments = assignments_of(proposal)
    assigned = {a.reviewer_id for a in assignments}
    form = AssignForm()
    reviewers = [r for r in active_reviewers() if r.id not in assigned]
    form.reviewer_ids.choices = reviewer_choices(reviewers, {proposal.organisation_id})
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            chosen = [r for r in reviewers if r.id in set(form.reviewer_ids.data)]
            try:
                created = operations.assign([proposal], chosen, current_user._get_current_object())
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
            else:
                flash(ngettext("%(num)d reviewer assigned; they are told by mail.",
                               "%(num)d reviewers assigned; they are told by mail.", len(created)), "success")
                return redirect(url_for("grants.assign_reviewers", proposal_id=proposal.id))
    return render_template("grants/assign.html", proposal=proposal, assignments=assignments, form=form,
                           confirm=ConfirmForm()), status


def remove_assignment(assignment_id):
    assignment = visible_or_404(ReviewAssignment, assignment_id, "delete")
    proposal_id = assignment.proposal_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.unassign(assignment)
    except OperationRefused as refusal:
        flash(str(refusal), "warning")
    else:
        flash(_("The assignment is removed."), "success")
    return redirect(url_for("grants.assign_reviewers", proposal_id=proposal_id))


def declare(assignment_id):
    """Before seeing a proposal, its reviewer says whether they have a conflict of interest;
    afterwards the page shows what they declared."""
    assignment = visible_or_404(ReviewAssignment, assignment_id, "declare")
    form = DeclarationForm()
    if form.validate_on_submit():
        try:
            operations.declare(assignment, form.has_conflict.data == "yes", form.note.data)
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
        else:
            if assignment.has_conflict:
                flash(_("Your conflict of interest is recorded: this proposal will be reviewed by someone else."),
                      "info")
                return redirect(url_for("dashboard.index"))
            flash(_("Thank you. You can now read the proposal and write your review."), "success")
            return redirect(url_for("grants.proposal", proposal_id=assignment.proposal_id))
    return render_template("grants/declare.html", assignment=assignment, proposal=assignment.proposal,
                           form=form), 422 if form.is_submitted() else 200


def own_assignment(proposal):
    return db.session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.proposal_id == proposal.id, ReviewAssignment.reviewer_id == current_user.id))


def review(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id)
    assignment = own_assignment(proposal)
    if assignment is not None and assignment.review is not None and assignment.review.is_submitted:
        flash(_("Your review is submitted and can no longer be changed."), "info")
        return redirect(url_for("grants.reviews", proposal_id=proposal.id))
    authorize("review", proposal)
    criteria = proposal.call.criteria
    form = review_form(criteria, data=_review_data(assignment.review, criteria))
    submitting = request.form.get("action") == "submit"
    if form.is_submitted():
        if form.validate() and (not submitting or form.require_complete()):
            try:
                operations.save_review(assignment, form.scores(), form.recommendation.data or None,
                                       form.comment.data, submit=submitting)
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
            else:
                if submitting:
                    flash(_("Your review is submitted. You can now read the other reviews."), "success")
                    return redirect(url_for("grants.reviews", proposal_id=proposal.id))
                flash(_("Your draft review is saved."), "success")
                return redirect(url_for("grants.review", proposal_id=proposal.id))
        else:
            flash(_("Some scores are missing or not valid: nothing was saved. Correct them and try again."),
                  "danger")
    return render_template("grants/review_form.html", proposal=proposal, form=form, criteria=criteria,
                           assignment=assignment), 422 if form.is_submitted() else 200


def _review_data(review, criteria):
    if review is None:
        return {}
    data = {"recommendation": review.recommendation, "comment": review.comment}
    for score in review.scores:
        data[f"score_{score.criterion_id}"] = score.value
        data[f"comment_{score.criterion_id}"] = score.comment
    return data


def reviews(proposal_id):
    """The submitted reviews side by side, against the criteria of the call."""
    proposal = visible_or_404(Proposal, proposal_id, "see_reviews")
    # Every assignment of the proposal: "see_reviews" is what opens the others' reviews.
    assignments = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.proposal_id == proposal.id)
        .options(selectinload(ReviewAssignment.reviewer),
                 selectinload(ReviewAssignment.review).selectinload(Review.scores))
        .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id)
    ).all()
    submitted = [a for a in assignments if a.review is not None and a.review.is_submitted]
    opinions = db.session.scalars(
        scope(current_user, EmbassyOpinion).where(EmbassyOpinion.proposal_id == proposal.id)
        .order_by(EmbassyOpinion.country_code)
    ).all()
    return render_template(
        "grants/reviews.html", proposal=proposal, criteria=proposal.call.criteria, submitted=submitted,
        assignments=assignments if current_user.is_mission else [], opinions=opinions,
        scores=proposal_scores(proposal),
        values={a.id: {s.criterion_id: s for s in a.review.scores} for a in submitted},
        recommendation_titles={r.value: r.title for r in Recommendation},
    )


def opinion(proposal_id):
    """The embassy of a country the proposal takes place in gives, or changes, its opinion."""
    proposal = visible_or_404(Proposal, proposal_id, "give_opinion")
    given = db.session.scalar(select(EmbassyOpinion).where(
        EmbassyOpinion.proposal_id == proposal.id, EmbassyOpinion.country_code == current_user.country_code))
    form = OpinionForm(obj=given)
    if form.validate_on_submit():
        try:
            operations.give_opinion(proposal, current_user._get_current_object(), form.opinion.data,
                                    form.comment.data)
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
        else:
            flash(_("The embassy's opinion is recorded. You may change it until the mission decides."), "success")
            return redirect(url_for("grants.proposal", proposal_id=proposal.id))
    return render_template("grants/opinion_form.html", proposal=proposal, form=form, given=given), \
        422 if form.is_submitted() else 200
