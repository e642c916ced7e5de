"""Writing a report: saving drafts, attaching and removing receipts. Operations flush and
record; the request commits."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import OperationRefused
from portal.core.files import store_upload
from portal.core.money import convert_to_eur
from portal.extensions import db
from portal.reports.financial import EUR, default_currency, line_errors, spent_total
from portal.reports.models import FinancialLine, IndicatorValue, NarrativeSection, ReportAttachment

NOT_EDITABLE = _l("This report is submitted and can no longer be changed.")
NARRATIVE_TEXTS = ("done", "results", "difficulties", "next_steps")


class EditConflict(OperationRefused):
    """Someone saved the report since this form was opened: nothing was overwritten."""


def save_draft(report, expected_revision, *, language, narrative, lines, values):
    """Save whatever is there, complete or not, unless someone saved in between.

    `narrative`: one dict per component; `lines`: dicts of the financial lines in their order
    (with `line_id` for a line already saved, whose receipts stay attached to it); `values`:
    the indicator values given. Each line's euro amount is computed here, never taken from the
    form; a line in a currency not allowed on its date is refused.
    """
    db.session.refresh(report, with_for_update=True)  # of two saves at once, the second sees the first
    if not report.is_editable:
        raise OperationRefused(NOT_EDITABLE)
    if expected_revision != report.revision:
        raise EditConflict(_l(
            "Someone else saved this report while you were editing it. Nothing of yours is lost: "
            "your text is still in the form below. Check the saved version, then save again."
        ))
    before = {"revision": report.revision, "spent_eur": str(spent_total(report.financial_lines))}
    report.language = language
    _save_narrative(report, narrative)
    _save_lines(report, lines)
    report.indicator_values = [IndicatorValue(**value) for value in values]
    report.revision += 1
    report.updated_at = utcnow()
    db.session.flush()
    audit.record("report.save", report, before=before, after={
        "revision": report.revision, "lines": len(report.financial_lines),
        "spent_eur": str(spent_total(report.financial_lines)),
    })
    return report


def _save_narrative(report, narrative):
    allowed = {c.id for c in report.grant.proposal.components}
    sections = {section.component_id: section for section in report.narrative}
    for item in narrative:
        if item["component_id"] not in allowed:
            continue
        section = sections.get(item["component_id"])
        if section is None:
            section = NarrativeSection(component_id=item["component_id"])
            report.narrative.append(section)
        for key in NARRATIVE_TEXTS:
            setattr(section, key, item.get(key) or "")


def _save_lines(report, lines):
    grant = report.grant
    existing = {line.id: line for line in report.financial_lines}
    kept = []
    for position, item in enumerate(lines, start=1):
        item = dict(item)
        line = existing.pop(item.pop("line_id", None), None) or FinancialLine()
        _fill_line(grant, line, position, **item)
        kept.append(line)
    for attachment in report.attachments:
        if attachment.line_id in existing:
            attachment.line = None  # the receipt stays with the report when its line goes
    report.financial_lines = kept


def _fill_line(grant, line, position, *, category, description, spent_on, currency, amount, rate, rate_date,
               rate_source):
    errors = line_errors(grant, category=category, spent_on=spent_on, currency=currency, amount=amount, rate=rate)
    if errors:
        raise OperationRefused(_l("Financial line %(number)d: %(problem)s", number=position,
                                  problem=next(iter(errors.values()))))
    currency = currency or default_currency(grant, spent_on)
    rate = Decimal(1) if currency == EUR else Decimal(rate)
    line.position, line.category, line.description = position, category, description
    line.spent_on, line.currency, line.amount, line.rate = spent_on, currency, amount, rate
    line.rate_date, line.rate_source = rate_date, rate_source
    line.amount_eur = convert_to_eur(amount, rate)


def attach(report, upload, line, description, user):
    """A receipt or document for the report, for one of its lines when given."""
    if not report.is_editable:
        raise OperationRefused(NOT_EDITABLE)
    if line is not None and line.report_id != report.id:
        raise OperationRefused(_l("Choose a line of this report."))
    stored = store_upload(upload, user)
    attachment = ReportAttachment(report=report, file=stored, line=line, description=description.strip())
    db.session.add(attachment)
    db.session.flush()
    audit.record("report.attach", report, after={
        "file": stored.filename, "sha256": stored.sha256, "line": line.id if line else None})
    return attachment


def detach(attachment):
    report = attachment.report
    if not report.is_editable:
        raise OperationRefused(NOT_EDITABLE)
    audit.record("report.detach", report, before={"file": attachment.file.filename, "sha256": attachment.file.sha256})
    db.session.delete(attachment)
