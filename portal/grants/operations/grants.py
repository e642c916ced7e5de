"""A grant after approval: its reporting schedule, its instalments and its terms.
Operations check the domain's rules before they change anything, flush and record; the
request commits."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import format_currency, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from portal.core import audit
from portal.core.errors import OperationRefused
from portal.core.money import percentage_of, to_money, total
from portal.extensions import db
from portal.grants.models import Instalment
from portal.reports.models import ReminderSent, Report, ReportKind, ReportStatus

INTERIM_EVERY_MONTHS = 6
INTERIM_DUE_AFTER = timedelta(days=30)
FINAL_DUE_AFTER = timedelta(days=60)
FIRST_INSTALMENT_PCT = Decimal("60")


def add_months(day, months):
    """The same day `months` later, or that month's last day when it is shorter (31 Aug + 6: 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_end(start, months):
    """The last day of a period of `months` months that begins on `start`."""
    return add_months(start, months) - timedelta(days=1)


def report_label(report):
    return _l("%(kind)s of %(start)s – %(end)s", kind=report.kind_enum.title,
              start=format_date(report.period_start, "medium"), end=format_date(report.period_end, "medium"))


def _money(amount):
    return format_currency(amount, "EUR")


# --- the reporting schedule ------------------------------------------------------------------


def default_schedule(grant):
    """Interim reports for every six months of the grant that end before it does, each due 30
    days after its period; a final report on the whole grant, due 60 days after its end."""
    rows, period_start, months = [], grant.start_date, INTERIM_EVERY_MONTHS
    while (period_end := months_end(grant.start_date, months)) < grant.end_date:
        rows.append({"kind": ReportKind.INTERIM, "period_start": period_start, "period_end": period_end,
                     "due_date": period_end + INTERIM_DUE_AFTER})
        period_start, months = period_end + timedelta(days=1), months + INTERIM_EVERY_MONTHS
    rows.append({"kind": ReportKind.FINAL, "period_start": grant.start_date, "period_end": grant.end_date,
                 "due_date": grant.end_date + FINAL_DUE_AFTER})
    return rows


def propose_schedule(grant):
    """Give a grant without reports the default schedule, as drafts in its organisation's language."""
    if grant.reports:
        raise OperationRefused(_l("This grant already has a reporting schedule: edit it instead."))
    for row in default_schedule(grant):
        grant.reports.append(Report(language=grant.organisation.locale, status=ReportStatus.DRAFT, **row))
    db.session.flush()
    audit.record("grant.schedule", grant, before=[], after=_schedule_record(grant))


def is_scheduled_only(report):
    """Not submitted yet: the mission may still move or remove it."""
    return report.first_submitted_at is None and report.status == ReportStatus.DRAFT


def save_schedule(grant, rows):
    """Change, add and remove the reports not yet submitted.

    `rows`: dicts with `report_id` (None for a new report), `kind`, `period_start`,
    `period_end`, `due_date` and `remove`. Reports not named stay as they are. Every period lies
    within the grant's dates and ends before its report is due; the schedule keeps exactly one
    final report; a report an unpaid instalment waits for is not removed.
    """
    db.session.refresh(grant, with_for_update=True)  # two officers saving at once: one after the other
    existing = {report.id: report for report in grant.reports}
    changes, removals = [], []
    for row in rows:
        report = existing.get(row["report_id"]) if row["report_id"] is not None else None
        if row["report_id"] is not None and report is None:
            raise OperationRefused(_l("One of these reports no longer exists. Reload the page and try again."))
        if report is not None:
            db.session.refresh(report, with_for_update=True)  # a submission at the same moment: one waits
        if report is not None and not is_scheduled_only(report):
            raise OperationRefused(_l("%(report)s: the partner has submitted it, it can no longer be moved "
                                      "or removed.", report=report_label(report)))
        if row["remove"]:
            if report is not None:
                _check_removable(grant, report)
                removals.append(report)
            continue
        _check_period(grant, row)
        changes.append((report, row))
    touched = {report.id for report in removals} | {report.id for report, _row in changes if report is not None}
    kinds = [r.kind for r in grant.reports if r.id not in touched] + [row["kind"] for _report, row in changes]
    if kinds.count(ReportKind.FINAL) != 1:
        raise OperationRefused(_l("The schedule needs exactly one final report."))
    before = _schedule_record(grant)
    for report in removals:
        grant.reports.remove(report)
    for report, row in changes:
        if report is None:
            report = Report(language=grant.organisation.locale, status=ReportStatus.DRAFT)
            grant.reports.append(report)
        elif report.due_date != row["due_date"]:
            # A new due date is a new deadline: its reminders go out again, from scratch.
            db.session.execute(delete(ReminderSent).where(ReminderSent.report_id == report.id))
        for name in ("kind", "period_start", "period_end", "due_date"):
            setattr(report, name, row[name])
    db.session.flush()
    grant.reports.sort(key=lambda report: (report.due_date, report.id))
    audit.record("grant.schedule", grant, before=before, after=_schedule_record(grant))


