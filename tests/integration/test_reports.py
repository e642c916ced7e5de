"""Partners report on their grants; the mission accepts the reports or asks for changes."""

import csv
import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.grants.models import BudgetLine, Grant, Proposal, ProposalStatus
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country
from portal.reports.financial import totals_by_category
from portal.reports.models import FinancialLine, Report, ReportAttachment, ReportStatus
from tests.factories import make_call, make_organisation, make_partner, make_user

_references = itertools.count(1)
PDF = b"%PDF-1.7 receipt of the shelter's rent"


# --- the world: a grant with its proposal and one report ------------------------------------


def make_grant(organisation, countries=("RS",), components=("C3",), budget=(("personnel", "20000"),
               ("activities", "10000")), start=date(2026, 1, 1), end=date(2026, 12, 31), tolerance="10",
               due=None, first_submitted_at=None):
    """An approved proposal (countries, components, budget lines) turned into a grant with one
    interim report, due in a month unless told."""
    call = make_call(countries=countries, components=components)
    chosen = db.session.scalars(select(Component).where(Component.code.in_(components))).all()
    lines = [BudgetLine(category=category, description=category.title(), amount_eur=Decimal(amount), position=n)
             for n, (category, amount) in enumerate(budget, 1)]
    amount = sum((line.amount_eur for line in lines), Decimal(0))
    proposal = Proposal(
        call=call, organisation=organisation, title="Shelter and reintegration", summary="Shelter.", language="en",
        scope="regional" if len(countries) > 1 else "bilateral", start_date=start, end_date=end,
        status=ProposalStatus.APPROVED, requested_eur=amount, components=chosen, budget_lines=lines,
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
    )
    grant = Grant(reference=f"THB-TEST-{next(_references):03d}", proposal=proposal, organisation=organisation,
                  amount_eur=amount, start_date=start, end_date=end, overspend_tolerance_pct=Decimal(tolerance))
    grant.reports = [Report(kind="interim", period_start=start, period_end=start + timedelta(days=180),
                            due_date=due or date.today() + timedelta(days=30), language="en",
                            first_submitted_at=first_submitted_at)]
    db.session.add(grant)
    db.session.commit()
    return grant


@pytest.fixture
def atina(app):
    return make_organisation(name="Atina", country_code="RS", locale="sr")


@pytest.fixture
def partner(atina):
    return make_partner(organisation=atina, locale="en")


@pytest.fixture
def mission(app):
    return make_user("mission", locale="fr")


def report_of(grant):
    return grant.reports[0]


def category_id(dimension, code):
    return db.session.scalar(select(BreakdownCategory.id).join(BreakdownDimension)
                             .where(BreakdownDimension.code == dimension, BreakdownCategory.code == code))


def form_data(report, lines=(), values=(), action="save", revision=None, narrative=None, **extra):
    """What the report form posts: a narrative for every component unless told, the lines given
    (dicts of field: text), and values as (indicator code, "dimension:category" or None, text),
    with a country code fourth for a value of one country of a regional grant."""
    data = {"revision": str(revision if revision is not None else report.revision), "language": "en",
            "action": action}
    for number, component in enumerate(report.grant.proposal.components):
        data[f"narrative-{number}-component_id"] = str(component.id)
        data[f"narrative-{number}-done"] = (narrative or {}).get(component.code, "Twelve women sheltered.")
    for number, line in enumerate(lines):
        data.update({f"lines-{number}-{key}": value for key, value in line.items()})
    for number, (code, category, text, *country) in enumerate(values):
        indicator_id = db.session.scalar(select(Indicator.id).where(Indicator.code == code))
        data[f"values-{number}-indicator_id"] = str(indicator_id)
        data[f"values-{number}-category_id"] = str(category_id(*category.split(":"))) if category else ""
        data[f"values-{number}-country_code"] = country[0] if country else ""
        data[f"values-{number}-value"] = text
    data.update(extra)
    return data


