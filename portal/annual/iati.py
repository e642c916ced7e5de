"""The IATI activity file (standard version 2.03) of a programme year: one <iati-activity> per
approved grant, its money and its results against targets.

The schema is a sequence: every function below appends its element where the XSD wants it, and
`activity` calls them in the schema's order. Codes come from the IATI code lists of 2.03.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from babel import Locale
from babel.core import UnknownLocaleError
from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models.organisation import OrganisationKind
from portal.core.db import utcnow
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Proposal, ProposalStatus
from portal.indicators.models import BreakdownCategory, IndicatorKind, RollupRule
from portal.programme.models import ProgrammeYear
from portal.reports.models import IndicatorValue, Report, ReportKind, ReportStatus

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

MISSION_NAMES = {
    "en": "France – Mission against trafficking in human beings in South-East Europe",
    "fr": "France – Mission de lutte contre la traite des êtres humains en Europe du Sud-Est",
}

# OrganisationType: the mission reports for the French state; local associations are national
# NGOs of their country and international organisations (UNODC, OSCE, ICMPD, ...) multilaterals.
GOVERNMENT = "10"
ORGANISATION_TYPES = {OrganisationKind.ASSOCIATION: "22", OrganisationKind.INTERNATIONAL: "40"}
# OrganisationRole
FUNDING, IMPLEMENTING = "1", "4"
# ActivityStatus
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"
# ActivityDateType
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# ActivityScope: a regional project covers several countries of South-East Europe.
SCOPES = {"regional": "2", "bilateral": "4"}
# Sector, OECD DAC 5-digit purpose code (vocabulary 1). 15190 "Facilitation of orderly, safe,
# regular and responsible migration and mobility" is the DAC code for action against trafficking
# in persons and migrant smuggling, whoever the victims are; 15180 "Ending violence against women
# and girls" covers the trafficking of women and girls only, narrower than the programme (men and
# boys, labour exploitation, forced criminality). One code for the whole programme, 100 %.
SECTOR_VOCABULARY, SECTOR_CODE = "1", "15190"
STANDARD_GRANT = "110"  # FinanceType
PROJECT_TYPE = "C01"  # AidType (vocabulary 1, OECD DAC): project-type interventions
# BudgetType, BudgetStatus: the granted amount is the original budget, and it is committed.
ORIGINAL_BUDGET, COMMITTED_BUDGET = "1", "2"
# TransactionType
OUTGOING_COMMITMENT, DISBURSEMENT = "2", "3"
OUTPUT = "1"  # ResultType: the catalogue counts what the projects produce
# IndicatorMeasure
MEASURES = {IndicatorKind.COUNT: "1", IndicatorKind.CURRENCY: "1", IndicatorKind.PERCENTAGE: "2",
            IndicatorKind.TEXT: "5"}
REPORTING_ORGANISATION_VOCABULARY = "99"  # IndicatorVocabulary: the mission's own catalogue
GENERAL_DESCRIPTION = "1"  # DescriptionType

CENT = Decimal("0.01")


# --- what goes in the file --------------------------------------------------------------------


def approved_grants(year):
    """The grants of the programme year's calls whose proposals were approved, by reference."""
    return db.session.scalars(
        _of_approved_proposals(select(Grant)).where(ProgrammeYear.year == year)
        .options(
            selectinload(Grant.proposal).selectinload(Proposal.countries),
            selectinload(Grant.proposal).selectinload(Proposal.indicator_targets)
            .selectinload(IndicatorTarget.category).selectinload(BreakdownCategory.dimension),
            selectinload(Grant.organisation), selectinload(Grant.instalments),
            selectinload(Grant.reports).selectinload(Report.indicator_values)
            .selectinload(IndicatorValue.category).selectinload(BreakdownCategory.dimension),
        )
        .order_by(Grant.reference)
    ).all()


def latest_year_with_grants():
    """The latest programme year that has an approved grant, or None."""
    return db.session.scalar(_of_approved_proposals(select(func.max(ProgrammeYear.year)).select_from(Grant)))


def _of_approved_proposals(statement):
    return (statement.join(Grant.proposal).join(Proposal.call).join(Call.programme_year)
            .where(Proposal.status == ProposalStatus.APPROVED))


