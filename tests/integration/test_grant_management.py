"""Grants after approval: the schedule and instalments each approval proposes, the mission's
changes to them, the grant page's figures, and who sees which grant."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.core.db import utcnow
from portal.extensions import db
from portal.grants import progress
from portal.grants.models import (
    BudgetLine,
    Grant,
    IndicatorTarget,
    Instalment,
    Proposal,
    ProposalActivity,
    ProposalStatus,
    ProposalVersion,
)
from portal.grants.operations.grants import propose_defaults
from portal.grants.snapshot import take_snapshot
from portal.indicators.models import Indicator
from portal.programme.models import Component, Country
from portal.reports.models import FinancialLine, IndicatorValue, ReminderSent, Report, ReportStatus
from tests.factories import make_call, make_organisation, make_partner, make_user

TODAY = date.today()


def a_proposal(organisation, countries=("RS",), components=("C3",), start=date(2026, 1, 1), end=date(2026, 12, 31),
               amount="50000", targets=None, status=ProposalStatus.APPROVED):
    """A complete proposal of the organisation: countries, components, an activity, budget lines
    and indicator targets ({code: target} for the total)."""
    call = make_call(countries=countries, components=components)
    chosen = db.session.scalars(select(Component).where(Component.code.in_(components))).all()
    indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
    half = Decimal(amount) / 2
    proposal = Proposal(
        call=call, organisation=organisation, title="Safe house and reintegration", summary="Shelter.",
        language=organisation.locale, scope="regional" if len(countries) > 1 else "bilateral",
        start_date=start, end_date=end, status=status, requested_eur=Decimal(amount),
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
        components=chosen,
        activities=[ProposalActivity(title="Shelter", component=chosen[0], country_code=countries[0], position=1)],
        budget_lines=[BudgetLine(category="personnel", description="Social workers", amount_eur=half, position=1),
                      BudgetLine(category="activities", description="Shelter", amount_eur=half, position=2)],
        indicator_targets=[IndicatorTarget(indicator=indicators[code], baseline=Decimal("0"), target=Decimal(target))
                           for code, target in (targets or {"C3.2": 40}).items()],
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def a_grant(organisation=None, reference="THB-2026-001", amount="50000", with_defaults=True, **proposal_fields):
    """An approved grant; with the default schedule and instalments unless told otherwise."""
    organisation = organisation or make_organisation(name="Atina", country_code="RS", locale="sr")
    proposal = a_proposal(organisation, amount=amount, **proposal_fields)
    grant = Grant(reference=reference, proposal=proposal, organisation=organisation, amount_eur=Decimal(amount),
                  start_date=proposal.start_date, end_date=proposal.end_date)
    db.session.add(grant)
    db.session.flush()
    if with_defaults:
        propose_defaults(grant)
    db.session.commit()
    return grant


def accept(report, lines=(), values=()):
    """The partner sent the report and the mission accepted it: `lines` are amounts in euros,
    `values` (indicator code, value[, category id, country]) tuples."""
    report.status = ReportStatus.ACCEPTED
    report.first_submitted_at = report.submitted_at = report.accepted_at = utcnow()
    fill(report, lines, values)


def fill(report, lines=(), values=()):
    indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
    for position, amount in enumerate(lines):
        report.financial_lines.append(FinancialLine(category="personnel", currency="EUR", amount=Decimal(amount),
                                                    rate=Decimal("1"), amount_eur=Decimal(amount), position=position))
    for code, value, *breakdown in values:
        category_id, country = (breakdown + [None, None])[:2]
        report.indicator_values.append(IndicatorValue(indicator=indicators[code], value=Decimal(value),
                                                      category_id=category_id, country_code=country))
    db.session.commit()


def text_of(page):
    """What a reader sees of a page: its text without the markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def instalment_form(*rows):
    """The instalments form as posted: one dict per row, with the fields given."""
    data = {}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"instalments-{index}-{name}"] = "" if value is None else str(value)
    return data


