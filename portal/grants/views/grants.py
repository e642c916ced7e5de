"""Grants after approval: the list, the grant page, and the mission's pages for its
instalments, its reporting schedule and its terms."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.queries import country_choices
from portal.core.access import can, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.core.money import total
from portal.embassy.masking import grant_figures
from portal.extensions import db
from portal.grants import progress
from portal.grants.forms.grants import GrantTermsForm, InstalmentsForm, ScheduleForm
from portal.grants.models import Grant
from portal.grants.operations import grants as operations
from portal.programme.models import Component

BLANK_ROWS = 2
PROPOSE = "propose"  # the button that offers the default plan or schedule


def grants():
    filters = {
        "year": request.args.get("year", type=int),
        "country": request.args.get("country") or None,
        "component_id": request.args.get("component", type=int),
        "status": request.args.get("status") if request.args.get("status") in progress.GRANT_STATUSES else None,
        "sort": request.args.get("sort") if request.args.get("sort") in progress.GRANT_SORTS else "reference",
        "search": request.args.get("q", "")[:100] or None,
    }
    page, rows = progress.visible_grants(date.today(), page=request.args.get("page", 1, type=int) or 1, **filters)
    return render_template(
        "grants/grants.html", rows=rows, page=page, filters=filters,
        years=progress.programme_years(), countries=country_choices(), statuses=progress.GRANT_STATUSES,
        components=db.session.scalars(db.select(Component).order_by(Component.position)).all(),
    )


def grant(grant_id):
    grant = visible_or_404(Grant, grant_id)
    terms = GrantTermsForm(formdata=None, obj=grant) if can(current_user, "manage", grant) else None
    return _render_grant(grant, terms)


def _render_grant(grant, terms, status=200):
    today = date.today()
    return render_template(
        "grants/grant.html", grant=grant, today=today, money=progress.money(grant),
        counts=progress.report_counts(grant.reports, today), indicators=progress.indicator_progress(grant),
        figures=grant_figures(grant, current_user),  # breakdowns, and victim counts masked for embassies
        instalment_state=progress.instalment_state, terms=terms,
    ), status


def edit_terms(grant_id):
    grant = visible_or_404(Grant, grant_id, "manage")
    form = GrantTermsForm()
    if form.validate_on_submit():
        try:
            operations.set_terms(grant, form.agreement_date.data, form.conditions.data,
                                 form.overspend_tolerance_pct.data)
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
        else:
            flash(_("The terms of the grant are saved."), "success")
            return redirect(url_for("grants.grant", grant_id=grant.id))
    return _render_grant(grant, form, status=422)


def edit_instalments(grant_id):
    grant = visible_or_404(Grant, grant_id, "manage")
    if request.method == "POST" and request.form.get("action") == PROPOSE:
        return _propose(grant, operations.propose_instalments, _("The default plan is proposed: check it."),
                        "grants.edit_instalments")
    if request.method == "POST":
        form = InstalmentsForm()
        _fill_report_choices(form.instalments, grant)
        if form.validate_on_submit():
            try:
                operations.save_instalments(grant, form.rows(), date.today())
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
            else:
                flash(_("The instalments are saved."), "success")
                return redirect(url_for("grants.grant", grant_id=grant.id))
        else:
            flash(_("Some values are not valid: nothing was saved yet. Correct them and save again."), "danger")
        return _render_instalments(grant, form, 422)
    unpaid = [i for i in grant.instalments if not i.is_paid]
    form = InstalmentsForm(formdata=None, data={"instalments": [
        {"instalment_id": i.id, "planned_date": i.planned_date, "planned_eur": i.planned_eur,
         "required_report_id": i.required_report_id} for i in unpaid]})
    for _row in range(BLANK_ROWS):
        form.instalments.append_entry()
    _fill_report_choices(form.instalments, grant)
    return _render_instalments(grant, form)


def _fill_report_choices(rows, grant):
    choices = [("", _("No report"))] + [(str(r.id), str(operations.report_label(r))) for r in grant.reports]
    for entry in rows:
        entry.form.required_report_id.choices = choices


def _render_instalments(grant, form, status=200):
    return render_template(
        "grants/instalments_form.html", grant=grant, form=form, confirm=ConfirmForm(),
        paid=[i for i in grant.instalments if i.is_paid], instalment_state=progress.instalment_state,
        planned=total(i.planned_eur for i in grant.instalments),
        by_id={i.id: i for i in grant.instalments},
    ), status


def edit_schedule(grant_id):
    grant = visible_or_404(Grant, grant_id, "manage")
    if request.method == "POST" and request.form.get("action") == PROPOSE:
        return _propose(grant, operations.propose_schedule, _("The default schedule is proposed: check it."),
                        "grants.edit_schedule")
    if request.method == "POST":
        form = ScheduleForm()
        if form.validate_on_submit():
            try:
                operations.save_schedule(grant, form.rows())
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
            else:
                flash(_("The reporting schedule is saved."), "success")
                return redirect(url_for("grants.grant", grant_id=grant.id))
        else:
            flash(_("Some values are not valid: nothing was saved yet. Correct them and save again."), "danger")
        return _render_schedule(grant, form, 422)
    open_reports = [r for r in grant.reports if operations.is_scheduled_only(r)]
    form = ScheduleForm(formdata=None, data={"reports": [
        {"report_id": r.id, "kind": r.kind, "period_start": r.period_start, "period_end": r.period_end,
         "due_date": r.due_date} for r in open_reports]})
    for _row in range(BLANK_ROWS):
        form.reports.append_entry()
    return _render_schedule(grant, form)


def _render_schedule(grant, form, status=200):
    return render_template(
        "grants/schedule_form.html", grant=grant, form=form, confirm=ConfirmForm(),
        submitted=[r for r in grant.reports if not operations.is_scheduled_only(r)],
        defaults=operations.default_schedule(grant),
    ), status


def _propose(grant, propose, message, endpoint):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        propose(grant)
    except OperationRefused as refusal:
        flash(str(refusal), "warning")
    else:
        flash(message, "success")
    return redirect(url_for(endpoint, grant_id=grant.id))