def activities_file(grants, reporting_org_ref, today=None):
    """The <iati-activities> document of these grants, serialised as UTF-8 bytes."""
    today = today or date.today()
    root = etree.Element("iati-activities", version=IATI_VERSION,
                         **{"generated-datetime": utcnow().replace(microsecond=0).isoformat()})
    for grant in grants:
        root.append(activity(grant, reporting_org_ref, today))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def activity(grant, reporting_org_ref, today):
    element = etree.Element("iati-activity", {"default-currency": "EUR", XML_LANG: "en"})
    etree.SubElement(element, "iati-identifier").text = f"{reporting_org_ref}-{grant.reference}"
    reporting_org(element, reporting_org_ref)
    title_and_description(element, grant.proposal)
    participating_orgs(element, grant, reporting_org_ref)
    etree.SubElement(element, "activity-status", code=activity_status(grant, today))
    activity_dates(element, grant, today)
    etree.SubElement(element, "activity-scope", code=SCOPES.get(grant.proposal.scope, SCOPES["bilateral"]))
    recipient_countries(element, grant.proposal)
    etree.SubElement(element, "sector", vocabulary=SECTOR_VOCABULARY, code=SECTOR_CODE, percentage="100")
    etree.SubElement(element, "default-finance-type", code=STANDARD_GRANT)
    etree.SubElement(element, "default-aid-type", code=PROJECT_TYPE, vocabulary="1")
    budgets(element, grant)
    transactions(element, grant, reporting_org_ref)
    results(element, grant)
    return element


# --- the elements, in the schema's order ------------------------------------------------------


def narrative(parent, text, language=None):
    element = etree.SubElement(parent, "narrative")
    element.text = text
    if language:
        element.set(XML_LANG, language)
    return element


def mission_narratives(parent):
    for language, name in MISSION_NAMES.items():
        narrative(parent, name, language)


def reporting_org(parent, ref):
    mission_narratives(etree.SubElement(parent, "reporting-org", ref=ref, type=GOVERNMENT))


def title_and_description(parent, proposal):
    """In the language the partner wrote the proposal in, tagged with it."""
    language = iso_639_1(proposal.language)
    narrative(etree.SubElement(parent, "title"), proposal.title, language)
    description = etree.SubElement(parent, "description", type=GENERAL_DESCRIPTION)
    narrative(description, proposal.summary or proposal.title, language)


def participating_orgs(parent, grant, mission_ref):
    mission_narratives(etree.SubElement(parent, "participating-org", ref=mission_ref, type=GOVERNMENT,
                                        role=FUNDING))
    partner = etree.SubElement(parent, "participating-org", role=IMPLEMENTING, type=organisation_type(grant))
    narrative(partner, grant.organisation.name)


def organisation_type(grant):
    return ORGANISATION_TYPES[OrganisationKind(grant.organisation.kind)]


def activity_status(grant, today):
    """Before its start, planned; until its end, under way; then waiting for its last report
    and payment, and closed once the final report is accepted and every instalment paid."""
    if today < grant.start_date:
        return PIPELINE
    if today <= grant.end_date:
        return IMPLEMENTATION
    return CLOSED if _settled(grant) else FINALISATION


def _settled(grant):
    reports = grant.reports
    return (any(report.kind == ReportKind.FINAL for report in reports)
            and all(report.status == ReportStatus.ACCEPTED for report in reports)
            and all(instalment.is_paid for instalment in grant.instalments))


def activity_dates(parent, grant, today):
    """Planned dates always; actual ones once they are past (IATI refuses actual dates to come)."""
    dates = [(PLANNED_START, grant.start_date)]
    if grant.start_date <= today:
        dates.append((ACTUAL_START, grant.start_date))
    dates.append((PLANNED_END, grant.end_date))
    if grant.end_date < today:
        dates.append((ACTUAL_END, grant.end_date))
    for kind, day in dates:
        etree.SubElement(parent, "activity-date", type=kind, **{"iso-date": day.isoformat()})