@pytest.fixture
def mission(app):
    return make_user("mission", name="Conseillère régionale")


# --- the schedule and the plan of a new grant ---------------------------------------------------


def test_approving_an_18_month_proposal_schedules_interim_reports_at_6_and_12_months_and_a_final_one(
        client, auth, mission):
    atina = make_organisation(name="Atina", country_code="RS", locale="sr")
    make_partner(organisation=atina)
    proposal = a_proposal(atina, start=date(2026, 1, 1), end=date(2027, 6, 30), amount="60000",
                          status=ProposalStatus.SUBMITTED)
    proposal.versions.append(ProposalVersion(number=1, snapshot=take_snapshot(proposal)))
    db.session.commit()
    auth.login(mission)
    response = client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "approve", "amount_eur": "60000"})
    assert response.status_code == 302
    grant = db.session.scalar(select(Grant))
    assert [(r.kind, r.period_start, r.period_end, r.due_date, r.status, r.language) for r in grant.reports] == [
        ("interim", date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 30), "draft", "sr"),
        ("interim", date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 30), "draft", "sr"),
        ("final", date(2026, 1, 1), date(2027, 6, 30), date(2027, 8, 29), "draft", "sr"),
    ]
    first_interim = grant.reports[0]
    assert [(i.number, i.planned_eur, i.required_report_id) for i in grant.instalments] == [
        (1, Decimal("36000.00"), None), (2, Decimal("24000.00"), first_interim.id)]
    assert {"grant.create", "grant.schedule", "grant.instalments"} <= set(db.session.scalars(select(AuditEvent.action)))


def test_a_grant_of_less_than_a_year_is_paid_in_one_instalment_and_reports_once(app):
    grant = a_grant(start=date(2026, 3, 1), end=date(2026, 10, 31), amount="12000")
    assert [(r.kind, r.period_end, r.due_date) for r in grant.reports] == [
        ("interim", date(2026, 8, 31), date(2026, 9, 30)), ("final", date(2026, 10, 31), date(2026, 12, 30))]
    assert [(i.planned_eur, i.required_report_id) for i in grant.instalments] == [(Decimal("12000.00"), None)]


# --- instalments ------------------------------------------------------------------------------------


def test_instalments_that_do_not_add_up_to_the_grant_are_refused_and_the_typed_values_stay(client, auth, mission):
    grant = a_grant(with_defaults=False)
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
        {"planned_date": "2026-01-15", "planned_eur": "30000"},
        {"planned_date": "2026-08-15", "planned_eur": "15000"},
    ))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "add up to €45,000.00, not the €50,000.00 granted: €5,000.00 missing" in page
    assert 'value="30000"' in page and 'value="15000"' in page and 'value="2026-08-15"' in page
    assert db.session.scalars(select(Instalment)).all() == []

    response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
        {"planned_date": "2026-01-15", "planned_eur": "30000"},
        {"planned_date": "2026-08-15", "planned_eur": "25000"},
    ))
    assert response.status_code == 422
    assert "€5,000.00 too much" in response.get_data(as_text=True)

    response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
        {"planned_date": "2026-08-15", "planned_eur": "20000"},
        {"planned_date": "2026-01-15", "planned_eur": "30000"},
    ))
    assert response.status_code == 302
    assert [(i.number, i.planned_date, i.planned_eur) for i in db.session.get(Grant, grant.id).instalments] == [
        (1, date(2026, 1, 15), Decimal("30000.00")), (2, date(2026, 8, 15), Decimal("20000.00"))]