def line(category="personnel", spent_on="2026-03-10", currency="EUR", amount="1000.00", rate="", **fields):
    return {"category": category, "description": "Social worker, March", "spent_on": spent_on,
            "currency": currency, "amount": amount, "rate": rate, "rate_date": spent_on,
            "rate_source": "National bank", **fields}


def save(client, report, **kwargs):
    return client.post(f"/reports/{report.id}/edit", data=form_data(report, **kwargs))


def submit(client, report, **kwargs):
    kwargs.setdefault("lines", [line()])
    return client.post(f"/reports/{report.id}/edit", data=form_data(report, action="submit", **kwargs))


# --- currencies: the country's currency on the date spent, or euros ---------------------------


@pytest.mark.parametrize(("country", "spent_on", "currency", "accepted"), [
    ("HR", "2022-06-15", "HRK", True),
    ("HR", "2023-02-01", "HRK", False),
    ("HR", "2023-02-01", "EUR", True),
    ("HR", "2022-06-15", "EUR", True),
    ("BG", "2025-06-15", "BGN", True),
    ("BG", "2026-02-01", "EUR", True),
    ("BG", "2026-02-01", "BGN", False),
    ("RS", "2026-02-01", "HRK", False),
])
def test_a_line_is_in_euros_or_in_the_countrys_currency_on_the_date_spent(client, auth, country, spent_on,
                                                                          currency, accepted):
    organisation = make_organisation(country_code=country, locale="en")
    partner = make_partner(organisation=organisation)
    grant = make_grant(organisation, countries=(country,), start=date(2022, 1, 1), end=date(2026, 12, 31))
    report = report_of(grant)
    auth.login(partner)
    response = save(client, report, lines=[line(spent_on=spent_on, currency=currency, amount="1955.83",
                                                rate="1.95583", description="Rent of the shelter")])
    db.session.refresh(report)
    if accepted:
        assert response.status_code == 302
        assert [(saved.currency, saved.spent_on.isoformat()) for saved in report.financial_lines] == [
            (currency, spent_on)]
    else:
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "may be in EUR" in page and f"not in {currency}" in page
        assert "Rent of the shelter" in page  # what was typed stays on screen
        assert report.financial_lines == [] and report.revision == 1


def test_a_croatian_line_in_kuna_converts_at_its_rate_and_one_in_euros_has_rate_one(client, auth):
    organisation = make_organisation(country_code="HR", locale="hr")
    partner = make_partner(organisation=organisation)
    report = report_of(make_grant(organisation, countries=("HR",), start=date(2022, 1, 1), end=date(2023, 12, 31)))
    auth.login(partner)
    response = save(client, report, lines=[
        line(spent_on="2022-11-30", currency="HRK", amount="7534.50", rate="7.53450"),
        # A rate typed for a line in euros is ignored: a euro is a euro.
        line(spent_on="2023-01-15", currency="EUR", amount="250.00", rate="7.5345"),
        # Left on the country's currency: the kuna in 2022, the euro in 2023.
        line(spent_on="2022-12-31", currency="", amount="753.45", rate="7.53450"),
        line(spent_on="2023-01-02", currency="", amount="99.99"),
        # The euro amount is computed by the portal, whatever a crafted form sends.
        line(spent_on="2022-12-01", currency="HRK", amount="100.00", rate="7.5345", amount_eur="99999"),
    ])
    assert response.status_code == 302
    db.session.refresh(report)
    assert [(saved.currency, saved.rate, saved.amount_eur) for saved in report.financial_lines] == [
        ("HRK", Decimal("7.53450000"), Decimal("1000.00")),
        ("EUR", Decimal("1.00000000"), Decimal("250.00")),
        ("HRK", Decimal("7.53450000"), Decimal("100.00")),
        ("EUR", Decimal("1.00000000"), Decimal("99.99")),
        ("HRK", Decimal("7.53450000"), Decimal("13.27")),  # 13.2722...
    ]


