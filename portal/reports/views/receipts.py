"""Receipts of a report: uploaded by its partner while it can be changed, downloaded only by
those who may see the report."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import visible_or_404
from portal.core.errors import OperationRefused
from portal.core.files import download_response, upload_rate_limit
from portal.core.forms import ConfirmForm
from portal.grants.models import BudgetCategory
from portal.reports.forms import ReceiptForm
from portal.reports.models import Report, ReportAttachment
from portal.reports.operations import drafts


def fill_line_choices(form, report):
    form.line_id.choices = [("", _("The report as a whole"))] + [
        (str(line.id), line_label(number, line)) for number, line in enumerate(report.financial_lines, start=1)
    ]


def line_label(number, line):
    """How a line is named to the partner: "2. Travel Bus tickets to Skopje"."""
    return " ".join(part for part in (f"{number}.", str(BudgetCategory(line.category).title), line.description)
                    if part)


@upload_rate_limit
def upload(report_id):
    report = visible_or_404(Report, report_id, "edit")
    form = ReceiptForm()
    fill_line_choices(form, report)
    if form.validate_on_submit():
        lines = {str(line.id): line for line in report.financial_lines}
        try:
            drafts.attach(report, form.file.data, lines.get(form.line_id.data), form.description.data or "",
                          current_user._get_current_object())
        except OperationRefused as refusal:
            form.file.errors.append(str(refusal))
        else:
            flash(_("The receipt is attached."), "success")
            return redirect(url_for("reports.edit_report", report_id=report.id) + "#receipts")
    return render_template("reports/receipt_form.html", report=report, form=form), 422


def remove(receipt_id):
    receipt = visible_or_404(ReportAttachment, receipt_id, "delete")
    report_id = receipt.report_id
    if ConfirmForm().validate_on_submit():
        try:
            drafts.detach(receipt)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The receipt is removed."), "info")
    return redirect(url_for("reports.edit_report", report_id=report_id) + "#receipts")


def download(receipt_id):
    receipt = visible_or_404(ReportAttachment, receipt_id)
    return download_response(receipt.file)
