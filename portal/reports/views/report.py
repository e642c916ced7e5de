"""A report as everyone allowed reads it, and its submitted versions."""

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user

from portal.annual.suppression import victim_threshold
from portal.core.access import can, visible_or_404
from portal.core.forms import ConfirmForm
from portal.embassy.masking import masked_report_values, masked_snapshot, suppression_note
from portal.extensions import db
from portal.reports.checks import submission_problems
from portal.reports.financial import spent_total, totals_by_category
from portal.reports.forms import AnswerForm
from portal.reports.models import Report, ReportVersion
from portal.reports.queries import HISTORY_TITLES, report_history
from portal.reports.snapshot import compare


def report(report_id):
    return render_report(visible_or_404(Report, report_id))


def render_report(report, answer_form=None, status=200):
    """The report page; `answer_form` carries a refused answer back with its typed text."""
    lines = report.financial_lines
    masked = masked_report_values(report, current_user)  # victim counts an embassy may not see
    return render_template(
        "reports/report.html",
        report=report, today=date.today(),
        totals=totals_by_category(report.grant, lines), spent=spent_total(lines),
        values=saved_values(report), masked=masked,
        suppression_note=suppression_note(victim_threshold()) if masked else None,
        problems=submission_problems(report) if can(current_user, "submit", report) else [],
        answer_form=answer_form or AnswerForm(formdata=None), confirm=ConfirmForm(),
        history=report_history(report), history_titles=HISTORY_TITLES,
    ), status


def saved_values(report):
    """The values given, by indicator then scope (the whole grant first, then each country),
    the total first and the categories in the catalogue's order. Values of an indicator
    retired since are shown too: they were reported."""
    by_indicator = {}
    for value in report.indicator_values:
        by_indicator.setdefault(value.indicator, []).append(value)
    groups = []
    for indicator in sorted(by_indicator, key=lambda i: (i.component.position, i.position, i.code)):
        values = sorted(by_indicator[indicator], key=lambda v: (
            v.country_code or "", v.category_id is not None,
            v.category.dimension.position if v.category else 0, v.category.position if v.category else 0))
        groups.append((indicator, values))
    return groups


def versions(report_id):
    """Two submitted versions side by side (the last two unless chosen)."""
    report = visible_or_404(Report, report_id)
    numbers = [v.number for v in report.versions]
    if not numbers:
        abort(404)
    newer = request.args.get("new", type=int) or numbers[-1]
    older = request.args.get("old", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    by_number = {v.number: v for v in report.versions}
    if older not in by_number or newer not in by_number:
        abort(404)
    return render_template(
        "reports/versions.html", report=report, numbers=numbers, older=by_number[older], newer=by_number[newer],
        rows=compare(masked_snapshot(by_number[older].snapshot, report.grant, current_user),
                     masked_snapshot(by_number[newer].snapshot, report.grant, current_user)),
    )


def version(report_id, number):
    report = visible_or_404(Report, report_id)
    frozen = db.session.scalar(db.select(ReportVersion).where(
        ReportVersion.report_id == report.id, ReportVersion.number == number))
    if frozen is None:
        abort(404)
    return render_template("reports/version.html", report=report, version=frozen,
                           snapshot=masked_snapshot(frozen.snapshot, report.grant, current_user))
