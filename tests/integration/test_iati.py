"""The mission publishes the approved grants of a programme year as an IATI activity file (2.03)."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from portal.annual import iati
from portal.auth.models import Organisation
from portal.demo.loader import load_demo
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Instalment, Proposal, ProposalStatus
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country, ProgrammeYear
from portal.reports.models import IndicatorValue, Report
from tests.factories import make_partner, make_user

# The official schema sits in shared/ beside the repository; IATI_SCHEMA_DIR points elsewhere.
SCHEMA_DIR = Path(os.environ.get("IATI_SCHEMA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "iati-2.03")
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEMO_2025 = {"FR-6-THB-2025-001", "FR-6-THB-2025-002", "FR-6-THB-2025-003", "FR-6-THB-2025-004"}


@pytest.fixture(scope="module")
def iati_schema():
    path = SCHEMA_DIR / "iati-activities-schema.xsd"
    if not path.exists():
        pytest.skip(f"the IATI 2.03 schema is not at {SCHEMA_DIR} (set IATI_SCHEMA_DIR to its folder)")
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def demo(app):
    load_demo()


@pytest.fixture
def mission(demo):
    return make_user("mission", locale="fr")


def category(dimension, code):
    return db.session.scalar(select(BreakdownCategory).join(BreakdownDimension)
                             .where(BreakdownDimension.code == dimension, BreakdownCategory.code == code))


def indicator(code):
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def values(*rows):
    """IndicatorValues from (indicator code, "dimension:category" or None, value[, country])."""
    made = []
    for code, breakdown, amount, *country in rows:
        made.append(IndicatorValue(indicator=indicator(code), category=category(*breakdown.split(":")) if breakdown
                                   else None, value=Decimal(amount), country_code=country[0] if country else None))
    return made


def montenegrin_shelter(year=2025, reference="THB-2025-050", reports=(), instalments=()):
    """The Montenegrin Women's Lobby's shelter grant, written in Montenegrin (Latin script), with
    targets by sex, under a call of the year."""
    programme_year = db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == year))
    call = db.session.scalar(select(Call).where(Call.programme_year_id == programme_year.id).order_by(Call.id))
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Montenegrin Women's Lobby"))
    start, end = date(year, 6, 1), date(year + 1, 5, 31)
    proposal = Proposal(
        call=call, organisation=organisation, title="Sigurna kuća za žrtve trgovine ljudima u Crnoj Gori",
        summary="Smještaj i pomoć žrtvama trgovine ljudima.", language="sr_Latn", scope="bilateral",
        start_date=start, end_date=end, status=ProposalStatus.APPROVED, requested_eur=Decimal("40000"),
        countries=db.session.scalars(select(Country).where(Country.code == "ME")).all(),
        components=db.session.scalars(select(Component).where(Component.code == "C3")).all(),
        indicator_targets=[
            IndicatorTarget(indicator=indicator("C3.2"), baseline=Decimal("0"), target=Decimal("30")),
            IndicatorTarget(indicator=indicator("C3.2"), category=category("sex", "female"), target=Decimal("20")),
            IndicatorTarget(indicator=indicator("C3.4"), baseline=Decimal("6"), target=Decimal("10")),
        ],
    )
    grant = Grant(reference=reference, proposal=proposal, organisation=organisation, amount_eur=Decimal("40000"),
                  start_date=start, end_date=end, agreement_date=date(year, 5, 20),
                  instalments=list(instalments), reports=list(reports))
    db.session.add(grant)
    db.session.commit()
    return grant


def report(status, period_start, period_end, *rows, kind="interim"):
    return Report(kind=kind, period_start=period_start, period_end=period_end, due_date=period_end,
                  status=status, language="sr_Latn", indicator_values=values(*rows))


@pytest.fixture
def reported_grant(demo):
    """Two instalments paid and one to come; two accepted reports, one submitted and one sent back."""
    return montenegrin_shelter(
        instalments=[
            Instalment(number=1, planned_date=date(2025, 6, 10), planned_eur=Decimal("20000"),
                       paid_date=date(2025, 6, 12), paid_eur=Decimal("20000")),
            Instalment(number=2, planned_date=date(2026, 1, 10), planned_eur=Decimal("15000"),
                       paid_date=date(2026, 1, 20), paid_eur=Decimal("15000.50")),
            Instalment(number=3, planned_date=date(2026, 7, 1), planned_eur=Decimal("5000")),
        ],
        reports=[
            report("accepted", date(2025, 6, 1), date(2025, 11, 30),
                   ("C3.2", None, "12"), ("C3.2", "sex:female", "9"), ("C3.2", "sex:male", "3"),
                   ("C3.4", None, "10")),
            report("accepted", date(2025, 12, 1), date(2026, 5, 31),
                   ("C3.2", None, "8"), ("C3.2", "sex:female", "5"), ("C3.2", "sex:male", "3"),
                   ("C3.4", None, "14"), kind="final"),
            report("submitted", date(2025, 12, 1), date(2026, 5, 31), ("C3.2", None, "100"), ("C3.4", None, "99")),
            report("changes_requested", date(2025, 6, 1), date(2025, 8, 31), ("C3.2", "sex:male", "50")),
        ],
    )


def export(year):
    return etree.fromstring(iati.activities_file(iati.approved_grants(year), "FR-6", today=date(2026, 11, 23)))


def activity(document, identifier):
    found = document.xpath("iati-activity[iati-identifier=$identifier]", identifier=identifier)
    assert len(found) == 1, identifier
    return found[0]


def result_of(element, code):
    return element.xpath("result[indicator/reference/@code=$code]/indicator", code=code)[0]


def figures(elements):
    """{(dimension name, value) or None: value} of target or actual elements."""
    return {(e.find("dimension").get("name"), e.find("dimension").get("value")) if e.find("dimension") is not None
            else None: e.get("value") for e in elements}


# --- the file is valid IATI -------------------------------------------------------------------


def test_the_export_of_the_demo_year_and_a_reported_grant_is_valid_iati_2_03(client, auth, mission, reported_grant,
                                                                              iati_schema):
    auth.login(mission)
    response = client.get("/annual/iati.xml?year=2025")
    assert response.status_code == 200
    document = etree.fromstring(response.data)
    iati_schema.assertValid(document)
    assert document.get("version") == "2.03"
    assert {e.text for e in document.iter("iati-identifier")} == DEMO_2025 | {"FR-6-THB-2025-050"}
    # Every export is recorded in the audit log.
    from portal.core.audit import AuditEvent

    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "annual.export"))
    assert event.after["format"] == "iati" and event.after["years"] == [2025] and event.actor_id == mission.id


def test_a_year_whose_grants_have_no_report_nor_instalment_yet_is_valid_too(demo, iati_schema):
    iati_schema.assertValid(export(2025))


# --- what one activity says -------------------------------------------------------------------


def test_titles_and_descriptions_are_tagged_with_the_iso_639_1_code_of_the_proposals_language(reported_grant):
    document = export(2025)
    serbian = activity(document, "FR-6-THB-2025-001")  # Atina writes in Serbian (Cyrillic)
    assert serbian.find("title/narrative").get(LANG) == "sr"
    assert serbian.find("title/narrative").text == "Сигурна кућа и реинтеграција жртава трговине људима"
    assert serbian.find("description/narrative").get(LANG) == "sr"
    montenegrin = activity(document, "FR-6-THB-2025-050")  # sr_Latn
    assert montenegrin.find("title/narrative").get(LANG) == "sr"
    assert activity(document, "FR-6-THB-2025-002").find("title/narrative").get(LANG) == "sq"
    assert iati.iso_639_1("sr_Latn") == "sr" and iati.iso_639_1("bs") == "bs" and iati.iso_639_1("en") == "en"


def test_the_mission_funds_and_the_partner_implements_as_a_national_ngo_or_a_multilateral(demo):
    document = export(2025)
    atina = activity(document, "FR-6-THB-2025-001")
    assert atina.find("reporting-org").get("ref") == "FR-6"
    funding, implementing = atina.findall("participating-org")
    assert (funding.get("role"), funding.get("ref"), funding.get("type")) == ("1", "FR-6", "10")
    assert (implementing.get("role"), implementing.get("type"), implementing.find("narrative").text) == (
        "4", "22", "Atina")
    unodc = activity(document, "FR-6-THB-2025-003")
    assert unodc.findall("participating-org")[1].get("type") == "40"


def test_recipient_countries_share_100_percent_with_the_remainder_on_the_first(demo):
    document = export(2025)
    caritas = activity(document, "FR-6-THB-2025-002")
    shares = [(c.get("code"), c.get("percentage")) for c in caritas.findall("recipient-country")]
    assert shares == [("AL", "33.34"), ("ME", "33.33"), ("XK", "33.33")]
    for element in document.iter("iati-activity"):
        assert sum(Decimal(c.get("percentage")) for c in element.findall("recipient-country")) == 100
    assert iati.country_shares(6) == [Decimal("16.70")] + [Decimal("16.66")] * 5


def test_the_commitment_and_the_paid_instalments_are_the_transactions(reported_grant):
    element = activity(export(2025), "FR-6-THB-2025-050")
    found = [(t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"),
              t.find("value").text) for t in element.findall("transaction")]
    assert found == [("2", "2025-05-20", "40000.00"), ("3", "2025-06-12", "20000.00"),
                     ("3", "2026-01-20", "15000.50")]  # the third instalment is not paid
    budget = element.find("budget")
    assert (budget.find("period-start").get("iso-date"), budget.find("period-end").get("iso-date"),
            budget.find("value").text, budget.find("value").get("value-date")) == (
        "2025-06-01", "2026-05-31", "40000.00", "2025-06-01")


def test_a_grant_longer_than_a_year_has_one_budget_a_year_adding_up_to_the_grant():
    periods = iati.budget_periods(date(2025, 3, 1), date(2027, 2, 28), Decimal("100000.00"))
    assert [(start.isoformat(), end.isoformat()) for start, end, _amount in periods] == [
        ("2025-03-01", "2026-02-28"), ("2026-03-01", "2027-02-28")]
    assert sum(amount for _start, _end, amount in periods) == Decimal("100000.00")


def test_actuals_come_from_accepted_reports_only_summed_or_latest_with_their_breakdowns(reported_grant):
    element = activity(export(2025), "FR-6-THB-2025-050")
    victims = result_of(element, "C3.2")
    assert victims.get("measure") == "1"
    assert victims.getparent().find("title/narrative").text == "Victims assisted"
    period = victims.find("period")
    assert figures(period.findall("target")) == {None: "30", ("sex", "female"): "20"}
    # People are summed over the periods; the submitted report's 100 and the returned one's 50 are not counted.
    assert figures(period.findall("actual")) == {None: "20", ("sex", "female"): "14", ("sex", "male"): "6"}
    assert [b.get("value") for b in victims.findall("baseline")] == ["0"]
    places = result_of(element, "C3.4")
    # Shelter places are a stock: the latest accepted figure, not a sum.
    assert figures(places.find("period").findall("actual")) == {None: "14"}
    assert places.find("baseline").get("value") == "6"


def test_a_regional_grants_actual_adds_up_its_countries_when_no_total_was_given(demo):
    grant = montenegrin_shelter(reports=[
        report("accepted", date(2025, 6, 1), date(2025, 11, 30), ("C3.2", None, "4", "ME"), ("C3.2", None, "3", "AL")),
    ])
    assert iati.accepted_actuals(grant)[indicator("C3.2").id] == {None: Decimal("7")}


def test_the_activity_status_follows_the_dates_and_closes_once_everything_is_settled(reported_grant):
    grant = reported_grant
    assert iati.activity_status(grant, date(2025, 5, 1)) == "1"
    assert iati.activity_status(grant, date(2025, 9, 1)) == "2"
    assert iati.activity_status(grant, date(2026, 11, 23)) == "3"  # a report pending, an instalment unpaid
    for pending in [r for r in grant.reports if r.status != "accepted"]:
        grant.reports.remove(pending)
    grant.instalments[2].paid_date, grant.instalments[2].paid_eur = date(2026, 7, 2), Decimal("4999.50")
    db.session.commit()
    assert iati.activity_status(grant, date(2026, 11, 23)) == "4"
    dates = activity(export(2025), "FR-6-THB-2025-050").findall("activity-date")
    assert [(d.get("type"), d.get("iso-date")) for d in dates] == [
        ("1", "2025-06-01"), ("2", "2025-06-01"), ("3", "2026-05-31"), ("4", "2026-05-31")]


# --- which grants, who downloads, the command -------------------------------------------------


def test_only_the_approved_grants_of_the_year_appear(demo):
    montenegrin_shelter(year=2026, reference="THB-2026-050")
    in_2025 = {e.text for e in export(2025).iter("iati-identifier")}
    assert in_2025 == DEMO_2025  # ASTRA's proposal was rejected; the 2026 grant belongs to 2026
    assert {e.text for e in export(2026).iter("iati-identifier")} == {"FR-6-THB-2026-050"}
    assert iati.approved_grants(2024) == []
    assert iati.latest_year_with_grants() == 2026


def test_the_mission_downloads_the_file_as_an_attachment(client, auth, mission):
    auth.login(mission)
    response = client.get("/annual/iati.xml?year=2025")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"] == "attachment; filename=iati-activities-2025.xml"
    assert client.get("/annual/iati.xml").headers["Content-Disposition"].endswith("iati-activities-2025.xml")
    assert client.get("/annual/iati.xml?year=2024").status_code == 404  # no approved grant that year
    assert client.get("/annual/iati.xml?year=twenty").status_code == 400


def test_a_partner_an_embassy_and_a_reviewer_may_not_download_it(client, auth, demo):
    atina = db.session.scalar(select(Organisation).where(Organisation.name == "Atina"))
    for user in (make_partner(organisation=atina), make_user("embassy", country_code="RS"), make_user("reviewer")):
        auth.login(user)
        assert client.get("/annual/iati.xml?year=2025").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    response = client.get("/annual/iati.xml?year=2025")
    assert response.status_code == 302 and "/login" in response.location


def test_the_command_writes_the_file(runner, demo, tmp_path, iati_schema):
    output = tmp_path / "iati-2025.xml"
    result = runner.invoke(args=["portal", "iati", "--year", "2025", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "4 activities of 2025" in result.output
    document = etree.parse(str(output))
    iati_schema.assertValid(document)
    assert {e.text for e in document.iter("iati-identifier")} == DEMO_2025


def test_the_command_refuses_a_year_without_approved_grants(runner, demo, tmp_path):
    output = tmp_path / "iati-2024.xml"
    result = runner.invoke(args=["portal", "iati", "--year", "2024", "--output", str(output)])
    assert result.exit_code != 0 and "No approved grant in 2024" in result.output
    assert not output.exists()
