"""The partner writes the report: narrative, financial lines, indicator values; saves drafts
and submits."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import authorize, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.reports.financial import spent_total, totals_by_category
from portal.reports.forms import AnswerForm, ReceiptForm
from portal.reports.models import Report
from portal.reports.operations import drafts, workflow
from portal.reports.views.receipts import fill_line_choices
from portal.reports.views.report_form import build_form, check_lines, read_form, value_groups


def edit(report_id):
    report = visible_or_404(Report, report_id, "edit")
    form = build_form(report, request.form if request.method == "POST" else None)
    status, problems = 200, []
    if request.method == "POST":
        valid = form.validate()
        if not (check_lines(form, report.grant) and valid):
            status = 422
            flash(_("Some values are not valid: nothing was saved yet. Correct them and save again."), "danger")
        else:
            no_spending = bool(form.no_spending.data)
            try:
                drafts.save_draft(report, _revision(form), **read_form(form, report))
            except drafts.EditConflict as conflict:
                flash(str(conflict), "warning")
                form.revision.raw_data = [str(report.revision)]  # the next save is a choice made knowingly
                status = 409
            except OperationRefused as refusal:
                flash(str(refusal), "danger")
                status = 422
            else:
                if request.form.get("action") == "submit":
                    authorize("submit", report)
                    try:
                        workflow.submit(report, current_user._get_current_object(), no_spending=no_spending)
                    except workflow.SubmissionRefused as refusal:
                        problems = refusal.problems
                        flash(_("Your draft is saved, but it cannot be submitted yet: see the list below."),
                              "warning")
                    else:
                        flash(_("Your report is submitted. The mission will accept it or ask for changes."),
                              "success")
                        return redirect(url_for("reports.report", report_id=report.id))
                else:
                    flash(_("Your draft is saved."), "success")
                if not problems:
                    return redirect(url_for("reports.edit_report", report_id=report.id))
                form = build_form(report)
                form.no_spending.data = no_spending
    receipt_form = ReceiptForm(formdata=None)
    fill_line_choices(receipt_form, report)
    return render_template(
        "reports/report_form.html", report=report, form=form, problems=problems,
        groups=value_groups(form, report.grant), receipt_form=receipt_form, confirm=ConfirmForm(),
        answer_form=AnswerForm(formdata=None), today=date.today(),
        totals=totals_by_category(report.grant, report.financial_lines), spent=spent_total(report.financial_lines),
    ), status


def _revision(form):
    try:
        return int(form.revision.data)
    except (TypeError, ValueError):
        return -1
