"""The embassy's view of its country: the projects there, regional ones included, and the
country's share of money and indicators, with small numbers of victims masked on every page the
embassy reads; the mission sees the same pages with exact figures.

Every expected number below is worked out by hand from the programme built here."""

import re
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portal.core.db import utcnow
from portal.embassy.share import share_of
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Instalment, Proposal, ProposalStatus
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country, ProgrammeYear
from portal.reports.models import FinancialLine, IndicatorValue, Report, ReportStatus, ReportVersion
from portal.reports.snapshot import take_snapshot
from tests.factories import make_organisation, make_user

YEAR = 2026
ACCEPTED, SUBMITTED = ReportStatus.ACCEPTED, ReportStatus.SUBMITTED


# --- building a programme ---------------------------------------------------------------------


def indicator(code):
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def category(breakdown):
    """The category of "dimension:category", e.g. "sex:female"."""
    dimension, code = breakdown.split(":")
    return db.session.scalar(select(BreakdownCategory).join(BreakdownDimension)
                             .where(BreakdownDimension.code == dimension, BreakdownCategory.code == code))


def report(status, *rows, spent="0", start=date(YEAR, 1, 1), end=date(YEAR, 6, 30)):
    """A report with its values, (indicator code, "dimension:category" or None, value[, country]),
    and one line of spending in euros."""
    sent = utcnow()
    return Report(
        kind="interim", period_start=start, period_end=end, due_date=end + timedelta(days=30), status=status,
        language="en", first_submitted_at=sent, submitted_at=sent,
        accepted_at=sent if status == ACCEPTED else None,
        indicator_values=[
            IndicatorValue(indicator=indicator(code), category=category(breakdown) if breakdown else None,
                           country_code=country[0] if country else None, value=Decimal(value))
            for code, breakdown, value, *country in rows
        ],
        financial_lines=[FinancialLine(category="activities", currency="EUR", amount=Decimal(spent), rate=Decimal(1),
                                       amount_eur=Decimal(spent), position=1)],
    )


def a_grant(call, organisation, reference, countries, components, amount, paid, targets=(), reports=()):
    """An approved grant with one instalment paid; `targets`: (indicator code, target)."""
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    proposal = Proposal(
        call=call, organisation=organisation, title=f"Project {reference}", summary="", language="en",
        scope="regional" if len(countries) > 1 else "bilateral", start_date=start, end_date=end,
        status=ProposalStatus.APPROVED, requested_eur=Decimal(amount),
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
        components=db.session.scalars(select(Component).where(Component.code.in_(components))).all(),
        indicator_targets=[IndicatorTarget(indicator=indicator(code), target=Decimal(target))
                           for code, target in targets],
    )
    grant = Grant(reference=reference, proposal=proposal, organisation=organisation, amount_eur=Decimal(amount),
                  start_date=start, end_date=end, reports=list(reports),
                  instalments=[Instalment(number=1, planned_date=start, planned_eur=Decimal(paid), paid_date=start,
                                          paid_eur=Decimal(paid))])
    db.session.add(grant)
    db.session.commit()
    return grant


@pytest.fixture
def programme(app):
    """Three grants of 2026:

    - Atina, bilateral in Serbia (C3): an accepted report with 10 victims identified, 3 women
      and 7 men, 12,000.50 EUR spent; a submitted one (100 victims) that does not count yet.
    - ICMPD, regional over Serbia and Albania (C3, C4): an accepted report with 30 victims for
      the whole grant, 12 of them in Serbia and 18 in Albania, 2 transnational referrals from
      Serbia (reported alone, without a breakdown), 8,000 EUR spent.
    - Caritas Albania, bilateral in Albania (C2): 4,242 people reached, none of it Serbia's.
    """
    programme_year = ProgrammeYear(year=YEAR, envelope_eur=Decimal("500000"))
    now = utcnow()
    call = Call(programme_year=programme_year, titles={"en": "Call"}, descriptions={"en": "Call"},
                opens_at=now - timedelta(days=300), deadline_at=now - timedelta(days=200),
                envelope_eur=Decimal("300000"), max_amount_eur=Decimal("150000"), is_published=True)
    db.session.add(call)
    atina = make_organisation(name="Atina", country_code="RS", locale="sr")
    icmpd = make_organisation(name="ICMPD", country_code="HU", kind="international", locale="en")
    caritas = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    accepted = report(ACCEPTED, ("C3.1", None, "10"), ("C3.1", "sex:female", "3"), ("C3.1", "sex:male", "7"),
                      spent="12000.50")
    bilateral = a_grant(call, atina, "THB-2026-RS", ["RS"], ["C3"], "50000", "20000", targets=[("C3.1", "40")],
                        reports=[accepted, report(SUBMITTED, ("C3.1", None, "100"), spent="5000",
                                                  start=date(YEAR, 7, 1), end=date(YEAR, 12, 31))])
    accepted.versions.append(ReportVersion(number=1, snapshot=take_snapshot(accepted)))
    regional = a_grant(call, icmpd, "THB-2026-REG", ["RS", "AL"], ["C3", "C4"], "120000", "30000.25",
                       targets=[("C3.1", "60")],
                       reports=[report(ACCEPTED, ("C3.1", None, "30"), ("C3.1", None, "12", "RS"),
                                       ("C3.1", None, "18", "AL"), ("C4.3", None, "2", "RS"), spent="8000")])
    albanian = a_grant(call, caritas, "THB-2026-AL", ["AL"], ["C2"], "77777", "11111",
                       reports=[report(ACCEPTED, ("C2.2", None, "4242"), spent="999")])
    db.session.commit()
    return type("Programme", (), {
        "atina": atina, "bilateral": bilateral, "regional": regional, "albanian": albanian, "accepted": accepted,
        "embassy": make_user("embassy", country_code="RS"), "mission": make_user("mission"),
    })