def recipient_countries(parent, proposal):
    codes = [country.code for country in proposal.countries]
    for code, share in zip(codes, country_shares(len(codes)), strict=True):
        etree.SubElement(parent, "recipient-country", code=code, percentage=number(share))


def country_shares(count):
    """Equal percentages to the cent, adding up to 100: the remainder goes to the first."""
    if not count:
        return []
    share = (Decimal(100) / count).quantize(CENT, rounding=ROUND_DOWN)
    return [Decimal(100) - share * (count - 1)] + [share] * (count - 1)


def budgets(parent, grant):
    """The granted amount over the grant's period, one budget a year at most (as IATI asks),
    shared out by days with the rounding on the last."""
    for start, end, amount in budget_periods(grant.start_date, grant.end_date, grant.amount_eur):
        budget = etree.SubElement(parent, "budget", type=ORIGINAL_BUDGET, status=COMMITTED_BUDGET)
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        value(budget, amount, start)


def budget_periods(start, end, amount):
    periods = []
    period_start = start
    while period_start <= end:
        period_end = min(_a_year_after(period_start) - timedelta(days=1), end)
        periods.append((period_start, period_end))
        period_start = period_end + timedelta(days=1)
    total_days = (end - start).days + 1
    amounts = [(amount * ((e - s).days + 1) / total_days).quantize(CENT) for s, e in periods[:-1]]
    amounts.append(amount - sum(amounts, Decimal(0)))
    return [(s, e, a) for (s, e), a in zip(periods, amounts, strict=True)]


def _a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


def value(parent, amount, value_date):
    element = etree.SubElement(parent, "value", currency="EUR", **{"value-date": value_date.isoformat()})
    element.text = format(Decimal(amount).quantize(CENT), "f")
    return element


def transactions(parent, grant, mission_ref):
    """The commitment of the granted amount at the agreement (or the start), then each
    instalment paid."""
    committed_on = grant.agreement_date or grant.start_date
    transaction(parent, grant, mission_ref, OUTGOING_COMMITMENT, committed_on, grant.amount_eur,
                "Grant agreement" if grant.agreement_date else "Grant awarded")
    for instalment in grant.instalments:
        if instalment.is_paid:
            transaction(parent, grant, mission_ref, DISBURSEMENT, instalment.paid_date, instalment.paid_eur,
                        f"Instalment {instalment.number}")


def transaction(parent, grant, mission_ref, kind, day, amount, description):
    element = etree.SubElement(parent, "transaction")
    etree.SubElement(element, "transaction-type", code=kind)
    etree.SubElement(element, "transaction-date", **{"iso-date": day.isoformat()})
    value(element, amount, day)
    narrative(etree.SubElement(element, "description"), description)
    mission_narratives(etree.SubElement(element, "provider-org", ref=mission_ref, type=GOVERNMENT))
    narrative(etree.SubElement(element, "receiver-org", type=organisation_type(grant)), grant.organisation.name)


# --- results: the proposal's targets and what accepted reports say -----------------------------


def results(parent, grant):
    """One output result per indicator the proposal set a target for, in the catalogue's order."""
    targets_by_indicator = defaultdict(list)
    for target in grant.proposal.indicator_targets:
        targets_by_indicator[target.indicator].append(target)
    actuals = accepted_actuals(grant)
    for indicator in sorted(targets_by_indicator, key=lambda i: (i.component.position, i.position, i.code)):
        targets = sorted(targets_by_indicator[indicator], key=lambda target: _category_order(target.category))
        result = etree.SubElement(parent, "result", type=OUTPUT)
        narrative(etree.SubElement(result, "title"), indicator.names.get("en") or indicator.code)
        result_indicator(result, grant, indicator, targets, actuals.get(indicator.id, {}))