def _check_removable(grant, report):
    waiting = [i.number for i in grant.instalments if i.required_report_id == report.id and not i.is_paid]
    if waiting:
        raise OperationRefused(_l("Instalment %(number)d waits for this report (%(report)s): tie it to another "
                                  "report before removing this one.", number=waiting[0],
                                  report=report_label(report)))


def _check_period(grant, row):
    if row["kind"] not in set(ReportKind):
        raise OperationRefused(_l("Choose whether each report is interim or final."))
    start, end, due = row["period_start"], row["period_end"], row["due_date"]
    if None in (start, end, due):
        raise OperationRefused(_l("Give each report its period and the date it is due."))
    if end < start:
        raise OperationRefused(_l("A report's period must end after it starts (%(start)s – %(end)s).",
                                  start=format_date(start, "medium"), end=format_date(end, "medium")))
    if start < grant.start_date or end > grant.end_date:
        raise OperationRefused(_l("A report's period must lie within the grant's dates (%(start)s – %(end)s).",
                                  start=format_date(grant.start_date, "medium"),
                                  end=format_date(grant.end_date, "medium")))
    if due < end:
        raise OperationRefused(_l("A report cannot be due before its period ends (%(end)s).",
                                  end=format_date(end, "medium")))


def _schedule_record(grant):
    return [{"report": r.id, "kind": r.kind, "period_start": r.period_start.isoformat(),
             "period_end": r.period_end.isoformat(), "due_date": r.due_date.isoformat()} for r in grant.reports]


# --- instalments -------------------------------------------------------------------------------


def default_instalments(grant):
    """All at once for a grant of less than twelve months; otherwise 60% at the start and the
    rest once the first interim report is accepted."""
    first_date = grant.agreement_date or grant.start_date
    interims = [r for r in grant.reports if r.kind == ReportKind.INTERIM]
    if grant.end_date < months_end(grant.start_date, 12) or not interims:
        return [{"planned_date": first_date, "planned_eur": grant.amount_eur, "required_report": None}]
    interim = min(interims, key=lambda report: report.period_end)
    first = percentage_of(grant.amount_eur, FIRST_INSTALMENT_PCT)
    return [
        {"planned_date": first_date, "planned_eur": first, "required_report": None},
        {"planned_date": interim.due_date, "planned_eur": grant.amount_eur - first, "required_report": interim},
    ]


def propose_instalments(grant):
    """Give a grant without instalments the default plan."""
    if grant.instalments:
        raise OperationRefused(_l("This grant already has instalments: edit them instead."))
    for number, row in enumerate(default_instalments(grant), 1):
        grant.instalments.append(Instalment(number=number, **row))
    db.session.flush()
    audit.record("grant.instalments", grant, before=[], after=_plan_record(grant))


def propose_defaults(grant):
    """The default schedule, then the default instalments that wait for its first interim report."""
    propose_schedule(grant)
    propose_instalments(grant)


def save_instalments(grant, rows, today):
    """Change the plan of the unpaid instalments, add or remove some, and record payments.

    `rows`: dicts with `instalment_id` (None for a new one), `planned_date`, `planned_eur`,
    `required_report_id`, `paid_date`, `paid_eur` and `remove`; instalments not named stay as
    they are. Paid instalments never change. The planned amounts add up exactly to the amount
    granted; an instalment tied to a report is paid only once that report is accepted.
    """
    db.session.refresh(grant, with_for_update=True)
    existing = {instalment.id: instalment for instalment in grant.instalments}
    reports = {report.id: report for report in grant.reports}
    changes, removed = [], set()
    for row in rows:
        instalment = existing.get(row["instalment_id"]) if row["instalment_id"] is not None else None
        if row["instalment_id"] is not None and instalment is None:
            raise OperationRefused(_l("One of these instalments no longer exists. Reload the page and try again."))
        if instalment is not None and instalment.is_paid:
            raise OperationRefused(_l("Instalment %(number)d is paid: it can no longer be changed or removed.",
                                      number=instalment.number))
        if row["remove"]:
            if instalment is not None:
                removed.add(instalment.id)
            continue
        if row["planned_date"] is None or row["planned_eur"] is None or row["planned_eur"] <= 0:
            raise OperationRefused(_l("Give each instalment a planned date and an amount above zero."))
        if row["required_report_id"] is not None and row["required_report_id"] not in reports:
            raise OperationRefused(_l("An instalment can only wait for a report of this grant."))
        _check_payment(row, reports.get(row["required_report_id"]), today)
        changes.append((instalment, row))
    touched = removed | {instalment.id for instalment, _row in changes if instalment is not None}
    untouched = [i for i in grant.instalments if i.id not in touched]
    _check_plan_total(grant, [i.planned_eur for i in untouched] + [row["planned_eur"] for _i, row in changes])
    paid = total([i.paid_eur for i in untouched] + [row["paid_eur"] for _i, row in changes])
    if paid > grant.amount_eur:
        raise OperationRefused(_l("The payments would add up to %(paid)s, more than the %(granted)s granted.",
                                  paid=_money(paid), granted=_money(grant.amount_eur)))
    before = _plan_record(grant)
    payments = _apply_plan(grant, removed, changes)
    audit.record("grant.instalments", grant, before=before, after=_plan_record(grant))
    for instalment in payments:
        audit.record("instalment.pay", instalment, after={
            "number": instalment.number, "paid_date": instalment.paid_date.isoformat(),
            "paid_eur": str(instalment.paid_eur), "required_report": instalment.required_report_id,
        })