def test_an_instalment_row_needs_its_date_and_a_positive_amount(client, auth, mission):
    grant = a_grant(with_defaults=False)
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
        {"planned_eur": "50000"}, {"planned_date": "2026-03-01", "planned_eur": "-5", "paid_date": "2026-03-02"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give the planned date." in page and "The amount must be more than zero." in page
    assert "Give the amount paid." in page and 'value="-5"' in page


def test_an_instalment_tied_to_a_report_is_paid_only_once_that_report_is_accepted(client, auth, mission):
    grant = a_grant()
    first, second = grant.instalments
    interim = second.required_report
    auth.login(mission)

    def pay(instalment):
        return client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
            {"instalment_id": instalment.id, "planned_date": instalment.planned_date,
             "planned_eur": instalment.planned_eur, "required_report_id": instalment.required_report_id or "",
             "paid_date": TODAY.isoformat(), "paid_eur": instalment.planned_eur}))

    assert pay(first).status_code == 302
    response = pay(second)
    assert response.status_code == 422
    assert "cannot be marked paid before that report is accepted" in response.get_data(as_text=True)
    assert db.session.get(Instalment, second.id).paid_date is None

    accept(db.session.get(Report, interim.id))
    assert pay(second).status_code == 302
    paid = db.session.get(Instalment, second.id)
    assert (paid.paid_date, paid.paid_eur) == (TODAY, Decimal("20000.00"))
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "instalment.pay",
                                                      AuditEvent.object_id == str(second.id))) is not None


def test_a_paid_instalment_can_no_longer_be_changed_or_removed(client, auth, mission):
    grant = a_grant()
    first = grant.instalments[0]
    first.paid_date, first.paid_eur = TODAY, first.planned_eur
    db.session.commit()
    auth.login(mission)
    for change in ({"planned_eur": "1000"}, {"remove": "y"}):
        response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
            {"instalment_id": first.id, "planned_date": first.planned_date, "planned_eur": first.planned_eur,
             **change}))
        assert response.status_code == 422
        assert "Instalment 1 is paid" in response.get_data(as_text=True)
    assert db.session.get(Instalment, first.id).planned_eur == Decimal("30000.00")
    page = client.get(f"/grants/{grant.id}/instalments").get_data(as_text=True)
    offered = re.findall(r'name="instalments-\d+-instalment_id" type="hidden" value="(\d*)"', page)
    assert offered == [str(grant.instalments[1].id), "", ""]  # the unpaid one and two blank rows


def test_paid_instalments_keep_their_number_when_the_plan_changes_around_them(client, auth, mission):
    grant = a_grant()
    first, second = grant.instalments
    first.paid_date, first.paid_eur = TODAY, first.planned_eur
    db.session.commit()
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/instalments", data=instalment_form(
        {"instalment_id": second.id, "remove": "y"},
        {"planned_date": "2026-12-01", "planned_eur": "5000"},
        {"planned_date": "2026-09-01", "planned_eur": "15000", "required_report_id": second.required_report_id},
    ))
    assert response.status_code == 302
    grant = db.session.get(Grant, grant.id)
    assert [(i.number, i.planned_date, i.planned_eur, i.is_paid) for i in grant.instalments] == [
        (1, date(2026, 1, 1), Decimal("30000.00"), True), (2, date(2026, 9, 1), Decimal("15000.00"), False),
        (3, date(2026, 12, 1), Decimal("5000.00"), False)]


def test_a_grant_without_instalments_is_offered_the_default_plan(client, auth, mission):
    grant = a_grant(with_defaults=False)
    auth.login(mission)
    assert "Propose the default plan" in client.get(f"/grants/{grant.id}/instalments").get_data(as_text=True)
    schedule = text_of(client.get(f"/grants/{grant.id}/schedule").get_data(as_text=True))
    assert "Propose the default schedule" in schedule
    assert "Interim report: Jan 1, 2026 – Jun 30, 2026, due Jul 30, 2026" in schedule
    client.post(f"/grants/{grant.id}/schedule", data={"action": "propose"})
    client.post(f"/grants/{grant.id}/instalments", data={"action": "propose"})
    grant = db.session.get(Grant, grant.id)
    assert len(grant.reports) == 2 and [i.planned_eur for i in grant.instalments] == [Decimal("30000.00"),
                                                                                        Decimal("20000.00")]