# --- reading a page ---------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table row of a page, as the text of its cells."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rows_with(html, label):
    """The rows of the page with a cell reading `label` (e.g. "Sex: Female")."""
    tables = _Tables()
    tables.feed(html)
    return [row for row in tables.rows if label in row]


def page(client, auth, user, url):
    auth.login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def country_page(client, auth, user, query=""):
    return page(client, auth, user, f"/country{query}")


ACTUAL = 4  # the column of actual values on the country page and the grant page


# --- the country page -------------------------------------------------------------------------


def test_the_embassy_sees_its_countrys_share_of_money_in_euros(programme):
    share = share_of(db.session.get(Country, "RS"), YEAR, programme.embassy, date(YEAR + 1, 1, 15))

    # Atina's bilateral grant and the regional one, counted whole; not Caritas Albania's.
    assert (share.money_total.committed, share.money_total.paid, share.money_total.spent) == (
        Decimal("170000.00"), Decimal("50000.25"), Decimal("20000.50"))
    assert share.money_total.grants == 2
    assert {component.code: (f.committed, f.spent) for component, f in share.money_by_component} == {
        "C3": (Decimal("170000.00"), Decimal("20000.50")), "C4": (Decimal("120000.00"), Decimal("8000.00"))}
    assert {organisation.name: (f.committed, f.paid) for organisation, f in share.money_by_partner} == {
        "ICMPD": (Decimal("120000.00"), Decimal("30000.25")), "Atina": (Decimal("50000.00"), Decimal("20000.00"))}
    assert [grant.reference for grant in share.projects] == ["THB-2026-REG", "THB-2026-RS"]
    assert share.tally.awaiting == 1  # Atina's second report: its 100 victims do not count


def test_the_country_page_shows_serbias_projects_and_figures_not_albanias(client, auth, programme):
    html = country_page(client, auth, programme.embassy)

    assert "€170,000.00" in html and "€50,000.25" in html and "€20,000.50" in html
    assert "counts whole" in html  # the regional grant's money is not split between countries
    assert "THB-2026-RS" in html and "THB-2026-REG" in html and "Regional" in html and "Bilateral" in html
    assert f'href="/grants/{programme.regional.id}"' in html
    assert "THB-2026-AL" not in html and "Caritas Albania" not in html and "€77,777.00" not in html
    assert not rows_with(html, "C2.2 People reached")  # Albania's indicator
    assert "1 report is awaiting acceptance" in html and "Only accepted reports count" in html
    total = rows_with(html, "C3.1 Victims identified people may be counted by several partners")[0]
    assert total[3:5] == ["100", "22"]  # targets 40 + 60; 10 from Atina, 12 from the regional grant in Serbia


def test_a_small_victim_count_is_masked_with_its_complementary_cell_for_the_embassy(client, auth, programme):
    html = country_page(client, auth, programme.embassy)

    assert rows_with(html, "Sex: Female")[0][ACTUAL] == "< 5"
    assert rows_with(html, "Sex: Male")[0][ACTUAL] == "x"  # 22 minus the men would give the women
    referrals = rows_with(html, "C4.3 Transnational referrals")[0]
    assert referrals[ACTUAL] == "< 5"  # 2, reported without a breakdown
    assert "shown as “&lt; 5”" in html  # the note says why