def test_a_line_in_local_currency_needs_its_rate(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    response = save(client, report, lines=[line(currency="RSD", amount="11735.00", rate="")])
    assert response.status_code == 422
    assert "Give the exchange rate" in response.get_data(as_text=True)


def test_serbian_dinars_convert_half_up_to_the_cent(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    assert save(client, report, lines=[line(currency="RSD", amount="10000.00", rate="117.1750"),
                                       line(currency="RSD", amount="234.57", rate="2")]).status_code == 302
    db.session.refresh(report)
    assert [saved.amount_eur for saved in report.financial_lines] == [Decimal("85.34"), Decimal("117.29")]


# --- indicator values: breakdowns covering everybody add up to the total -----------------------


def test_sex_parts_not_adding_up_refuse_submission_naming_the_indicator_but_the_draft_is_saved(client, auth, atina):
    partner = make_partner(organisation=atina)
    report = report_of(make_grant(atina, components=("C2",)))
    auth.login(partner)
    values = [("C2.2", None, "100"), ("C2.2", "sex:female", "40"), ("C2.2", "sex:male", "50"),
              ("C2.2", "age_group:minor", "30"), ("C2.2", "age_group:adult", "70")]
    response = submit(client, report, values=values)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "C2.2 People reached, breakdown by Sex (whole grant): the parts add up to 90, not to the total of 100." \
        in page
    assert "Age group" not in page.split('id="problems"')[1].split("</div>")[0]  # that one adds up
    db.session.refresh(report)
    assert report.status == ReportStatus.DRAFT and not report.versions
    assert len(report.indicator_values) == 5  # saved all the same
    # Corrected, it goes through.
    values[2] = ("C2.2", "sex:male", "60")
    assert submit(client, report, values=values).status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.SUBMITTED


def test_a_regional_grant_may_report_per_country_and_each_country_adds_up(client, auth, atina):
    partner = make_partner(organisation=atina)
    report = report_of(make_grant(atina, countries=("RS", "ME"), components=("C2",)))
    auth.login(partner)
    page = client.get(f"/reports/{report.id}/edit").get_data(as_text=True)
    assert "<summary>Montenegro" in page
    values = [("C2.2", None, "100"), ("C2.2", None, "60", "RS"), ("C2.2", "sex:female", "30", "RS"),
              ("C2.2", "sex:male", "20", "RS"), ("C2.2", None, "40", "ME")]
    response = submit(client, report, values=values)
    assert "C2.2 People reached, breakdown by Sex (Serbia): the parts add up to 50, not to the total of 60." \
        in response.get_data(as_text=True)
    db.session.refresh(report)
    assert {v.country_code for v in report.indicator_values} == {None, "RS", "ME"}


def test_the_page_says_which_breakdowns_must_add_up(client, auth, atina):
    partner = make_partner(organisation=atina)
    report = report_of(make_grant(atina, components=("C3",)))
    auth.login(partner)
    page = client.get(f"/reports/{report.id}/edit").get_data(as_text=True)
    assert "Must add up to the total: Sex, Age group." in page
    assert "C3.2 Victims assisted" in page


def test_submission_lists_every_problem_at_once(client, auth, atina):
    partner = make_partner(organisation=atina)
    report = report_of(make_grant(atina, components=("C2", "C3")))
    auth.login(partner)
    response = submit(client, report, lines=[], narrative={"C2": "", "C3": ""},
                      values=[("C2.2", None, "10"), ("C2.2", "sex:female", "4")])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in ("Narrative, C2", "Narrative, C3", "add the spending of the period, or state that nothing",
                     "C2.2 People reached, breakdown by Sex"):
        assert expected in page


def test_a_period_without_spending_is_stated_explicitly(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    assert "state that nothing was spent" in submit(client, report, lines=[]).get_data(as_text=True)
    response = submit(client, report, lines=[], no_spending="y")
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.SUBMITTED and report.versions[0].snapshot["no_spending"] is True


# --- late reports -------------------------------------------------------------------------------


def test_a_report_not_submitted_by_its_due_date_shows_as_late(client, auth, partner, mission):
    organisation = partner.organisations[0]
    late = report_of(make_grant(organisation, due=date.today() - timedelta(days=1)))
    on_time = report_of(make_grant(organisation, due=date.today() + timedelta(days=5)))
    sent_late = report_of(make_grant(organisation, due=date.today() - timedelta(days=9),
                                     first_submitted_at=late.created_at))
    assert late.is_late() and not on_time.is_late() and not sent_late.is_late()
    auth.login(partner)
    assert "Late" in client.get(f"/reports/{late.id}").get_data(as_text=True)
    assert ">Late<" not in client.get(f"/reports/{on_time.id}").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "1 report is late" in home and f"/reports/{late.id}" in home and f"/reports/{on_time.id}" in home
    auth.login(mission)
    listed = client.get("/reports/?late=1").get_data(as_text=True)
    assert f"/reports/{late.id}\"" in listed and f"/reports/{on_time.id}\"" not in listed
    assert f"/reports/{sent_late.id}\"" not in listed


# --- the workflow ---------------------------------------------------------------------------------


def test_submit_changes_requested_answer_resubmit_accept(client, auth, atina, partner, mission):
    colleague = make_partner(organisation=atina, manager=False, locale="sr")
    report = report_of(make_grant(atina))
    auth.login(partner)
    assert submit(client, report).status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.SUBMITTED and [v.number for v in report.versions] == [1]
    assert report.first_submitted_at is not None
    submitted = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "report_submitted")).all()
    assert [(m.recipient_email, m.locale) for m in submitted] == [(mission.email, "fr")]
    assert client.get(f"/reports/{report.id}/edit").status_code == 403  # frozen while the mission reads

    auth.login(mission)
    assert client.get(f"/reports/{report.id}/review").status_code == 200
    refused = client.post(f"/reports/{report.id}/review", data={"outcome": "changes", "note": "  "})
    # The mission reads French.
    assert refused.status_code == 422 and "Indiquez ce qu&#39;il faut modifier" in refused.get_data(as_text=True)
    assert client.post(f"/reports/{report.id}/review", data={
        "outcome": "changes", "note": "Attach the rent receipts."}).status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.CHANGES_REQUESTED
    asked = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "report_changes_requested")).all()
    assert sorted((m.recipient_email, m.locale) for m in asked) == sorted(
        [(partner.email, "en"), (colleague.email, "sr")])
    assert "Attach the rent receipts." in asked[0].body

    auth.login(partner)
    assert client.post(f"/reports/{report.id}/answer", data={"body": "Attached, with the lease."}).status_code == 302
    assert submit(client, report, lines=[line(), line(category="activities", amount="300.00")]).status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.SUBMITTED and [v.number for v in report.versions] == [1, 2]
    assert [(c.kind, c.version_number) for c in report.comments] == [("changes_requested", 1), ("answer", 1)]
    compared = client.get(f"/reports/{report.id}/versions").get_data(as_text=True)
    assert "Version 1" in compared and "Version 2" in compared and "changed" in compared

    auth.login(mission)
    assert client.post(f"/reports/{report.id}/review", data={"outcome": "accept", "note": ""}).status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.ACCEPTED and report.accepted_by_id == mission.id
    accepted = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "report_accepted")).all()
    assert len(accepted) == 2
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "Report",
                                                                 AuditEvent.object_id == str(report.id))
                                 .order_by(AuditEvent.id)).all()
    assert [a for a in actions if a != "report.save"] == [
        "report.submit", "report.request_changes", "report.answer", "report.submit", "report.accept"]
    assert client.post(f"/reports/{report.id}/review", data={"outcome": "accept"}).status_code == 403


