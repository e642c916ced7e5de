"""Proposals: partners write and submit them; everyone allowed reads them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.models import Organisation
from portal.auth.queries import country_choices
from portal.core.access import can, scope, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.extensions import db
from portal.grants import budget
from portal.grants.completeness import submission_problems
from portal.grants.forms.proposals import AttachmentForm, ExtensionForm
from portal.grants.models import Call, EmbassyOpinion, Proposal, ProposalStatus, ProposalVersion
from portal.grants.operations import proposals as operations
from portal.grants.queries import (
    HISTORY_TITLES,
    proposal_history,
    visible_calls,
    visible_proposals,
    working_translations,
)
from portal.grants.snapshot import compare
from portal.grants.views.proposal_form import build_form, read_form, target_labels
from portal.programme.models import Component, Priority, ProgrammeYear


def proposals():
    filters = {
        "call_id": request.args.get("call", type=int),
        "status": request.args.get("status") if request.args.get("status") in set(ProposalStatus) else None,
        "country": request.args.get("country") or None,
        "component_id": request.args.get("component", type=int),
        "priority_id": request.args.get("priority", type=int),
        "search": request.args.get("q", "")[:100] or None,
        "sort": request.args.get("sort", "updated"),
    }
    return render_template(
        "grants/proposals.html",
        proposals=visible_proposals(**filters),
        filters=filters,
        calls=visible_calls(),
        statuses=list(ProposalStatus),
        components=db.session.scalars(db.select(Component).order_by(Component.position)).all(),
        countries=country_choices(),
        priorities=db.session.scalars(
            db.select(Priority).join(Priority.programme_year).order_by(ProgrammeYear.year.desc(), Priority.position)
        ).all(),
    )


def start(call_id):
    """A partner starts a proposal for one of its organisations."""
    call = visible_or_404(Call, call_id, "apply")
    organisation = db.session.get(Organisation, request.form.get("organisation_id", type=int) or 0)
    if organisation is None or organisation.id not in current_user.organisation_ids:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    proposal = operations.start_proposal(call, organisation, current_user._get_current_object())
    flash(_("Your draft is created. Save it as often as you like; submit it before the deadline."), "success")
    return redirect(url_for("grants.edit_proposal", proposal_id=proposal.id))


def proposal(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id)
    lines = proposal.budget_lines
    return render_template(
        "grants/proposal.html",
        proposal=proposal,
        totals=budget.totals_by_category(lines),
        requested=budget.requested_total(lines),
        cofunding=budget.cofunding_total(lines),
        confirm=ConfirmForm(),
        problems=submission_problems(proposal) if can(current_user, "submit", proposal) else [],
        history=proposal_history(proposal),
        history_titles=HISTORY_TITLES,
        opinions=db.session.scalars(
            scope(current_user, EmbassyOpinion).where(EmbassyOpinion.proposal_id == proposal.id)
        ).all(),
        translations=working_translations(proposal),
    )


def edit(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id, "edit")
    form = build_form(proposal, request.form if request.method == "POST" else None)
    status, problems = 200, []
    if request.method == "POST":
        if not form.validate():
            status = 422
            flash(_("Some values are not valid: nothing was saved yet. Correct them and save again."), "danger")
        else:
            try:
                operations.save_draft(proposal, _revision(form), **read_form(form, proposal))
            except operations.EditConflict as conflict:
                flash(str(conflict), "warning")
                form.revision.raw_data = [str(proposal.revision)]  # the next save is a choice made knowingly
                status = 409
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
                return redirect(url_for("grants.proposal", proposal_id=proposal.id))
            else:
                if request.form.get("action") == "submit":
                    try:
                        operations.submit(proposal, current_user._get_current_object())
                    except operations.SubmissionRefused as refusal:
                        problems = refusal.problems
                        flash(_("Your draft is saved, but it cannot be submitted yet: see the list below."),
                              "warning")
                    else:
                        flash(_("Your proposal is submitted. The mission will let you know its decision."),
                              "success")
                        return redirect(url_for("grants.proposal", proposal_id=proposal.id))
                else:
                    flash(_("Your draft is saved."), "success")
                if not problems:
                    return redirect(url_for("grants.edit_proposal", proposal_id=proposal.id))
                form = build_form(proposal)
    indicators, categories = target_labels(form)
    return render_template(
        "grants/proposal_form.html",
        proposal=proposal, form=form, problems=problems, indicators=indicators, categories=categories,
        attachment_form=AttachmentForm(), confirm=ConfirmForm(),
        totals=budget.totals_by_category(proposal.budget_lines),
        requested=budget.requested_total(proposal.budget_lines),
        ceiling=budget.indirect_ceiling(proposal.budget_lines, proposal.call.indirect_ceiling_pct),
    ), status


def _revision(form):
    try:
        return int(form.revision.data)
    except (TypeError, ValueError):
        return -1


def versions(proposal_id):
    """Two submitted versions side by side (the last two unless chosen)."""
    proposal = visible_or_404(Proposal, proposal_id)
    numbers = [v.number for v in proposal.versions]
    if not numbers:
        abort(404)
    newer = request.args.get("new", type=int) or numbers[-1]
    older = request.args.get("old", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    by_number = {v.number: v for v in proposal.versions}
    if older not in by_number or newer not in by_number:
        abort(404)
    return render_template(
        "grants/versions.html", proposal=proposal, numbers=numbers, older=by_number[older],
        newer=by_number[newer], rows=compare(by_number[older].snapshot, by_number[newer].snapshot),
    )


def version(proposal_id, number):
    proposal = visible_or_404(Proposal, proposal_id)
    frozen = db.session.scalar(db.select(ProposalVersion).where(
        ProposalVersion.proposal_id == proposal.id, ProposalVersion.number == number))
    if frozen is None:
        abort(404)
    return render_template("grants/version.html", proposal=proposal, version=frozen)



def extend(proposal_id):
    """The mission lets one proposal be submitted after the call's deadline."""
    proposal = visible_or_404(Proposal, proposal_id, "extend")
    form = ExtensionForm()
    if form.validate_on_submit():
        try:
            operations.grant_extension(proposal, form.until.data)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The partner may submit this proposal until %(moment)s.",
                    moment=format_datetime(proposal.extension_until)), "success")
        return redirect(url_for("grants.proposal", proposal_id=proposal.id))
    return render_template("grants/extension_form.html", proposal=proposal, form=form), 422 if form.errors else 200