def test_the_mission_sees_the_same_page_with_exact_figures(client, auth, programme):
    html = country_page(client, auth, programme.mission, "?country=RS")

    assert rows_with(html, "Sex: Female")[0][ACTUAL] == "3"
    assert rows_with(html, "Sex: Male")[0][ACTUAL] == "7"
    assert rows_with(html, "C4.3 Transnational referrals")[0][ACTUAL] == "2"
    assert "€170,000.00" in html and "THB-2026-AL" not in html


def test_an_embassy_always_sees_its_own_country_whatever_the_address_asks(client, auth, programme):
    html = country_page(client, auth, programme.embassy, f"?country=AL&year={YEAR}")

    assert "Serbia: share of the programme" in html and "€170,000.00" in html
    assert "THB-2026-AL" not in html and "Caritas Albania" not in html


def test_the_mission_opens_any_country(client, auth, programme):
    html = country_page(client, auth, programme.mission, "?country=AL")

    assert "Albania: share of the programme" in html
    assert "€197,777.00" in html  # Caritas Albania's 77,777 and the regional 120,000
    assert "THB-2026-AL" in html and "THB-2026-REG" in html and "THB-2026-RS" not in html
    assert rows_with(html, "C2.2 People reached")[0][ACTUAL] == "4,242"
    assert rows_with(html, "C3.1 Victims identified people may be counted by several partners")[0][ACTUAL] == "18"


def test_the_mission_chooses_a_country_first(client, auth, programme):
    html = country_page(client, auth, programme.mission)
    assert "Choose a country" in html and "€" not in html


@pytest.mark.parametrize("role", ["partner", "reviewer"])
def test_partners_and_reviewers_may_not_open_a_country_page(client, auth, programme, role):
    user = make_user(role, organisation=programme.atina if role == "partner" else None)
    auth.login(user)
    assert client.get("/country").status_code == 403
    assert client.get("/country?country=RS").status_code == 403


def test_the_country_page_speaks_french(client, auth, programme):
    embassy = make_user("embassy", country_code="RS", locale="fr")
    html = country_page(client, auth, embassy)
    assert '<html lang="fr"' in html
    assert re.search(r"170\s000,00\s€", html)  # money in the French way


def test_the_embassy_finds_its_country_page_from_home(client, auth, programme):
    html = page(client, auth, programme.embassy, "/")
    assert 'href="/country"' in html


# --- the pages the embassy already saw ---------------------------------------------------------


def test_the_grant_list_holds_serbias_grants_only(client, auth, programme):
    html = page(client, auth, programme.embassy, "/grants/")
    assert "THB-2026-RS" in html and "THB-2026-REG" in html and "THB-2026-AL" not in html


def test_the_grant_page_masks_the_small_count_and_its_complement_for_the_embassy(client, auth, programme):
    url = f"/grants/{programme.bilateral.id}"
    html = page(client, auth, programme.embassy, url)
    assert rows_with(html, "Sex: Female")[0][ACTUAL] == "< 5"
    assert rows_with(html, "Sex: Male")[0][ACTUAL] == "x"
    assert "Counts of victims below 5" in html

    html = page(client, auth, programme.mission, url)
    assert rows_with(html, "Sex: Female")[0][ACTUAL] == "3"
    assert rows_with(html, "Sex: Male")[0][ACTUAL] == "7"
    assert "Counts of victims below" not in html and "&lt; 5" not in html


def test_the_partner_sees_its_own_figures_exactly(client, auth, programme):
    partner = make_user("partner", organisation=programme.atina)
    html = page(client, auth, partner, f"/grants/{programme.bilateral.id}")
    assert rows_with(html, "Sex: Female")[0][ACTUAL] == "3"
    html = page(client, auth, partner, f"/reports/{programme.accepted.id}")
    assert rows_with(html, "Sex: Female")[0][-1] == "3"


def test_the_report_page_masks_the_small_count_and_its_complement_for_the_embassy(client, auth, programme):
    url = f"/reports/{programme.accepted.id}"
    html = page(client, auth, programme.embassy, url)
    assert rows_with(html, "Sex: Female")[0][-1] == "< 5"
    assert rows_with(html, "Sex: Male")[0][-1] == "x"
    assert rows_with(html, "Total")[0][-1] == "10"

    html = page(client, auth, programme.mission, url)
    assert rows_with(html, "Sex: Female")[0][-1] == "3"
    assert rows_with(html, "Sex: Male")[0][-1] == "7"


def test_a_submitted_version_is_masked_for_the_embassy_too(client, auth, programme):
    url = f"/reports/{programme.accepted.id}/versions/1"
    html = page(client, auth, programme.embassy, url)
    assert rows_with(html, "sex:female")[0][-1] == "< 5"
    assert rows_with(html, "sex:male")[0][-1] == "x"

    html = page(client, auth, programme.mission, url)
    assert rows_with(html, "sex:female")[0][-1] == "3.00"