def test_a_save_on_an_old_revision_is_a_conflict_that_keeps_the_typed_text(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    assert save(client, report, revision=1).status_code == 302
    response = save(client, report, revision=1, narrative={"C3": "My own careful words."})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this report" in page and "My own careful words." in page
    db.session.refresh(report)
    assert report.revision == 2 and report.narrative[0].done == "Twelve women sheltered."


# --- who sees what ---------------------------------------------------------------------------------


def test_partner_cannot_open_another_organisations_report(client, auth, partner):
    other = report_of(make_grant(make_organisation(name="Caritas Albania", country_code="AL")))
    auth.login(partner)
    for url in (f"/reports/{other.id}", f"/reports/{other.id}/edit", f"/reports/{other.id}/versions"):
        assert client.get(url).status_code == 404
    assert f"/reports/{other.id}\"" not in client.get("/reports/").get_data(as_text=True)


def test_embassy_sees_its_countrys_reports_but_cannot_edit_them(client, auth, atina):
    serbian = report_of(make_grant(atina, countries=("RS",)))
    regional = report_of(make_grant(make_organisation(name="UNODC", country_code="MK"), countries=("AL", "RS")))
    albanian = report_of(make_grant(make_organisation(name="Caritas Albania", country_code="AL"), countries=("AL",)))
    auth.login(make_user("embassy", country_code="RS"))
    assert client.get(f"/reports/{serbian.id}").status_code == 200
    assert client.get(f"/reports/{regional.id}").status_code == 200
    assert client.get(f"/reports/{albanian.id}").status_code == 404
    assert client.get(f"/reports/{serbian.id}/edit").status_code == 403
    assert client.post(f"/reports/{serbian.id}/edit", data=form_data(serbian)).status_code == 403
    listed = client.get("/reports/").get_data(as_text=True)
    assert f"/reports/{serbian.id}\"" in listed and f"/reports/{regional.id}\"" in listed
    assert f"/reports/{albanian.id}\"" not in listed
    assert client.get("/reports/export.csv").status_code == 403


# --- the mission's list and its export -------------------------------------------------------------


def test_mission_exports_the_filtered_list_as_csv_for_excel(client, auth, atina):
    mission = make_user("mission", locale="en")
    late = report_of(make_grant(atina, due=date.today() - timedelta(days=3)))
    make_grant(atina, due=date.today() + timedelta(days=60))
    make_grant(make_organisation(name="Caritas Albania", country_code="AL"), countries=("AL",),
               due=date.today() - timedelta(days=1))
    auth.login(mission)
    response = client.get("/reports/export.csv?late=1&country=RS")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Grant", "Organisation", "Countries"]
    assert len(rows) == 2
    assert rows[1][0] == late.grant.reference and rows[1][1] == "Atina" and rows[1][9] == "Yes"
    assert len(list(csv.reader(io.StringIO(client.get("/reports/export.csv").data.decode("utf-8-sig"))))) == 4
    # Each export is in the audit log, with what was asked for.
    exports = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "reports.export")
                                 .order_by(AuditEvent.id)).all()
    assert [event.after["rows"] for event in exports] == [1, 3]
    assert exports[0].after["filters"]["country"] == "RS"