def test_partner_cannot_edit_instalments(client, auth):
    grant = a_grant()
    auth.login(make_partner(organisation=grant.organisation))
    assert client.get(f"/grants/{grant.id}/instalments").status_code == 403
    assert client.post(f"/grants/{grant.id}/instalments", data={"action": "propose"}).status_code == 403
    assert client.post(f"/grants/{grant.id}/schedule", data={}).status_code == 403
    assert client.post(f"/grants/{grant.id}/terms", data={"overspend_tolerance_pct": "50"}).status_code == 403


# --- the schedule -------------------------------------------------------------------------------------


def schedule_form(*rows):
    data = {}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"reports-{index}-{name}"] = "" if value is None else str(value)
    return data


def row_of(report, **changes):
    return {"report_id": report.id, "kind": report.kind, "period_start": report.period_start,
            "period_end": report.period_end, "due_date": report.due_date, **changes}


def test_the_mission_moves_adds_and_removes_reports_not_yet_submitted(client, auth, mission):
    grant = a_grant(start=date(2026, 1, 1), end=date(2027, 6, 30))
    first, second, final = grant.reports
    accept(first)
    db.session.add_all([ReminderSent(report_id=second.id, kind="7"), ReminderSent(report_id=final.id, kind="21")])
    db.session.commit()
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/schedule", data=schedule_form(
        row_of(second, due_date="2027-02-15"), row_of(final),
        {"kind": "interim", "period_start": "2027-01-01", "period_end": "2027-03-31", "due_date": "2027-04-30"}))
    assert response.status_code == 302
    grant = db.session.get(Grant, grant.id)
    assert [(r.kind, r.period_end, r.due_date) for r in grant.reports] == [
        ("interim", date(2026, 6, 30), date(2026, 7, 30)), ("interim", date(2026, 12, 31), date(2027, 2, 15)),
        ("interim", date(2027, 3, 31), date(2027, 4, 30)), ("final", date(2027, 6, 30), date(2027, 8, 29))]
    added = grant.reports[2]
    assert (added.status, added.language) == ("draft", "sr")
    # The moved report's deadline is new: its reminders go out again; the other's stay sent.
    assert [r.report_id for r in db.session.scalars(select(ReminderSent))] == [final.id]

    assert client.post(f"/grants/{grant.id}/schedule", data=schedule_form(row_of(added, remove="y"))).status_code == 302
    assert len(db.session.get(Grant, grant.id).reports) == 3


@pytest.mark.parametrize("rows, message", [
    (lambda first, final: [row_of(first, due_date="2026-08-01")], "it can no longer be moved"),
    (lambda first, final: [row_of(final, remove="y")], "exactly one final report"),
    (lambda first, final: [row_of(final, period_end="2027-12-31")], "within the grant"),
    (lambda first, final: [row_of(final, due_date="2027-01-01")], "before its period ends"),
])
def test_the_schedule_keeps_its_rules(client, auth, mission, rows, message):
    grant = a_grant(start=date(2026, 1, 1), end=date(2027, 6, 30))
    first, final = grant.reports[0], grant.reports[-1]
    accept(first)
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/schedule", data=schedule_form(*rows(first, final)))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_report_an_instalment_waits_for_is_not_removed(client, auth, mission):
    grant = a_grant()
    interim = grant.instalments[1].required_report
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/schedule", data=schedule_form(row_of(interim, remove="y")))
    assert response.status_code == 422
    assert "Instalment 2 waits for" in response.get_data(as_text=True)


# --- the grant page -------------------------------------------------------------------------------


def test_a_report_past_its_due_date_and_not_submitted_shows_late_on_the_grant_page(client, auth):
    grant = a_grant(start=TODAY - timedelta(days=400), end=TODAY + timedelta(days=100))
    overdue, *_rest = grant.reports
    assert overdue.due_date < TODAY and overdue.first_submitted_at is None
    auth.login(make_partner(organisation=grant.organisation))
    page = client.get(f"/grants/{grant.id}").get_data(as_text=True)
    assert page.count(">Late<") == 2  # the first interim report of the year and the second
    assert "0 reports accepted of 3 · 1 still to come · 2 late" in text_of(page)

    for report in grant.reports[:2]:
        report.first_submitted_at, report.status = utcnow(), ReportStatus.SUBMITTED
    db.session.commit()
    assert ">Late<" not in client.get(f"/grants/{grant.id}").get_data(as_text=True)