def result_indicator(parent, grant, indicator, targets, actuals):
    element = etree.SubElement(parent, "indicator", measure=MEASURES[IndicatorKind(indicator.kind)])
    narrative(etree.SubElement(element, "title"), indicator.names.get("en") or indicator.code)
    etree.SubElement(element, "reference", vocabulary=REPORTING_ORGANISATION_VOCABULARY, code=indicator.code)
    for target in targets:
        if target.baseline is not None:
            baseline = etree.SubElement(element, "baseline", year=str(grant.start_date.year),
                                        **{"iso-date": grant.start_date.isoformat(), "value": number(target.baseline)})
            dimensions(baseline, target.category)
    period = etree.SubElement(element, "period")
    etree.SubElement(period, "period-start", **{"iso-date": grant.start_date.isoformat()})
    etree.SubElement(period, "period-end", **{"iso-date": grant.end_date.isoformat()})
    for target in targets:
        if target.target is not None:
            dimensions(etree.SubElement(period, "target", value=number(target.target)), target.category)
    for category, amount in sorted(actuals.items(), key=lambda item: _category_order(item[0])):
        dimensions(etree.SubElement(period, "actual", value=number(amount)), category)


def dimensions(parent, category):
    """A breakdown category as IATI's dimension: its dimension's code, its own code."""
    if category is not None:
        etree.SubElement(parent, "dimension", name=category.dimension.code, value=category.code)


def _category_order(category):
    """The total first, then the breakdowns in the catalogue's order."""
    if category is None:
        return (0, 0, 0)
    return (1, category.dimension.position, category.position)


def accepted_actuals(grant):
    """{indicator id: {category or None: value}} from the grant's accepted reports only, rolled
    up over their periods by each indicator's rule (sum, latest, maximum)."""
    per_report = defaultdict(lambda: defaultdict(list))  # indicator -> category -> [per report]
    indicators = {}
    accepted = sorted((r for r in grant.reports if r.status == ReportStatus.ACCEPTED),
                      key=lambda r: (r.period_end, r.period_start, r.id))
    for report in accepted:
        for (indicator, category), terms in report_terms(report).items():
            indicators[indicator.id] = indicator
            per_report[indicator.id][category].append(terms)
    return {ident: {category: amount for category, series in by_category.items()
                    if (amount := rolled_up(indicators[ident], series)) is not None}
            for ident, by_category in per_report.items()}


def report_terms(report):
    """{(indicator, category): (value, numerator, denominator)} of one report: the whole grant's
    figure, or else the sum of the figures given country by country."""
    whole, by_country = {}, defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for given in report.indicator_values:
        if given.value is None and given.denominator is None:
            continue
        key = (given.indicator, given.category)
        terms = (given.value or Decimal(0), given.numerator or Decimal(0), given.denominator or Decimal(0))
        if given.country_code is None:
            whole[key] = terms
        else:
            by_country[key] = [a + b for a, b in zip(by_country[key], terms, strict=True)]
    return {key: whole.get(key) or tuple(by_country[key]) for key in whole.keys() | by_country.keys()}


def rolled_up(indicator, series):
    """Over the reports, in period order: summed (sums and people), the latest, or the largest.
    A percentage sums its two terms before dividing; a text has no figure."""
    kind, rule = IndicatorKind(indicator.kind), RollupRule(indicator.rollup)
    if kind == IndicatorKind.TEXT:
        return None
    if kind == IndicatorKind.PERCENTAGE:
        if rule in (RollupRule.SUM, RollupRule.PEOPLE):
            series = [tuple(sum(terms, Decimal(0)) for terms in zip(*series, strict=True))]
        ratios = [100 * numerator / denominator for _value, numerator, denominator in series if denominator]
        if not ratios:
            return None
        return (max(ratios) if rule == RollupRule.MAXIMUM else ratios[-1]).quantize(CENT)
    values = [terms[0] for terms in series]
    if rule == RollupRule.MAXIMUM:
        return max(values)
    if rule == RollupRule.LATEST:
        return values[-1]
    return sum(values, Decimal(0))


def number(amount):
    """A decimal as IATI reads it: 40, not 40.00 nor 4E+1."""
    return format(Decimal(amount).normalize(), "f")


def iso_639_1(babel_id):
    """The ISO 639-1 code IATI asks of xml:lang, from a Babel identifier: sr_Latn -> sr."""
    try:
        return Locale.parse(babel_id).language
    except (ValueError, TypeError, UnknownLocaleError):
        return str(babel_id or "en").replace("-", "_").split("_")[0].lower() or "en"