def _check_plan_total(grant, amounts):
    planned, granted = total(amounts), to_money(grant.amount_eur)
    if planned < granted:
        raise OperationRefused(_l("The instalments add up to %(planned)s, not the %(granted)s granted: "
                                  "%(difference)s missing.", planned=_money(planned), granted=_money(granted),
                                  difference=_money(granted - planned)))
    if planned > granted:
        raise OperationRefused(_l("The instalments add up to %(planned)s, not the %(granted)s granted: "
                                  "%(difference)s too much.", planned=_money(planned), granted=_money(granted),
                                  difference=_money(planned - granted)))


def _check_payment(row, report, today):
    if (row["paid_date"] is None) != (row["paid_eur"] is None) or (row["paid_eur"] is not None
                                                                   and row["paid_eur"] <= 0):
        raise OperationRefused(_l("A payment needs both its date and an amount above zero."))
    if row["paid_date"] is None:
        return
    if row["paid_date"] > today:
        raise OperationRefused(_l("A payment cannot be dated in the future."))
    if report is not None and report.status != ReportStatus.ACCEPTED:
        raise OperationRefused(_l("This instalment waits for a report (%(report)s): it cannot be marked paid "
                                  "before that report is accepted.", report=report_label(report)))


def _apply_plan(grant, removed, changes):
    """Apply the checked plan; return the instalments paid by it."""
    payments = []
    for instalment in [i for i in grant.instalments if i.id in removed]:
        grant.instalments.remove(instalment)
    for instalment, row in changes:
        if instalment is None:
            instalment = Instalment(number=0)  # numbered below
            grant.instalments.append(instalment)
        instalment.planned_date, instalment.planned_eur = row["planned_date"], to_money(row["planned_eur"])
        instalment.required_report_id = row["required_report_id"]
        if row["paid_date"] is not None:
            instalment.paid_date, instalment.paid_eur = row["paid_date"], to_money(row["paid_eur"])
            payments.append(instalment)
    _renumber(grant)
    return payments


def _renumber(grant):
    """Paid instalments keep their number (it is on the payment order); the others, new ones
    included, take the free numbers in the order of their planned dates."""
    fixed = {i.number for i in grant.instalments if i.is_paid and i.number > 0}
    others = sorted((i for i in grant.instalments if i.number not in fixed),
                    key=lambda i: (i.planned_date, i.number))
    free = (number for number in range(1, len(grant.instalments) + len(fixed) + 1) if number not in fixed)
    targets = [(instalment, next(free)) for instalment in others]
    # Through negative numbers first: the database checks (grant, number) unique row by row.
    for position, (instalment, _number) in enumerate(targets, 1):
        instalment.number = -position
    db.session.flush()
    for instalment, number in targets:
        instalment.number = number
    db.session.flush()
    grant.instalments.sort(key=lambda instalment: instalment.number)


def _plan_record(grant):
    return [{"number": i.number, "planned_date": i.planned_date.isoformat(), "planned_eur": str(i.planned_eur),
             "required_report": i.required_report_id,
             "paid_date": i.paid_date.isoformat() if i.paid_date else None,
             "paid_eur": str(i.paid_eur) if i.paid_eur is not None else None} for i in grant.instalments]


# --- terms -----------------------------------------------------------------------------------


def set_terms(grant, agreement_date, conditions, overspend_tolerance_pct):
    """The date the agreement was signed, the grant's conditions, and how far a financial
    report line may exceed its budget line before it is flagged (0 to 100%)."""
    tolerance = Decimal(overspend_tolerance_pct)
    if not Decimal(0) <= tolerance <= Decimal(100):
        raise OperationRefused(_l("The overspend tolerance is a percentage from 0 to 100."))
    before = _terms_record(grant)
    grant.agreement_date, grant.conditions = agreement_date, (conditions or "").strip()
    grant.overspend_tolerance_pct = tolerance
    db.session.flush()
    audit.record("grant.terms", grant, before=before, after=_terms_record(grant))


def _terms_record(grant):
    return {"agreement_date": grant.agreement_date.isoformat() if grant.agreement_date else None,
            "conditions": grant.conditions, "overspend_tolerance_pct": str(grant.overspend_tolerance_pct)}