def test_the_csv_header_is_in_the_readers_language_and_names_stay_text(client, auth, mission):
    risky = make_organisation(name="=HYPERLINK(\"http://evil.example\")", country_code="RS")
    make_grant(risky)
    auth.login(mission)  # reads the portal in French
    rows = list(csv.reader(io.StringIO(client.get("/reports/export.csv").data.decode("utf-8-sig"))))
    assert rows[0][2] == "Pays"
    assert rows[1][1].startswith("'=")


def test_partner_may_not_export(client, auth, partner):
    make_grant(partner.organisations[0])
    auth.login(partner)
    assert client.get("/reports/export.csv").status_code == 403
    assert client.get("/reports/").status_code == 200


# --- spending against the budget ----------------------------------------------------------------


def test_a_category_is_flagged_only_beyond_the_tolerance(client, auth, partner):
    grant = make_grant(partner.organisations[0], budget=(("personnel", "1000"), ("travel", "500")), tolerance="10")
    report = report_of(grant)
    auth.login(partner)
    assert save(client, report, lines=[line(amount="1100.00"), line(category="travel", amount="550.01")]
                ).status_code == 302
    db.session.refresh(report)
    totals = {t.category: t for t in totals_by_category(grant, report.financial_lines)}
    assert not totals["personnel"].over_tolerance and totals["personnel"].variance == Decimal("100.00")
    assert totals["travel"].over_tolerance and totals["travel"].variance == Decimal("50.01")
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert page.count("Over budget beyond the tolerance") == 1


