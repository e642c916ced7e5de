"""The embassy's country page in Chromium: accessible, masked, and readable on a phone."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.reports.models import IndicatorValue, ReportStatus
from tests import factories
from tests.browser.helpers import PHONE, assert_accessible, fits_the_width, sign_in_with_password

pytestmark = pytest.mark.browser


def victims_identified_in_serbia(live):
    """Atina's grant with an accepted report: 10 victims identified, 3 women and 7 men."""
    with live.app.app_context():
        atina = factories.make_organisation(name="Atina", country_code="RS", locale="sr")
        embassy = factories.make_user("embassy", email="ambassade@belgrade.example", country_code="RS")
        grant = factories.make_grant(organisation=atina, reports=[
            ("interim", date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 30))])
        report = grant.reports[0]
        report.status, report.submitted_at = ReportStatus.ACCEPTED, utcnow() - timedelta(days=1)
        report.accepted_at = utcnow()
        victims = db.session.scalar(select(Indicator).where(Indicator.code == "C3.1"))
        sex = {c.code: c for c in db.session.scalars(select(BreakdownCategory).join(BreakdownDimension)
                                                     .where(BreakdownDimension.code == "sex"))}
        report.indicator_values = [IndicatorValue(indicator=victims, value=Decimal("10")),
                                   IndicatorValue(indicator=victims, category=sex["female"], value=Decimal("3")),
                                   IndicatorValue(indicator=victims, category=sex["male"], value=Decimal("7"))]
        db.session.commit()
        email = embassy.email
        db.session.remove()
    return email


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_embassy_reads_its_countrys_share_masked_and_accessible(live, new_page, viewport):
    email = victims_identified_in_serbia(live)
    page = new_page(viewport=viewport)
    sign_in_with_password(page, email, factories.PASSWORD)
    page.goto("/country")

    expect(page.get_by_role("heading", name="Serbia: share of the programme 2026", level=1)).to_be_visible()
    actual = 3  # the cells after the row's heading: unit, rule, target, actual
    expect(page.get_by_role("row", name="Sex: Female").get_by_role("cell").nth(actual)).to_have_text("< 5")
    expect(page.get_by_role("row", name="Sex: Male").get_by_role("cell").nth(actual)).to_have_text("x")
    assert_accessible(page, "the country page")
    assert fits_the_width(page)
