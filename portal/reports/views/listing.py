"""All the reports a user may see, filtered; and the mission's export of that list as CSV."""

import csv
import io
from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.queries import country_choices
from portal.core.access import authorize, can
from portal.core.audit import record
from portal.core.money import to_money
from portal.core.pagination import paginate
from portal.core.spreadsheets import formula_safe
from portal.extensions import db
from portal.programme.models import Component
from portal.reports.models import Report, ReportStatus
from portal.reports.queries import reporting_organisations, reports_statement, spent_by_report, visible_reports

# Cells a spreadsheet would run as a formula: a name typed by a partner must stay text.


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def current_filters():
    args = request.args
    return {
        "status": args.get("status") if args.get("status") in set(ReportStatus) else None,
        "late": args.get("late") == "1",
        "country": args.get("country") or None,
        "component_id": args.get("component", type=int),
        "organisation_id": args.get("organisation", type=int),
        "due_from": _day(args.get("due_from")),
        "due_to": _day(args.get("due_to")),
    }


def reports():
    filters, today = current_filters(), date.today()
    page = paginate(reports_statement(**filters, today=today))
    return render_template(
        "reports/reports.html", reports=page.items, page=page, filters=filters, today=today,
        statuses=list(ReportStatus),
        countries=country_choices(), organisations=reporting_organisations(),
        components=db.session.scalars(db.select(Component).order_by(Component.position)).all(),
        may_export=can(current_user, "export", Report), query=request.query_string.decode(),
    )


def export():
    """The filtered list as CSV: UTF-8 with a byte order mark, so that Excel reads the letters
    of every language of the region correctly; comma-separated, quoted by the csv module."""
    authorize("export", Report)
    filters, today = current_filters(), date.today()
    found = visible_reports(**filters, today=today)
    spent = spent_by_report([r.id for r in found])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Grant"), _("Organisation"), _("Countries"), _("Components"), _("Report"),
                     _("Period start"), _("Period end"), _("Due date"), _("Status"), _("Late"),
                     _("First submitted"), _("Last submitted"), _("Accepted"), _("Spent (EUR)")])
    for report in found:
        grant = report.grant
        writer.writerow([
            formula_safe(grant.reference), formula_safe(grant.organisation.name),
            " ".join(c.code for c in grant.proposal.countries), " ".join(c.code for c in grant.proposal.components),
            str(report.kind_enum.title), report.period_start.isoformat(), report.period_end.isoformat(),
            report.due_date.isoformat(), str(report.status_enum.title), _("Yes") if report.is_late(today) else _("No"),
            _moment(report.first_submitted_at), _moment(report.submitted_at), _moment(report.accepted_at),
            str(to_money(spent.get(report.id))),
        ])
    record("reports.export", after={"format": "csv", "rows": len(found),
                                    "filters": {k: str(v) for k, v in filters.items() if v}})
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers.set("Content-Disposition", "attachment", filename=f"reports-{today.isoformat()}.csv")
    response.headers["Cache-Control"] = "private, no-store"
    return response



def _moment(value):
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""