def test_a_line_must_use_a_category_of_the_budget(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0], budget=(("personnel", "1000"),)))
    auth.login(partner)
    response = save(client, report, lines=[line(category="equipment")])
    assert response.status_code == 422
    assert "Choose one of the categories of the grant" in response.get_data(as_text=True)


# --- receipts -----------------------------------------------------------------------------------------


def test_receipts_attach_to_a_line_download_safely_and_go_while_editable(client, auth, partner, mission):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    save(client, report, lines=[line()])
    saved_line = db.session.scalar(select(FinancialLine).where(FinancialLine.report_id == report.id))
    refused = client.post(f"/reports/{report.id}/receipts", data={
        "file": (io.BytesIO(b"MZ not a receipt"), "receipt.pdf"), "line_id": ""})
    assert refused.status_code == 422 and "not accepted" in refused.get_data(as_text=True)
    assert client.post(f"/reports/{report.id}/receipts", data={
        "file": (io.BytesIO(PDF), "rent-march.pdf"), "line_id": str(saved_line.id), "description": "Rent"},
    ).status_code == 302
    receipt = db.session.scalar(select(ReportAttachment).where(ReportAttachment.report_id == report.id))
    assert receipt.line_id == saved_line.id
    # Saving again keeps the line, and so the receipt's link to it.
    assert save(client, report, lines=[dict(line(), line_id=str(saved_line.id))]).status_code == 302
    db.session.refresh(receipt)
    assert receipt.line_id == saved_line.id

    auth.login(make_user("embassy", country_code="RS"))
    download = client.get(f"/receipts/{receipt.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client.post(f"/receipts/{receipt.id}/remove").status_code == 403

    auth.login(make_partner(organisation=make_organisation(name="Caritas Albania", country_code="AL")))
    assert client.get(f"/receipts/{receipt.id}").status_code == 404

    auth.login(partner)
    assert submit(client, report, lines=[dict(line(), line_id=str(saved_line.id))]).status_code == 302
    assert client.post(f"/receipts/{receipt.id}/remove").status_code == 403  # submitted: it stays
    db.session.refresh(report)
    assert report.versions[0].snapshot["receipts"][0]["line"] == 1


def test_removing_a_line_keeps_its_receipt_with_the_report(client, auth, partner):
    report = report_of(make_grant(partner.organisations[0]))
    auth.login(partner)
    save(client, report, lines=[line()])
    saved_line = report.financial_lines[0] if report.financial_lines else db.session.scalar(select(FinancialLine))
    client.post(f"/reports/{report.id}/receipts", data={
        "file": (io.BytesIO(PDF), "rent.pdf"), "line_id": str(saved_line.id)})
    assert save(client, report, lines=[dict(line(), line_id=str(saved_line.id), remove="y")]).status_code == 302
    db.session.refresh(report)
    assert report.financial_lines == [] and report.attachments[0].line_id is None
    assert client.post(f"/receipts/{report.attachments[0].id}/remove").status_code == 302
    db.session.refresh(report)
    assert report.attachments == []


def test_the_report_list_comes_in_pages_and_the_export_holds_them_all(client, auth):
    grant = make_grant(make_organisation(name="Atina", country_code="RS"))
    first = grant.reports[0]
    for number in range(55):
        db.session.add(Report(grant=grant, kind="interim", period_start=first.period_start,
                              period_end=first.period_end, due_date=first.due_date + timedelta(days=number + 1),
                              language="en"))
    db.session.commit()
    auth.login(make_user("mission"))
    page = client.get("/reports/").get_data(as_text=True)
    assert "56 reports, by due date" in page and page.count('href="/reports/') >= 50
    assert 'aria-label="Pages"' in page
    second = client.get("/reports/?page=2").get_data(as_text=True)
    assert second.count(f"{grant.reference} · ") == 6
    rows = list(csv.reader(io.StringIO(client.get("/reports/export.csv").data.decode("utf-8-sig"))))
    assert len(rows) == 57  # the header and every report, not a page of them
