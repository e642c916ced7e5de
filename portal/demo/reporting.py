"""Reporting in the demo: the grants of last year's call run, pay out and report in every
state (accepted, awaiting acceptance, changes requested, late), in several languages and
currencies."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.core.money import convert_to_eur
from portal.extensions import db
from portal.grants.models import Grant
from portal.grants.operations.grants import propose_defaults
from portal.indicators.models import Indicator
from portal.reports.models import FinancialLine, IndicatorValue, NarrativeSection, ReportComment, ReportVersion
from portal.reports.snapshot import take_snapshot

# reference: (start, end, [(state of each report in schedule order)], currency, rate per euro)
PLANS = {
    "THB-2025-001": (date(2025, 6, 1), date(2026, 5, 31), ["accepted", "accepted"], "RSD", Decimal("117.15")),
    "THB-2025-002": (date(2025, 9, 1), date(2026, 8, 31), ["accepted", "submitted"], "ALL", Decimal("98.40")),
    "THB-2025-003": (date(2025, 10, 1), date(2027, 3, 31), ["accepted", "changes_requested", "draft"], "EUR",
                     Decimal("1")),
    "THB-2025-004": (date(2026, 1, 1), date(2026, 12, 31), ["late", "draft"], "RON", Decimal("4.9750")),
}

NARRATIVE = {
    "sr": ("Обезбеђен смештај и подршка за жртве.", "Жене и деца су добили помоћ.",
           "Недовољно места у сигурној кући.", "Наставак рада са центрима за социјални рад."),
    "sq": ("U organizuan seanca ndërgjegjësimi në shkolla.", "Mësuesit identifikojnë më mirë rrezikun.",
           "Vonesa në marrëveshjet me bashkitë.", "Zgjerimi në Kosovë."),
    "en": ("Two regional expert meetings held.", "Shared guidance on financial investigations.",
           "Visas for two participants were late.", "A third meeting on forced criminality."),
    "ro": ("Pregătirea seminarului regional.", "Agenda convenită cu coordonatorii naționali.",
           "Schimbarea datei seminarului.", "Organizarea celor patru mese rotunde."),
}


def load_reporting():
    """Give the demo's grants dates, schedules, instalments and reports. Flushes."""
    for reference, (start, end, states, currency, rate) in PLANS.items():
        grant = db.session.scalar(select(Grant).where(Grant.reference == reference))
        if grant is None:
            continue
        grant.start_date, grant.end_date, grant.agreement_date = start, end, start - timedelta(days=10)
        propose_defaults(grant)
        for report, state in zip(grant.reports, states, strict=False):
            _fill(report, state, currency, rate)
        _pay(grant)
    db.session.flush()


def _fill(report, state, currency, rate):
    grant = report.grant
    author = grant.organisation.memberships[0].user
    language = grant.proposal.language
    report.language = language
    done, results, difficulties, next_steps = NARRATIVE.get(language.split("_")[0], NARRATIVE["en"])
    report.narrative = [NarrativeSection(component=c, done=done, results=results, difficulties=difficulties,
                                         next_steps=next_steps) for c in grant.proposal.components]
    if state == "draft":
        report.narrative = report.narrative[:1]
        return
    personnel = (grant.amount_eur * Decimal("0.3") * rate).quantize(Decimal("0.01"))
    activities = (grant.amount_eur * Decimal("0.15") * rate).quantize(Decimal("0.01"))
    report.financial_lines = [
        _line("personnel", "Salaries of the team", report.period_start + timedelta(days=20), currency, personnel,
              rate, 1),
        _line("activities", "Workshops and materials", report.period_start + timedelta(days=45), currency,
              activities, rate, 2),
    ]
    report.indicator_values = _values(report)
    if state == "late":
        return  # a draft that missed its due date
    db.session.flush()
    moment = _moment(report.due_date - timedelta(days=2))
    report.versions = [ReportVersion(number=1, snapshot=take_snapshot(report), submitted_by=author,
                                     submitted_at=moment)]
    report.first_submitted_at = report.submitted_at = moment
    report.status = "submitted"
    if state == "accepted":
        report.status, report.accepted_at = "accepted", moment + timedelta(days=5)
        report.comments = [ReportComment(kind="accepted", body="Merci, rapport accepté.", version_number=1)]
    elif state == "changes_requested":
        report.status = "changes_requested"
        report.comments = [ReportComment(kind="changes_requested", version_number=1,
                                         body="Please attach the receipts of the workshops and explain the "
                                              "difference with the budget line.")]


def _line(category, description, spent_on, currency, amount, rate, position):
    return FinancialLine(category=category, description=description, spent_on=spent_on, currency=currency,
                         amount=amount, rate=rate, rate_date=spent_on,
                         rate_source="National bank" if currency != "EUR" else "",
                         amount_eur=convert_to_eur(amount, rate), position=position)


def _values(report):
    """A total for each target of the proposal, with a sex breakdown that adds up."""
    values = []
    for target in report.grant.proposal.indicator_targets:
        total = (target.target or Decimal("0")) / 2
        total = total.quantize(Decimal("1"))
        values.append(IndicatorValue(indicator=target.indicator, value=total))
        indicator = db.session.get(Indicator, target.indicator_id)
        sex = next((d for d in indicator.breakdowns if d.code == "sex"), None)
        if sex is not None and total:
            female = (total * Decimal("0.7")).quantize(Decimal("1"))
            parts = {"female": female, "male": total - female, "other": Decimal("0")}
            values.extend(IndicatorValue(indicator=indicator, category=category, value=parts[category.code])
                          for category in sex.categories)
    return values


def _pay(grant):
    """Pay each instalment whose report (if any) is accepted."""
    for instalment in grant.instalments:
        report = instalment.required_report
        if report is None or report.status == "accepted":
            day = max(instalment.planned_date, report.accepted_at.date() if report else instalment.planned_date)
            if day <= date.today():
                instalment.paid_date, instalment.paid_eur = day, instalment.planned_eur


def _moment(day):
    return datetime.combine(day, time(15, 0), tzinfo=ZoneInfo("Europe/Paris"))
