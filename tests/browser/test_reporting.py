"""Reporting end to end, in Chromium: a partner in Serbia submits a financial report in dinars
with a receipt, the mission asks for a change, the partner answers and resubmits, and the
mission accepts the second version."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.auth import two_factor
from portal.extensions import db
from portal.reports.models import Report
from tests import factories
from tests.browser.helpers import assert_accessible, enter_two_factor_code, path_of, sign_in_with_password

pytestmark = pytest.mark.browser


def a_running_grant(live):
    with live.app.app_context():
        atina = factories.make_organisation(name="Atina", country_code="RS", locale="sr")
        partner = factories.make_user("partner", email="marija@atina.example", organisation=atina, manager=True,
                                      name="Marija Petrović")
        mission = factories.make_user("mission", email="claire@mission.example", name="Claire Martin")
        due = date.today() + timedelta(days=20)
        grant = factories.make_grant(organisation=atina, start=date(2026, 1, 1), months=12,
                                     reports=[("interim", date(2026, 1, 1), date(2026, 6, 30), due)])
        details = {"partner": (partner.email, None), "mission": (mission.email, mission.totp_secret),
                   "report": grant.reports[0].id}
        db.session.remove()
    return details


def sign_in(new_page, person):
    email, secret = person
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_with_password(page, email, factories.PASSWORD)
    if secret:
        enter_two_factor_code(page, two_factor.current_code(secret))
    assert path_of(page) == "/"
    return page


def test_a_financial_report_in_dinars_is_returned_corrected_and_accepted(live, new_page, tmp_path):
    cast = a_running_grant(live)
    report_url = f"/reports/{cast['report']}"

    partner = sign_in(new_page, cast["partner"])
    partner.goto(report_url)
    partner.get_by_role("link", name="Write the report").click()
    partner.get_by_label("What was done").first.fill("Смештај за дванаест жена.")
    line = partner.locator("fieldset", has_text="Line 1")
    line.get_by_label("Budget category").select_option("personnel")
    line.get_by_label("Description").fill("Зараде социјалних радника")
    line.get_by_label("Date spent").fill("2026-03-15")
    line.get_by_label("Amount").fill("117150")
    line.get_by_label("Rate (units for 1 EUR)").fill("117.15")
    line.get_by_label("Rate of").fill("2026-03-15")
    line.get_by_label("Rate source").fill("Народна банка Србије")
    partner.get_by_role("button", name="Save the draft").click()
    expect(partner.get_by_text(re.compile("saved", re.IGNORECASE)).first).to_be_visible()
    expect(partner.locator("fieldset", has_text="Line 1")).to_contain_text("1,000.00 EUR as saved")
    assert_accessible(partner, "the report form")

    receipt = tmp_path / "platni-spisak.pdf"
    receipt.write_bytes(b"%PDF-1.7\n% payroll\n")
    receipts = partner.locator("#receipts")
    receipts.get_by_label("File").set_input_files(str(receipt))
    receipts.get_by_label("For the financial line").select_option(index=1)
    receipts.get_by_role("button", name="Attach").click()
    expect(partner.get_by_role("link", name="platni-spisak.pdf")).to_be_visible()

    partner.get_by_role("button", name="Submit the report").click()
    expect(partner.locator(".badge", has_text="Submitted")).to_be_visible()
    assert path_of(partner) == report_url
    expect(partner.get_by_text("RSD").first).to_be_visible()

    mission = sign_in(new_page, cast["mission"])
    mission.goto(report_url)
    mission.get_by_role("link", name="Accept or ask for changes").click()
    mission.get_by_label("Ask for changes").check()
    mission.get_by_label("Comment").fill("Please give the number of the payroll on the line.")
    assert_accessible(mission, "the review of a report")
    mission.get_by_role("button", name="Record the decision").click()
    expect(mission.locator(".badge", has_text="Changes requested")).to_be_visible()

    partner.goto(report_url)
    expect(partner.get_by_text("Please give the number of the payroll on the line.")).to_be_visible()
    partner.get_by_label("Your answer").fill("Додат је број платног списка.")
    partner.get_by_role("button", name="Add my answer").click()
    partner.get_by_role("link", name="Write the report").click()
    partner.locator("fieldset", has_text="Line 1").get_by_label("Description").fill(
        "Зараде социјалних радника, платни списак 3/2026")
    partner.get_by_role("button", name="Submit the report").click()
    expect(partner.locator(".badge", has_text="Submitted")).to_be_visible()
    expect(partner.get_by_role("link", name="Compare versions")).to_be_visible()

    mission.goto(report_url)
    mission.get_by_role("link", name="Accept or ask for changes").click()
    mission.get_by_label("Accept the report").check()
    mission.get_by_role("button", name="Record the decision").click()
    expect(mission.locator(".badge", has_text="Accepted")).to_be_visible()

    with live.app.app_context():
        report = db.session.scalar(select(Report))
        assert report.status == "accepted" and len(report.versions) == 2
        (line,) = report.financial_lines
        assert (line.currency, str(line.amount), str(line.amount_eur)) == ("RSD", "117150.00", "1000.00")
        assert [c.kind for c in report.comments][:2] == ["changes_requested", "answer"]
        db.session.remove()
