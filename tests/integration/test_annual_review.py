"""The mission's annual review: the programming of envelopes, the page of a programme year
with its figures, charts and tables, and the sign-off whose later corrections show as
differences."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from portal.annual.models import ProgrammingLine, YearSignoff
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.programme.models import Component, ProgrammeYear
from portal.reports.models import Report
from tests.factories import make_organisation, make_user
from tests.integration.test_grant_management import a_grant, accept, fill


def text_of(page):
    """What a reader sees of a page, each cell apart from the next."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page))).strip()


@pytest.fixture
def mission(app):
    return make_user("mission", name="Conseillère régionale", locale="en")


def component_id(code):
    return db.session.scalar(select(Component.id).where(Component.code == code))


def two_grants():
    """A bilateral grant in Serbia (C3, 50,000) with one accepted report and one awaiting, and a
    regional one over Albania and Montenegro (C2, 80,000) with one accepted report."""
    serbian = a_grant(make_organisation(name="Atina", country_code="RS"), reference="THB-2026-001",
                      amount="50000", targets={"C3.2": 40})
    regional = a_grant(make_organisation(name="Different and Equal", country_code="AL"),
                       reference="THB-2026-002", amount="80000", countries=("AL", "ME"), components=("C2",),
                       targets={"C2.1": 30})
    first, second = serbian.reports[0], serbian.reports[1]
    accept(first, lines=["10000.00", "2500.50"], values=[("C3.2", "12")])
    fill(second, values=[("C3.2", "9")])
    second.status = "submitted"
    accept(regional.reports[0], lines=["20000"], values=[("C2.1", "7")])
    db.session.commit()
    return serbian, regional


def test_the_review_shows_money_indicators_and_what_still_waits(client, auth, mission):
    two_grants()
    auth.login(mission)
    page = client.get("/annual/2026")
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    # Committed 50,000 + 80,000; spent only in accepted reports: 10,000 + 2,500.50 + 20,000.
    assert "€130,000.00" in text
    assert "€32,500.50" in text
    # The report sent but not accepted does not count: C3.2 shows 12, not 21.
    assert re.search(r"C3\.2 .*?people.*?40.*?12", text)
    assert "1 report awaiting acceptance: its figures do not count yet" in text
    # Albania and Montenegro each show the regional grant's 80,000; the total counts it once.
    rows = re.findall(r"<th scope=\"row\">(Albania|Montenegro|Serbia)</th><td class=\"text-end\">([^<]+)</td>",
                      page.get_data(as_text=True))
    assert dict(rows) == {"Albania": "€80,000.00", "Montenegro": "€80,000.00", "Serbia": "€50,000.00"}


def test_each_chart_carries_its_figures_for_the_chart_library_and_a_table(client, auth, mission):
    two_grants()
    auth.login(mission)
    html = client.get("/annual/2026").get_data(as_text=True)
    charts = [json.loads(unescape(raw)) for raw in re.findall(r"data-chart='([^']+)'", html)]
    by_type = {(chart["type"], chart.get("format")): chart for chart in charts}
    components = by_type[("bar", "currency")]
    assert components["labels"] == ["C2", "C3"]
    committed = next(d for d in components["datasets"] if d["label"] == "Committed")
    assert committed["data"] == ["80000.00", "50000.00"]
    grid = by_type[("matrix", "currency")]
    assert len(grid["tiles"]) == 16
    assert {t["code"]: t["v"] for t in grid["tiles"]}["ME"] == "80000.00"
    assert "vendor/chart.js/chart.umd.min.js" in html and "<script>" not in html
    assert html.count("<table") >= 4


def test_the_filters_narrow_every_figure(client, auth, mission):
    two_grants()
    auth.login(mission)
    text = text_of(client.get(f"/annual/2026?component={component_id('C3')}").get_data(as_text=True))
    assert "€50,000.00 · 1 grant" in text
    assert "C2.1" not in text
    text = text_of(client.get("/annual/2026?country=ME").get_data(as_text=True))
    assert "€80,000.00 · 1 grant" in text


def test_an_unknown_year_is_not_found_and_others_may_not_open_the_review(client, auth, mission):
    db.session.add(ProgrammeYear(year=2026))
    db.session.commit()
    auth.login(mission)
    assert client.get("/annual/1999").status_code == 404
    for role in ("partner", "embassy", "reviewer"):
        auth.login(make_user(role, country_code="RS") if role == "embassy" else make_user(role))
        assert client.get("/annual/2026").status_code == 403


def programming_form(envelope="", components=None, details=()):
    data = {"envelope_eur": envelope}
    ids = {code: component_id(code) for code in ("C1", "C2", "C3", "C4")}
    for index, (code, amount) in enumerate(sorted((components or {}).items())):
        data[f"components-{index}-component_id"] = ids[code]
        data[f"components-{index}-amount_eur"] = amount
    for index, (code, country, priority, amount) in enumerate(details):
        data[f"details-{index}-component_id"] = ids[code]
        data[f"details-{index}-country_code"] = country or ""
        data[f"details-{index}-priority_id"] = priority or ""
        data[f"details-{index}-amount_eur"] = amount
    return data