def test_reported_spent_counts_only_accepted_reports(client, auth, mission):
    grant = a_grant(start=date(2026, 1, 1), end=date(2027, 6, 30))
    first, second, final = grant.reports
    accept(first, lines=["1000", "250.50"])
    second.status, second.first_submitted_at = ReportStatus.SUBMITTED, utcnow()
    fill(second, lines=["400"])
    fill(final, lines=["999"])  # a draft: not reported yet
    grant.instalments[0].paid_date, grant.instalments[0].paid_eur = TODAY, Decimal("30000")
    db.session.commit()

    money = progress.money(grant)
    assert (money.granted, money.paid, money.spent, money.awaiting) == (
        Decimal("50000.00"), Decimal("30000.00"), Decimal("1250.50"), Decimal("400.00"))
    assert (money.left_to_spend, money.left_to_pay) == (Decimal("48749.50"), Decimal("20000.00"))
    auth.login(mission)
    page = client.get(f"/grants/{grant.id}").get_data(as_text=True)
    assert "€1,250.50" in page and "€400.00" in page and "€48,749.50" in page and "€999" not in page


def test_indicator_progress_adds_up_each_indicator_its_own_way(client, auth, mission):
    protect = db.session.scalar(select(Component).where(Component.code == "C3"))
    db.session.add(Indicator(code="C3.9", component=protect, names={"en": "Largest group trained"}, rollup="maximum"))
    db.session.commit()
    grant = a_grant(start=date(2026, 1, 1), end=date(2027, 6, 30),
                    targets={"C3.2": 40, "C3.4": 12, "C3.3": 100, "C3.9": 30})
    first, second, final = grant.reports
    female = db.session.scalar(select(Indicator).where(Indicator.code == "C3.2")).breakdowns[0].categories[0].id
    accept(first, values=[("C3.2", 15), ("C3.4", 10), ("C3.9", 25), ("C3.2", 9, female), ("C3.2", 7, None, "RS")])
    accept(second, values=[("C3.2", 20), ("C3.4", 8), ("C3.9", 18)])
    fill(final, values=[("C3.2", 500), ("C3.4", 500), ("C3.9", 500)])  # a draft counts for nothing

    rows = {row.indicator.code: row for row in progress.indicator_progress(grant)}
    assert {code: (row.target, row.actual) for code, row in rows.items()} == {
        "C3.2": (Decimal("40.00"), Decimal("35.00")),  # people: summed over periods, totals only
        "C3.3": (Decimal("100.00"), None),  # nothing reported yet
        "C3.4": (Decimal("12.00"), Decimal("8.00")),  # latest: the latest period's value
        "C3.9": (Decimal("30.00"), Decimal("25.00")),  # maximum
    }
    assert rows["C3.2"].percent == Decimal("0.875")
    auth.login(mission)
    page = client.get(f"/grants/{grant.id}").get_data(as_text=True)
    assert "Victims assisted" in page and "88%" in page


def test_the_mission_sets_the_agreement_date_conditions_and_tolerance(client, auth, mission):
    grant = a_grant()
    auth.login(mission)
    response = client.post(f"/grants/{grant.id}/terms", data={
        "agreement_date": "2025-12-20", "conditions": "Receipts for every purchase.", "overspend_tolerance_pct": "150"})
    assert response.status_code == 422
    assert "Give a percentage from 0 to 100." in response.get_data(as_text=True)
    assert "Receipts for every purchase." in response.get_data(as_text=True)
    response = client.post(f"/grants/{grant.id}/terms", data={
        "agreement_date": "2025-12-20", "conditions": "Receipts for every purchase.", "overspend_tolerance_pct": "15"})
    assert response.status_code == 302
    grant = db.session.get(Grant, grant.id)
    assert (grant.agreement_date, grant.conditions, grant.overspend_tolerance_pct) == (
        date(2025, 12, 20), "Receipts for every purchase.", Decimal("15.00"))
    partner_page = client.get(f"/grants/{grant.id}").get_data(as_text=True)
    assert "Save the terms" in partner_page
    auth.login(make_partner(organisation=grant.organisation))
    assert "Save the terms" not in client.get(f"/grants/{grant.id}").get_data(as_text=True)


