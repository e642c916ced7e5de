"""The mission's pages of the round: the review board of a call (ranking, bulk assignment) and
the decision on a proposal."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import scope, visible_or_404
from portal.core.db import utcnow
from portal.core.errors import OperationRefused
from portal.extensions import db
from portal.grants.forms.decisions import DecisionForm
from portal.grants.forms.reviews import BulkAssignForm
from portal.grants.models import Call, EmbassyOpinion, Outcome, Proposal, ProposalStatus
from portal.grants.operations import decisions as operations
from portal.grants.operations.reviews import ASSIGNABLE, assign
from portal.grants.scoring import granted_in_call, proposal_scores, review_board
from portal.grants.views.reviews import active_reviewers, assignments_of, reviewer_choices


def board(call_id):
    call = visible_or_404(Call, call_id, "decide")
    return _render_board(call, BulkAssignForm(formdata=None))


def _render_board(call, form, status=200):
    ranked = review_board(call)
    _fill_bulk_choices(form, ranked)
    return render_template("grants/review_board.html", call=call, board=ranked, form=form), status


def _fill_bulk_choices(form, ranked):
    open_rows = [row.proposal for row in ranked.rows if row.proposal.status in ASSIGNABLE]
    form.proposal_ids.choices = [(p.id, p.title) for p in open_rows]
    form.reviewer_ids.choices = reviewer_choices(active_reviewers(), {p.organisation_id for p in open_rows})


def assign_in_bulk(call_id):
    """Assign every chosen reviewer to every chosen proposal; pairs already assigned are skipped."""
    call = visible_or_404(Call, call_id, "assign")
    form = BulkAssignForm()
    _fill_bulk_choices(form, review_board(call))
    if form.validate_on_submit():
        proposals = db.session.scalars(select(Proposal).where(
            Proposal.call_id == call.id, Proposal.id.in_(form.proposal_ids.data)).order_by(Proposal.id)).all()
        reviewers = [r for r in active_reviewers() if r.id in set(form.reviewer_ids.data)]
        try:
            created = assign(proposals, reviewers, current_user._get_current_object())
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
        else:
            skipped = len(proposals) * len(reviewers) - len(created)
            message = ngettext("%(num)d assignment made.", "%(num)d assignments made.", len(created))
            if skipped:
                message += " " + ngettext("%(num)d pair was already assigned.",
                                          "%(num)d pairs were already assigned.", skipped)
            flash(message, "success")
            return redirect(url_for("grants.review_board", call_id=call.id))
    return _render_board(call, form, status=422)


def decide(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id, "decide")
    form = DecisionForm(requested=proposal.requested_eur, today=utcnow().date())
    if form.validate_on_submit():
        try:
            operations.decide(
                proposal, current_user._get_current_object(), form.outcome.data,
                amount_eur=form.amount_eur.data, conditions=form.conditions.data, reason=form.reason.data,
                revision_due=form.revision_due.data,
            )
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
        else:
            flash(_decided_message(proposal), "success")
            return redirect(url_for("grants.proposal", proposal_id=proposal.id))
    opinions = db.session.scalars(
        scope(current_user, EmbassyOpinion).where(EmbassyOpinion.proposal_id == proposal.id)
        .order_by(EmbassyOpinion.country_code)
    ).all()
    return render_template(
        "grants/decide.html", proposal=proposal, form=form, scores=proposal_scores(proposal),
        assignments=assignments_of(proposal), opinions=opinions, granted=granted_in_call(proposal.call),
        is_open=proposal.status == ProposalStatus.SUBMITTED, outcomes=Outcome,
    ), 422 if form.is_submitted() else 200


def _decided_message(proposal):
    if proposal.status == ProposalStatus.APPROVED:
        return _("The proposal is approved and grant %(reference)s is created. The partner is told by mail.",
                 reference=proposal.grant.reference)
    if proposal.status == ProposalStatus.REVISION_REQUESTED:
        return _("A revision is requested. The partner is told by mail and can edit the proposal again.")
    return _("The proposal is rejected. The partner is told by mail, with the reason.")
