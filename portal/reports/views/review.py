"""The exchange about a submitted report: the mission accepts it or asks for changes, the
partner answers."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import visible_or_404
from portal.core.errors import OperationRefused
from portal.reports.financial import totals_by_category
from portal.reports.forms import AnswerForm, ReviewForm
from portal.reports.models import Report
from portal.reports.operations import workflow
from portal.reports.views.report import render_report


def review(report_id):
    report = visible_or_404(Report, report_id, "review")
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            workflow.review(report, current_user._get_current_object(), form.outcome.data, form.note.data)
        except OperationRefused as refusal:
            form.note.errors = [*form.note.errors, str(refusal)]
        else:
            if form.outcome.data == workflow.ACCEPT:
                flash(_("The report is accepted. The partner is told."), "success")
            else:
                flash(_("The report is sent back with your comment. The partner is told."), "success")
            return redirect(url_for("reports.report", report_id=report.id))
    return render_template(
        "reports/review_form.html", report=report, form=form,
        over_budget=[t for t in totals_by_category(report.grant, report.financial_lines) if t.over_tolerance],
    ), 422 if form.errors else 200


def answer(report_id):
    report = visible_or_404(Report, report_id, "answer")
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            workflow.answer(report, current_user._get_current_object(), form.body.data)
        except OperationRefused as refusal:
            form.body.errors = [*form.body.errors, str(refusal)]
        else:
            flash(_("Your answer is added. Change the report if needed, then submit it again."), "success")
            return redirect(url_for("reports.report", report_id=report.id) + "#comments")
    return render_report(report, answer_form=form, status=422)