# --- who sees which grant -----------------------------------------------------------------------


def test_a_partner_sees_only_its_organisations_grants(client, auth):
    atina = a_grant(reference="THB-2026-001")
    caritas = a_grant(make_organisation(name="Caritas Albania", country_code="AL", locale="sq"),
                      reference="THB-2026-002", countries=("AL",))
    auth.login(make_partner(organisation=atina.organisation))
    listing = client.get("/grants/").get_data(as_text=True)
    assert "THB-2026-001" in listing and "THB-2026-002" not in listing
    assert client.get(f"/grants/{atina.id}").status_code == 200
    assert client.get(f"/grants/{caritas.id}").status_code == 404
    assert client.get(f"/grants/{caritas.id}/instalments").status_code == 404


def test_an_embassy_sees_a_regional_grant_that_reaches_its_country(client, auth):
    regional = a_grant(make_organisation(name="Caritas Albania", country_code="AL", locale="sq"),
                       reference="THB-2026-002", countries=("AL", "RS", "XK"))
    elsewhere = a_grant(make_organisation(name="ADPARE", country_code="RO", locale="ro"),
                        reference="THB-2026-003", countries=("RO",))
    auth.login(make_user("embassy", country_code="RS"))
    listing = client.get("/grants/").get_data(as_text=True)
    assert "THB-2026-002" in listing and "THB-2026-003" not in listing
    assert client.get(f"/grants/{regional.id}").status_code == 200
    assert client.get(f"/grants/{elsewhere.id}").status_code == 404
    assert client.get(f"/grants/{regional.id}/schedule").status_code == 403


def test_the_mission_filters_the_grants_and_sees_late_reports_counted(client, auth, mission):
    a_grant(reference="THB-2026-001", start=TODAY - timedelta(days=400), end=TODAY + timedelta(days=100))
    closed = a_grant(make_organisation(name="Caritas Albania", country_code="AL", locale="sq"),
                     reference="THB-2026-002", countries=("AL", "XK"), components=("C2",), targets={"C2.1": 10})
    for report in closed.reports:
        accept(report)
    auth.login(mission)

    def listed(**args):
        page = client.get("/grants/", query_string=args).get_data(as_text=True)
        return [reference for reference in ("THB-2026-001", "THB-2026-002") if reference in page]

    assert listed() == ["THB-2026-001", "THB-2026-002"]
    assert listed(country="XK") == ["THB-2026-002"]
    assert listed(component=closed.proposal.components[0].id) == ["THB-2026-002"]
    assert listed(status="closed") == ["THB-2026-002"]
    assert listed(status="running") == ["THB-2026-001"]
    assert listed(year=2026) == ["THB-2026-001", "THB-2026-002"] and listed(year=2025) == []
    assert "2 late" in client.get("/grants/", query_string={"status": "running"}).get_data(as_text=True)


def test_the_grant_list_comes_in_pages_of_fifty(client, auth, mission):
    organisation = make_organisation(name="Atina", country_code="RS")
    for number in range(52):
        a_grant(organisation, reference=f"THB-2026-{number + 100:03d}", with_defaults=False)
    auth.login(mission)
    first = client.get("/grants/").get_data(as_text=True)
    assert "52 grants" in first and first.count("THB-2026-") >= 50 and "THB-2026-100" not in first
    second = client.get("/grants/?page=2").get_data(as_text=True)
    assert "THB-2026-100" in second and "THB-2026-151" not in second