def test_the_mission_plans_envelopes_and_the_review_compares_them(client, auth, mission):
    two_grants()
    auth.login(mission)
    assert client.get("/annual/2026/programming").status_code == 200
    response = client.post("/annual/2026/programming", data=programming_form(
        "900000", {"C2": "100000", "C3": "200000"}, [("C2", "ME", None, "40000")]))
    assert response.status_code == 302
    lines = db.session.scalars(select(ProgrammingLine)).all()
    assert sorted(str(line.amount_eur) for line in lines) == ["100000.00", "200000.00", "40000.00"]
    text = text_of(client.get("/annual/2026").get_data(as_text=True))
    # C3: 50,000 committed of 200,000 planned (25%); C2 in Montenegro: 80,000 of 40,000 (200%).
    assert re.search(r"C3 .*?whole component €200,000.00 €50,000.00 25%", text)
    assert re.search(r"Montenegro €40,000.00 €80,000.00 200%", text)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annual.programming")) is not None


@pytest.mark.parametrize(("form", "message"), [
    (("100000", {"C2": "80000", "C3": "80000"}, []), "add up to more than the envelope of the year"),
    (("", {"C2": "10000"}, [("C2", "ME", None, "6000"), ("C2", "AL", None, "6000")]), "add up to more than its"),
    (("", {}, [("C2", "ME", "", "1000"), ("C2", "ME", "", "2000")]), "given twice"),
    (("", {"C2": "-5"}, []), "cannot be negative"),
])
def test_a_programming_that_does_not_add_up_is_refused_and_keeps_what_was_typed(client, auth, mission, form,
                                                                                  message):
    auth.login(mission)
    make_organisation()
    db.session.add(ProgrammeYear(year=2026))
    db.session.commit()
    response = client.post("/annual/2026/programming", data=programming_form(*form))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    first_amount = next(iter(form[1].values()), None) or form[2][0][3]
    assert f'value="{first_amount}"' in html
    assert db.session.scalars(select(ProgrammingLine)).all() == []


def test_a_correction_after_the_sign_off_shows_as_a_difference(client, auth, mission):
    serbian, _regional = two_grants()
    auth.login(mission)
    assert client.get("/annual/2026/sign-off").status_code == 200
    assert client.post("/annual/2026/sign-off", data={"note": "Reviewed with the ambassador."}).status_code == 302
    signoff = db.session.scalar(select(YearSignoff))
    assert signoff.snapshot["figures"]["money|total||committed"] == "130000.00"
    text = text_of(client.get("/annual/2026").get_data(as_text=True))
    assert "No figure changed since the sign-off." in text

    # The report that waited is accepted: 9 more people, and its spending counts.
    waiting = db.session.get(Report, serbian.reports[1].id)
    accept(waiting, lines=["1000"])
    text = text_of(client.get("/annual/2026").get_data(as_text=True))
    assert "Differences from the signed-off figures" in text
    # The signed-off 12 stays visible beside today's 21.
    assert re.search(r"C3\.2 [^·]+ · Serbia actual 12(\.00)? 21(\.00)? \+9", text)
    assert re.search(r"All grants spent €32,500.50 €33,500.50 \+€1,000.00", text)


def test_the_review_reads_in_the_readers_language(client, auth):
    two_grants()
    auth.login(make_user("mission", locale="fr"))
    html = client.get("/annual/2026").get_data(as_text=True)
    assert 'lang="fr"' in html
    assert "130\u202f000,00\xa0€" in html or "130 000,00 €" in html


def test_nothing_reported_yet_still_gives_a_page(client, auth, mission):
    auth.login(mission)
    db.session.add(ProgrammeYear(year=2027, envelope_eur=Decimal("500000")))
    db.session.commit()
    text = text_of(client.get("/annual/2027").get_data(as_text=True))
    assert "No indicator figure yet" in text and "€500,000.00" in text


def test_the_mission_sets_the_threshold_below_which_victims_are_masked(client, auth, mission):
    auth.login(mission)
    assert 'value="5"' in client.get("/annual/").get_data(as_text=True)
    refused = client.post("/annual/victim-threshold", data={"threshold": "1"})
    assert refused.status_code == 422 and "from 2 to 100" in refused.get_data(as_text=True)
    assert client.post("/annual/victim-threshold", data={"threshold": "10"}).status_code == 302
    assert 'value="10"' in client.get("/annual/").get_data(as_text=True)
    with client.application.test_request_context():
        from portal.annual.suppression import victim_threshold

        assert victim_threshold() == 10
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annual.victim_threshold"))
    assert event.before == {"threshold": 5} and event.after == {"threshold": 10}


def test_the_indicators_by_country_come_when_asked_for(client, auth, mission):
    two_grants()
    auth.login(mission)
    html = client.get("/annual/2026").get_data(as_text=True)
    assert "Show the indicators by country" in html and 'id="indicators-by-country" open' not in html
    html = client.get("/annual/2026?countries=1").get_data(as_text=True)
    assert '<details class="mt-3" id="indicators-by-country" open>' in html
    assert "Montenegro" in text_of(html.split('id="indicators-by-country"')[1])


def test_the_review_lists_the_first_twenty_late_reports_and_counts_them_all(client, auth, mission):
    from datetime import date, timedelta

    serbian, _regional = two_grants()
    first = serbian.reports[0]
    for number in range(22):
        db.session.add(Report(grant=serbian, kind="interim", period_start=first.period_start,
                              period_end=first.period_end, due_date=date.today() - timedelta(days=number + 1),
                              language="en"))
    db.session.commit()
    auth.login(mission)
    text = text_of(client.get("/annual/2026").get_data(as_text=True))
    late = text[text.index("Reports late or awaiting acceptance"):]
    assert "Late · the 20 due first of 22 · all of them in the reports list" in late
    assert late.count("THB-2026-001") == 20 + 1  # twenty late ones, and the one awaiting acceptance
