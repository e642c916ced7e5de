"""The figures of a programme year as the mission, an embassy or a partner would check them by
hand: only accepted reports count, each indicator adds up by its rule, a regional grant shows
under each of its countries and once in the totals, money in euros, small numbers of victims
masked outside the mission.

Every expected number below is worked out by hand from the programme built here."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.annual.models import MissionSetting
from portal.annual.rollup import Filters, indicator_rollup, money_rollup, report_tally, year_grants
from portal.annual.suppression import is_masked, victim_threshold
from portal.annual.tables import indicator_lines
from portal.core.db import utcnow
from portal.extensions import db
from portal.grants.models import Call, Grant, IndicatorTarget, Instalment, Proposal, ProposalStatus
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, Country, Priority, ProgrammeYear
from portal.reports.models import FinancialLine, IndicatorValue, Report, ReportStatus
from tests.factories import make_organisation, make_partner, make_user

YEAR = 2026
TODAY = date(2027, 1, 15)  # the day the mission looks at the year's figures


# --- building a programme ---------------------------------------------------------------------


def indicator(code):
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def category(breakdown):
    """The category of "dimension:category", e.g. "sex:female"."""
    dimension, code = breakdown.split(":")
    return db.session.scalar(select(BreakdownCategory).join(BreakdownDimension)
                             .where(BreakdownDimension.code == dimension, BreakdownCategory.code == code))


def values(*rows):
    """IndicatorValues from (indicator code, "dimension:category" or None, value[, country]);
    a value "n/d" is a percentage's numerator and denominator."""
    made = []
    for code, breakdown, value, *country in rows:
        numerator, _, denominator = value.partition("/")
        made.append(IndicatorValue(
            indicator=indicator(code), category=category(breakdown) if breakdown else None,
            country_code=country[0] if country else None,
            value=None if denominator else Decimal(value),
            numerator=Decimal(numerator) if denominator else None,
            denominator=Decimal(denominator) if denominator else None,
        ))
    return made


def report(status, period_start, period_end, *rows, spent=(), due=None, kind="interim"):
    """A report in `status`, with its indicator values and its spending in euros."""
    sent = status != ReportStatus.DRAFT
    return Report(
        kind=kind, period_start=period_start, period_end=period_end, due_date=due or period_end + timedelta(days=30),
        status=status, language="en", first_submitted_at=utcnow() if sent else None,
        submitted_at=utcnow() if sent else None,
        accepted_at=utcnow() if status == ReportStatus.ACCEPTED else None,
        indicator_values=values(*rows),
        financial_lines=[FinancialLine(category="activities", currency="EUR", amount=Decimal(amount), rate=Decimal(1),
                                       amount_eur=Decimal(amount), position=n) for n, amount in enumerate(spent)],
    )


def programme_year(year, priorities=()):
    programme = ProgrammeYear(year=year, envelope_eur=Decimal("500000"))
    programme.priorities = [Priority(code=code, names={"en": code}, position=n) for n, code in enumerate(priorities)]
    db.session.add(programme)
    db.session.flush()
    return programme


def a_call(programme, title):
    now = utcnow()
    call = Call(programme_year=programme, titles={"en": title}, descriptions={"en": title},
                opens_at=now - timedelta(days=300), deadline_at=now - timedelta(days=200),
                envelope_eur=Decimal("300000"), max_amount_eur=Decimal("150000"), is_published=True)
    db.session.add(call)
    return call


def a_grant(call, organisation, reference, countries, components, amount, priorities=(), targets=(), reports=(),
            instalments=()):
    """An approved grant. `targets`: (indicator code, breakdown or None, target, baseline);
    `instalments`: (planned, paid or None) in euros."""
    start, end = date(call.programme_year.year, 1, 1), date(call.programme_year.year + 1, 6, 30)
    proposal = Proposal(
        call=call, organisation=organisation, title=reference, summary="", language="en",
        scope="regional" if len(countries) > 1 else "bilateral", start_date=start, end_date=end,
        status=ProposalStatus.APPROVED, requested_eur=Decimal(amount),
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
        components=db.session.scalars(select(Component).where(Component.code.in_(components))).all(),
        priorities=[p for p in call.programme_year.priorities if p.code in priorities],
        indicator_targets=[
            IndicatorTarget(indicator=indicator(code), category=category(breakdown) if breakdown else None,
                            target=Decimal(target), baseline=Decimal(baseline) if baseline is not None else None)
            for code, breakdown, target, baseline in targets
        ],
    )
    grant = Grant(
        reference=reference, proposal=proposal, organisation=organisation, amount_eur=Decimal(amount),
        start_date=start, end_date=end, reports=list(reports),
        instalments=[Instalment(number=n, planned_date=start + timedelta(days=30 * n), planned_eur=Decimal(planned),
                                paid_date=start + timedelta(days=30 * n) if paid else None,
                                paid_eur=Decimal(paid) if paid else None)
                     for n, (planned, paid) in enumerate(instalments, 1)],
    )
    db.session.add(grant)
    db.session.commit()
    return grant


ACCEPTED, SUBMITTED, CHANGES, DRAFT = (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED,
                                       ReportStatus.CHANGES_REQUESTED, ReportStatus.DRAFT)


@pytest.fixture
def programme(app):
    """Three grants of 2026 and one of 2025.

    - Atina, bilateral in Serbia (C3): two accepted half-years, entered latest first, plus a
      submitted final report, one sent back for changes, a draft to come and a late draft.
    - UNODC, regional over Albania, Serbia and Montenegro (C3, C4): two accepted periods with
      whole-grant values and values per country, and a submitted one.
    - Caritas Albania, bilateral in Albania (C2): two accepted periods.
    - A 2025 grant in Serbia, whose figures must never show in 2026.
    """
    c3 = db.session.scalar(select(Component).where(Component.code == "C3"))
    db.session.add_all([
        Indicator(code="C3.8", component=c3, names={"en": "Cases referred that reach court"}, unit={"en": "%"},
                  kind="percentage", rollup="sum", position=20),
        Indicator(code="C3.9", component=c3, names={"en": "Peak occupancy of the shelter"}, unit={"en": "people"},
                  kind="count", rollup="maximum", position=21),
    ])
    year = programme_year(YEAR, priorities=("sexual_exploitation", "child_victims"))
    shelters, regional = a_call(year, "Shelters 2026"), a_call(year, "Regional cooperation 2026")
    earlier = a_call(programme_year(YEAR - 1), "Shelters 2025")
    atina = make_organisation(name="Atina", country_code="RS")
    unodc = make_organisation(name="UNODC", country_code="RS", kind="international")
    caritas = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")

    atina_grant = a_grant(
        shelters, atina, "THB-2026-001", ("RS",), ("C3",), "40000", priorities=("sexual_exploitation",),
        targets=[("C3.2", None, "30", "0"), ("C3.2", "sex:female", "20", None), ("C3.4", None, "10", "4")],
        instalments=[("20000", "20000"), ("20000", None)],
        reports=[
            # The second half-year first, so that it gets the smaller id: "latest" goes by period.
            report(ACCEPTED, date(2026, 7, 1), date(2026, 12, 31),
                   ("C3.2", None, "8"), ("C3.2", "sex:female", "5"), ("C3.2", "sex:male", "3"), ("C3.3", None, "5"),
                   ("C3.4", None, "6"), ("C3.9", None, "25"), ("C3.8", None, "3/4"), spent=["6000.00"]),
            report(ACCEPTED, date(2026, 1, 1), date(2026, 6, 30),
                   ("C3.2", None, "12"), ("C3.2", "sex:female", "9"), ("C3.2", "sex:male", "3"),
                   ("C3.3", None, "10"), ("C3.4", None, "8"), ("C3.9", None, "30"), ("C3.8", None, "1/4"),
                   spent=["8000.50", "1500.25"]),
            report(SUBMITTED, date(2027, 1, 1), date(2027, 3, 31),
                   ("C3.2", None, "100"), ("C3.2", "sex:female", "100"), ("C3.3", None, "100"),
                   ("C3.4", None, "99"), ("C3.9", None, "99"), ("C3.8", None, "99/100"), spent=["9999.99"],
                   kind="final"),
            report(CHANGES, date(2026, 1, 1), date(2026, 3, 31),
                   ("C3.2", None, "50"), ("C3.4", None, "50"), ("C3.9", None, "50"), spent=["5555.55"]),
            report(DRAFT, date(2027, 1, 1), date(2027, 3, 31), ("C3.2", None, "70"), due=date(2027, 4, 30)),
            report(DRAFT, date(2026, 7, 1), date(2026, 9, 30), ("C3.2", None, "60"), due=date(2026, 10, 31)),
        ],
    )
    unodc_grant = a_grant(
        regional, unodc, "THB-2026-002", ("AL", "RS", "ME"), ("C3", "C4"), "100000",
        priorities=("sexual_exploitation", "child_victims"),
        targets=[("C3.2", None, "60", "5"), ("C4.3", None, "20", None)],
        instalments=[("60000", "60000"), ("30000.10", "30000.10"), ("9999.90", None)],
        reports=[
            report(ACCEPTED, date(2026, 3, 1), date(2026, 8, 31),
                   ("C3.2", None, "25"), ("C3.2", "sex:female", "15"), ("C3.2", "sex:male", "10"),
                   ("C3.2", None, "10", "AL"), ("C3.2", None, "7", "RS"), ("C3.2", None, "8", "ME"),
                   ("C3.2", "sex:female", "4", "RS"), ("C3.2", "sex:male", "3", "RS"),
                   ("C3.3", None, "20"), ("C3.4", None, "20"), ("C3.4", None, "12", "RS"), ("C3.9", None, "10"),
                   ("C3.8", None, "9/12"), ("C4.3", None, "6"), ("C4.3", None, "2", "RS"), ("C4.3", None, "4", "AL"),
                   spent=["25000.33"]),
            report(ACCEPTED, date(2026, 9, 1), date(2027, 2, 28),
                   ("C3.2", None, "6"), ("C3.2", None, "5", "RS"), ("C3.4", None, "12"), ("C3.4", None, "9", "RS"),
                   ("C3.9", None, "40"), spent=["10000.00"]),
            report(SUBMITTED, date(2027, 3, 1), date(2027, 5, 31),
                   ("C3.2", None, "1000"), ("C3.2", None, "1000", "RS"), ("C3.4", None, "999"),
                   ("C3.4", None, "999", "RS"), ("C3.9", None, "999"), ("C4.3", None, "999"), spent=["5000.00"]),
        ],
    )
    caritas_grant = a_grant(
        regional, caritas, "THB-2026-003", ("AL",), ("C2",), "20000", priorities=("child_victims",),
        targets=[("C2.2", None, "250", None)], instalments=[("10000", "10000")],
        reports=[
            report(ACCEPTED, date(2026, 2, 1), date(2026, 7, 31),
                   ("C2.2", None, "120"), ("C2.2", "sex:female", "70"), ("C2.2", "sex:male", "50"),
                   spent=["4000.40"]),
            report(ACCEPTED, date(2026, 8, 1), date(2027, 1, 31), ("C2.2", None, "80")),
        ],
    )
    earlier_grant = a_grant(
        earlier, atina, "THB-2025-009", ("RS",), ("C3",), "77777", targets=[("C3.2", None, "1000", "0")],
        instalments=[("77777", "77777")],
        reports=[
            report(ACCEPTED, date(2025, 1, 1), date(2025, 12, 31), ("C3.2", None, "500"), ("C3.4", None, "500"),
                   ("C3.9", None, "500"), ("C2.2", None, "500"), spent=["500.00"]),
            report(DRAFT, date(2025, 7, 1), date(2025, 12, 31), ("C3.2", None, "400"), due=date(2026, 1, 31)),
        ],
    )
    return SimpleNamespace(
        atina=atina, unodc=unodc, caritas=caritas, atina_grant=atina_grant, unodc_grant=unodc_grant,
        caritas_grant=caritas_grant, earlier_grant=earlier_grant, shelters=shelters, regional=regional,
        priority={p.code: p for p in year.priorities},
    )


# --- reading the figures ----------------------------------------------------------------------


def cells(figures):
    """{(indicator code, "dimension:category" or None, country or None): figure}"""
    codes = dict(db.session.execute(select(Indicator.id, Indicator.code)).all())
    names = {c.id: f"{c.dimension.code}:{c.code}" for c in db.session.scalars(select(BreakdownCategory))}
    table = {}
    for figure in figures:
        key = (codes[figure.indicator_id], names.get(figure.category_id), figure.country_code)
        assert key not in table, f"{key} appears twice"
        table[key] = figure
    return table


def actuals(figures):
    """{(code, breakdown, country): actual} of the cells that have one."""
    return {key: figure.actual for key, figure in cells(figures).items() if figure.actual is not None}


def actual(figures, code, breakdown=None, country=None):
    figure = cells(figures).get((code, breakdown, country))
    return None if figure is None else figure.actual


def component_id(code):
    return db.session.scalar(select(Component.id).where(Component.code == code))


# --- only accepted reports count ------------------------------------------------------------


def test_only_accepted_reports_count(programme):
    figures = indicator_rollup(YEAR)
    assert actual(figures, "C3.2") == Decimal("51")  # Atina 12 + 8, UNODC 25 + 6 (submitted 100, 1000 left out)
    assert cells(figures)[("C3.2", None, None)].grants == 2


def test_a_submitted_report_changes_the_figures_only_once_accepted(programme):
    submitted = next(r for r in programme.atina_grant.reports if r.status == SUBMITTED)
    before = indicator_rollup(YEAR)
    assert actual(before, "C3.2") == Decimal("51")
    assert report_tally(YEAR, TODAY).awaiting == 3  # Atina's final and the one sent back, UNODC's third

    submitted.status = ACCEPTED
    db.session.commit()

    after = indicator_rollup(YEAR)
    assert actual(after, "C3.2") == Decimal("151")  # 51 + Atina's final 100
    assert actual(after, "C3.4") == Decimal("111")  # Atina's latest is now the final's 99, + UNODC's 12
    tally = report_tally(YEAR, TODAY)
    assert (tally.accepted, tally.awaiting) == (7, 2)


def test_the_tally_says_how_many_reports_wait_are_late_or_to_come(programme):
    tally = report_tally(YEAR, TODAY)
    assert tally.accepted == 6  # 2 Atina, 2 UNODC, 2 Caritas
    assert tally.awaiting == 3  # Atina submitted and changes requested, UNODC submitted
    assert tally.late == 1  # Atina's draft due 31 October 2026 (the 2025 grant's late draft is another year)
    assert tally.to_come == 1  # Atina's draft due 30 April 2027


def test_the_tally_follows_the_filters_and_the_reader(programme):
    caritas = report_tally(YEAR, TODAY, Filters(organisation_id=programme.caritas.id))
    assert (caritas.accepted, caritas.awaiting, caritas.late, caritas.to_come) == (2, 0, 0, 0)
    embassy_al = make_user("embassy", country_code="AL")
    seen = report_tally(YEAR, TODAY, user=embassy_al)  # UNODC and Caritas
    assert (seen.accepted, seen.awaiting, seen.late, seen.to_come) == (4, 1, 0, 0)


def test_another_years_grants_do_not_count(programme):
    assert set(db.session.scalars(year_grants(YEAR))) == {
        programme.atina_grant.id, programme.unodc_grant.id, programme.caritas_grant.id}
    figures = indicator_rollup(YEAR)
    assert cells(figures)[("C3.2", None, None)].target == Decimal("90")  # 30 + 60, not the 2025 grant's 1000
    assert set(actuals(indicator_rollup(YEAR - 1))) == {
        ("C3.2", None, None), ("C3.4", None, None), ("C3.9", None, None), ("C2.2", None, None)}
    assert actual(indicator_rollup(YEAR - 1), "C3.2") == Decimal("500")


# --- each indicator by its rule ---------------------------------------------------------------


def test_sums_add_the_periods_then_the_grants(programme):
    figures = indicator_rollup(YEAR)
    assert actual(figures, "C3.3") == Decimal("35")  # Atina 10 + 5, UNODC 20
    assert actual(figures, "C2.2") == Decimal("200")  # Caritas 120 + 80
    assert actual(figures, "C4.3") == Decimal("6")  # UNODC's whole-grant 6


def test_maximum_takes_each_grants_largest_period_then_adds_the_grants(programme):
    figures = indicator_rollup(YEAR)
    # Atina max(25, 30) = 30, UNODC max(10, 40) = 40; a sum would say 105, the latest 65.
    assert actual(figures, "C3.9") == Decimal("70")


def test_latest_takes_each_grants_latest_period_then_adds_the_grants(programme):
    figures = indicator_rollup(YEAR)
    # Atina's period ending 31 Dec 2026 says 6 (the June one 8); UNODC's ending Feb 2027 says 12
    # (August 20). A sum would say 46, the maximum 28.
    assert actual(figures, "C3.4") == Decimal("18")


def test_percentages_add_numerators_and_denominators(programme):
    figure = cells(indicator_rollup(YEAR))[("C3.8", None, None)]
    assert (figure.numerator, figure.denominator) == (Decimal("13"), Decimal("20"))  # 1+3+9 over 4+4+12
    # 13 / 20, not the mean of 25 %, 75 % and 75 % (58.33) nor of the grants' 50 % and 75 %.
    assert figure.percentage == Decimal("65.00")
    assert figure.actual is None


def test_a_percentage_of_stocks_takes_each_grants_latest_terms(programme):
    share = Indicator(code="C3.7", component=indicator("C3.2").component, names={"en": "Beds taken"},
                      unit={"en": "%"}, kind="percentage", rollup="latest", position=22)
    first_half, second_half = sorted((r for r in programme.atina_grant.reports if r.status == ACCEPTED),
                                     key=lambda r: r.period_end)
    first_half.indicator_values.append(IndicatorValue(indicator=share, numerator=Decimal(2), denominator=Decimal(10)))
    second_half.indicator_values.append(IndicatorValue(indicator=share, numerator=Decimal(6), denominator=Decimal(10)))
    unodc_first = next(r for r in programme.unodc_grant.reports if r.status == ACCEPTED)
    unodc_first.indicator_values.append(IndicatorValue(indicator=share, numerator=Decimal(1), denominator=Decimal(10)))
    db.session.commit()
    figure = cells(indicator_rollup(YEAR))[("C3.7", None, None)]
    # Atina's December 6/10 (not June's 2/10), UNODC's only 1/10: 7/20.
    assert (figure.numerator, figure.denominator, figure.percentage) == (Decimal("7"), Decimal("20"), Decimal("35.00"))


def test_breakdown_categories_roll_up_like_totals(programme):
    figures = indicator_rollup(YEAR)
    assert actual(figures, "C3.2", "sex:female") == Decimal("29")  # Atina 9 + 5, UNODC 15
    assert actual(figures, "C3.2", "sex:male") == Decimal("16")  # Atina 3 + 3, UNODC 10
    assert actual(figures, "C2.2", "sex:female") == Decimal("70")
    by_country = indicator_rollup(YEAR, by=("country",))
    assert actual(by_country, "C3.2", "sex:female", "RS") == Decimal("18")  # Atina 14, UNODC in Serbia 4
    assert actual(by_country, "C3.2", "sex:male", "RS") == Decimal("9")  # Atina 6, UNODC in Serbia 3


# --- countries ----------------------------------------------------------------------------------


def test_a_regional_grant_shows_under_each_country_it_reported_for(programme):
    figures = cells(indicator_rollup(YEAR, by=("country",)))
    assert figures[("C3.2", None, "RS")].actual == Decimal("32")  # Atina 20, UNODC in Serbia 7 + 5
    assert figures[("C3.2", None, "AL")].actual == Decimal("10")
    assert figures[("C3.2", None, "ME")].actual == Decimal("8")
    assert (figures[("C3.2", None, "RS")].grants, figures[("C3.2", None, "AL")].grants) == (2, 1)
    assert figures[("C3.4", None, "RS")].actual == Decimal("15")  # Atina's latest 6, UNODC's latest in Serbia 9
    assert figures[("C4.3", None, "AL")].actual == Decimal("4")
    assert all(country is not None for (_code, _breakdown, country) in figures)


def test_a_regional_grant_counts_once_in_the_totals(programme):
    totals = indicator_rollup(YEAR, by=())
    assert actual(totals, "C3.2") == Decimal("51")  # UNODC's whole-grant 25 + 6, once
    assert all(country is None for (_code, _breakdown, country) in cells(totals))
    # Its countries add up to 10 + 12 + 8 = 30 for UNODC; the table by country to 50, not 51.
    by_country = actuals(indicator_rollup(YEAR, by=("country",)))
    assert sum(value for (code, breakdown, _c), value in by_country.items()
               if code == "C3.2" and breakdown is None) == Decimal("50")


def test_a_bilateral_grants_whole_grant_values_count_under_its_country(programme):
    figures = actuals(indicator_rollup(YEAR, Filters(organisation_id=programme.atina.id), by=("country",)))
    assert figures[("C3.2", None, "RS")] == Decimal("20")  # 12 + 8, given for the whole grant
    assert figures[("C3.4", None, "RS")] == Decimal("6")
    assert {country for (_code, _breakdown, country) in figures} == {"RS"}


def test_targets_per_indicator_and_per_country(programme):
    totals = cells(indicator_rollup(YEAR))
    assert (totals[("C3.2", None, None)].target, totals[("C3.2", None, None)].baseline) == (Decimal("90"), Decimal("5"))
    assert totals[("C3.2", "sex:female", None)].target == Decimal("20")
    assert totals[("C3.4", None, None)].target == Decimal("10")
    assert totals[("C4.3", None, None)].target == Decimal("20")
    assert totals[("C2.2", None, None)].target == Decimal("250")
    assert totals[("C3.2", None, None)].share_of_target == Decimal("51") / Decimal("90")

    by_country = cells(indicator_rollup(YEAR, by=("country",)))
    assert by_country[("C3.2", None, "RS")].target == Decimal("90")  # Atina 30, UNODC 60
    assert by_country[("C3.2", None, "AL")].target == Decimal("60")  # UNODC's under each of its countries
    assert by_country[("C3.2", None, "ME")].target == Decimal("60")
    # UNODC's referrals target under each country, Montenegro's without any referral reported.
    assert [by_country[("C4.3", None, c)].target for c in ("AL", "RS", "ME")] == [Decimal("20")] * 3
    assert by_country[("C4.3", None, "ME")].actual is None
    assert by_country[("C2.2", None, "AL")].target == Decimal("250")
    assert ("C2.2", None, "RS") not in by_country


# --- filters ------------------------------------------------------------------------------------


def test_a_component_filter_keeps_its_grants_and_its_indicators(programme):
    c4 = actuals(indicator_rollup(YEAR, Filters(component_id=component_id("C4"))))
    assert c4 == {("C4.3", None, None): Decimal("6")}  # UNODC's referrals; not its C3 victims
    c2 = actuals(indicator_rollup(YEAR, Filters(component_id=component_id("C2"))))
    assert c2 == {("C2.2", None, None): Decimal("200"), ("C2.2", "sex:female", None): Decimal("70"),
                  ("C2.2", "sex:male", None): Decimal("50")}
    c3 = cells(indicator_rollup(YEAR, Filters(component_id=component_id("C3"))))
    assert c3[("C3.2", None, None)].actual == Decimal("51")
    assert {code for code, _b, _c in c3} == {"C3.2", "C3.3", "C3.4", "C3.8", "C3.9"}  # no C4.3 target either


def test_a_country_filter_keeps_that_country(programme):
    albania = cells(indicator_rollup(YEAR, Filters(country="AL")))
    assert {country for _code, _b, country in albania} == {"AL"}
    assert albania[("C3.2", None, "AL")].actual == Decimal("10")  # UNODC in Albania
    assert albania[("C2.2", None, "AL")].actual == Decimal("200")  # Caritas, bilateral
    assert albania[("C4.3", None, "AL")].actual == Decimal("4")
    assert albania[("C3.2", None, "AL")].target == Decimal("60")
    assert ("C3.3", None, "AL") not in albania  # UNODC gave its trainees for the whole grant only


@pytest.mark.parametrize(("which", "expected"), [
    # (filter, {indicator: actual} of totals among C3.2 and C2.2)
    ("organisation", {"C3.2": Decimal("20")}),  # Atina: 12 + 8
    ("grant", {"C3.2": Decimal("31")}),  # UNODC: 25 + 6
    ("call", {"C3.2": Decimal("31"), "C2.2": Decimal("200")}),  # the regional call: UNODC, Caritas
    ("child_victims", {"C3.2": Decimal("31"), "C2.2": Decimal("200")}),  # UNODC, Caritas
    ("sexual_exploitation", {"C3.2": Decimal("51")}),  # Atina, UNODC
])
def test_filters_by_partner_grant_call_and_priority(programme, which, expected):
    filters = {
        "organisation": Filters(organisation_id=programme.atina.id),
        "grant": Filters(grant_id=programme.unodc_grant.id),
        "call": Filters(call_id=programme.regional.id),
        "child_victims": Filters(priority_id=programme.priority["child_victims"].id),
        "sexual_exploitation": Filters(priority_id=programme.priority["sexual_exploitation"].id),
    }[which]
    figures = actuals(indicator_rollup(YEAR, filters))
    assert {code: value for (code, breakdown, _c), value in figures.items()
            if code in ("C3.2", "C2.2") and breakdown is None} == expected


# --- who sees what ------------------------------------------------------------------------------


def test_an_embassy_sees_its_countrys_grants_regional_ones_included(programme):
    serbia = make_user("embassy", country_code="RS")
    figures = actuals(indicator_rollup(YEAR, user=serbia))
    assert figures[("C3.2", None, None)] == Decimal("51")  # Atina and UNODC
    assert ("C2.2", None, None) not in figures  # Caritas works in Albania only
    albania = make_user("embassy", country_code="AL")
    figures = actuals(indicator_rollup(YEAR, user=albania))
    assert (figures[("C3.2", None, None)], figures[("C2.2", None, None)]) == (Decimal("31"), Decimal("200"))


def test_a_partner_sees_its_organisations_grants_only(programme):
    partner = make_partner(organisation=programme.atina)
    figures = cells(indicator_rollup(YEAR, user=partner))
    assert figures[("C3.2", None, None)].actual == Decimal("20")
    assert {code for code, _b, _c in figures} == {"C3.2", "C3.3", "C3.4", "C3.8", "C3.9"}  # Atina's C3 only
    assert money_rollup(YEAR, user=partner)[0].committed == Decimal("40000.00")


def test_a_reviewer_sees_no_figures(programme):
    reviewer = make_user("reviewer")
    assert indicator_rollup(YEAR, user=reviewer) == []
    assert money_rollup(YEAR, user=reviewer) == []
    tally = report_tally(YEAR, TODAY, user=reviewer)
    assert (tally.accepted, tally.awaiting, tally.late, tally.to_come) == (0, 0, 0, 0)


def test_the_mission_sees_everything(programme):
    mission = make_user("mission")
    assert actual(indicator_rollup(YEAR, user=mission), "C3.2") == Decimal("51")


# --- money --------------------------------------------------------------------------------------


def money(figures):
    """{key: (committed, paid, spent, grants)}"""
    return {figure.key: (figure.committed, figure.paid, figure.spent, figure.grants) for figure in figures}


def test_money_of_the_year_counts_every_grant_once(programme):
    (overall,) = money_rollup(YEAR)
    assert overall.key == ()
    assert overall.committed == Decimal("160000.00")  # 40,000 + 100,000 + 20,000
    assert overall.paid == Decimal("120000.10")  # 20,000 + 60,000 + 30,000.10 + 10,000 (unpaid left out)
    # Accepted reports only: 8,000.50 + 1,500.25 + 6,000 + 25,000.33 + 10,000 + 4,000.40.
    assert overall.spent == Decimal("54501.48")
    assert overall.grants == 3
    assert overall.left_to_pay == Decimal("39999.90")
    assert all(isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
               for amount in (overall.committed, overall.paid, overall.spent))


def test_money_by_country_shows_a_regional_grant_under_each_country(programme):
    assert money(money_rollup(YEAR, by=("country",))) == {
        ("RS",): (Decimal("140000.00"), Decimal("110000.10"), Decimal("50501.08"), 2),  # Atina, UNODC
        ("AL",): (Decimal("120000.00"), Decimal("100000.10"), Decimal("39000.73"), 2),  # UNODC, Caritas
        ("ME",): (Decimal("100000.00"), Decimal("90000.10"), Decimal("35000.33"), 1),  # UNODC
    }


def test_money_by_component_priority_and_partner(programme):
    c2, c3, c4 = component_id("C2"), component_id("C3"), component_id("C4")
    assert money(money_rollup(YEAR, by=("component",))) == {
        (c2,): (Decimal("20000.00"), Decimal("10000.00"), Decimal("4000.40"), 1),
        (c3,): (Decimal("140000.00"), Decimal("110000.10"), Decimal("50501.08"), 2),
        (c4,): (Decimal("100000.00"), Decimal("90000.10"), Decimal("35000.33"), 1),
    }
    sexual, children = programme.priority["sexual_exploitation"].id, programme.priority["child_victims"].id
    assert money(money_rollup(YEAR, by=("priority",))) == {
        (sexual,): (Decimal("140000.00"), Decimal("110000.10"), Decimal("50501.08"), 2),
        (children,): (Decimal("120000.00"), Decimal("100000.10"), Decimal("39000.73"), 2),
    }
    assert money(money_rollup(YEAR, by=("organisation",))) == {
        (programme.atina.id,): (Decimal("40000.00"), Decimal("20000.00"), Decimal("15500.75"), 1),
        (programme.unodc.id,): (Decimal("100000.00"), Decimal("90000.10"), Decimal("35000.33"), 1),
        (programme.caritas.id,): (Decimal("20000.00"), Decimal("10000.00"), Decimal("4000.40"), 1),
    }


def test_money_by_two_dimensions(programme):
    c2, c3, c4 = component_id("C2"), component_id("C3"), component_id("C4")
    committed = {figure.key: figure.committed for figure in money_rollup(YEAR, by=("component", "country"))}
    assert committed == {
        (c3, "RS"): Decimal("140000.00"), (c3, "AL"): Decimal("100000.00"), (c3, "ME"): Decimal("100000.00"),
        (c4, "RS"): Decimal("100000.00"), (c4, "AL"): Decimal("100000.00"), (c4, "ME"): Decimal("100000.00"),
        (c2, "AL"): Decimal("20000.00"),
    }


def test_money_filtered_keeps_the_filtered_cell_only(programme):
    assert money(money_rollup(YEAR, Filters(country="RS"), by=("country",))) == {
        ("RS",): (Decimal("140000.00"), Decimal("110000.10"), Decimal("50501.08"), 2)}
    # UNODC has C3 and C4: filtered on C4, its C3 row stays out.
    c4 = component_id("C4")
    assert money(money_rollup(YEAR, Filters(component_id=c4), by=("component",))) == {
        (c4,): (Decimal("100000.00"), Decimal("90000.10"), Decimal("35000.33"), 1)}
    (atina,) = money_rollup(YEAR, Filters(organisation_id=programme.atina.id))
    assert (atina.committed, atina.spent) == (Decimal("40000.00"), Decimal("15500.75"))


def test_money_seen_by_an_embassy(programme):
    (albania,) = money_rollup(YEAR, user=make_user("embassy", country_code="AL"))
    assert (albania.committed, albania.paid, albania.spent, albania.grants) == (
        Decimal("120000.00"), Decimal("100000.10"), Decimal("39000.73"), 2)  # UNODC and Caritas


def test_spending_counts_once_its_report_is_accepted(programme):
    submitted = next(r for r in programme.atina_grant.reports if r.status == SUBMITTED)
    submitted.status = ACCEPTED
    db.session.commit()
    (overall,) = money_rollup(YEAR)
    assert overall.spent == Decimal("64501.47")  # 54,501.48 + the final's 9,999.99


def test_paid_comes_from_the_instalments_paid(programme):
    unpaid = next(i for i in programme.unodc_grant.instalments if i.paid_date is None)
    unpaid.paid_date, unpaid.paid_eur = date(2026, 12, 1), Decimal("9999.90")
    db.session.commit()
    (overall,) = money_rollup(YEAR)
    assert overall.paid == Decimal("130000.00")  # 120,000.10 + 9,999.90


def test_an_unknown_money_dimension_is_refused(programme):
    with pytest.raises(ValueError, match="partner"):
        money_rollup(YEAR, by=("partner",))


# --- small numbers of victims -------------------------------------------------------------------


@pytest.fixture
def victims(app):
    """A Serbian shelter's year: 15 victims identified, 3 women and 12 men, 2 minors and 13
    adults; 15 professionals trained, 3 women and 12 men; 3 of 15 referrals for labour."""
    year = programme_year(YEAR)
    grant = a_grant(
        a_call(year, "Shelters 2026"), make_organisation(name="Atina", country_code="RS"), "THB-2026-010", ("RS",),
        ("C3", "C4"), "30000",
        reports=[report(ACCEPTED, date(2026, 1, 1), date(2026, 12, 31),
                        ("C3.1", None, "15"), ("C3.1", "sex:female", "3"), ("C3.1", "sex:male", "12"),
                        ("C3.1", "age_group:minor", "2"), ("C3.1", "age_group:adult", "13"),
                        ("C3.3", None, "15"), ("C3.3", "sex:female", "3"), ("C3.3", "sex:male", "12"),
                        ("C4.3", None, "15"), ("C4.3", "exploitation:labour", "3"),
                        ("C4.3", "exploitation:sexual", "12"))],
    )
    return grant


def table(lines):
    """{(indicator code, "dimension:category" or None, country): the line's figure}"""
    return {(line.indicator.code, f"{line.category.dimension.code}:{line.category.code}" if line.category else None,
             line.country_code): line.actual for line in lines}


def shown(lines):
    """The same, as the reader sees it: a masked figure as its text ("< 5")."""
    return {key: str(value) if is_masked(value) else value for key, value in table(lines).items()}


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def test_outside_the_mission_a_small_count_of_victims_and_its_complement_are_masked(victims, english):
    lines = indicator_lines(YEAR, masked=True)
    figures, hidden = shown(lines), {key for key, value in table(lines).items() if is_masked(value)}
    assert figures[("C3.1", "sex:female", None)] == "< 5"  # 3 women
    assert ("C3.1", "sex:male", None) in hidden  # else 15 - 12 gives the 3 back
    assert figures[("C3.1", None, None)] == Decimal("15")  # 15 is not small: the total shows
    assert figures[("C3.1", "age_group:minor", None)] == "< 5"  # 2 minors
    assert ("C3.1", "age_group:adult", None) in hidden
    assert figures[("C4.3", "exploitation:labour", None)] == "< 5"  # referrals count victims too
    assert hidden == {("C3.1", "sex:female", None), ("C3.1", "sex:male", None), ("C3.1", "age_group:minor", None),
                      ("C3.1", "age_group:adult", None), ("C4.3", "exploitation:labour", None),
                      ("C4.3", "exploitation:sexual", None)}


def test_the_missions_own_table_shows_exact_numbers(victims, english):
    figures = shown(indicator_lines(YEAR, masked=False))
    assert figures[("C3.1", "sex:female", None)] == Decimal("3")
    assert figures[("C3.1", "sex:male", None)] == Decimal("12")
    assert figures[("C3.1", "age_group:minor", None)] == Decimal("2")
    assert figures[("C3.1", None, None)] == Decimal("15")


def test_counts_that_are_not_victims_are_never_masked(victims, english):
    figures = shown(indicator_lines(YEAR, masked=True))
    assert figures[("C3.3", "sex:female", None)] == Decimal("3")  # professionals trained
    assert figures[("C3.3", "sex:male", None)] == Decimal("12")


def test_masking_per_country_of_a_regional_grant(app, english):
    year = programme_year(YEAR)
    a_grant(a_call(year, "Regional 2026"), make_organisation(name="IOM", country_code="RS"), "THB-2026-020",
            ("AL", "RS"), ("C3",), "50000",
            reports=[report(ACCEPTED, date(2026, 1, 1), date(2026, 12, 31),
                            ("C3.2", None, "26"), ("C3.2", "sex:female", "11"), ("C3.2", "sex:male", "15"),
                            ("C3.2", None, "6", "RS"), ("C3.2", "sex:female", "1", "RS"),
                            ("C3.2", "sex:male", "5", "RS"),
                            ("C3.2", None, "20", "AL"), ("C3.2", "sex:female", "10", "AL"),
                            ("C3.2", "sex:male", "10", "AL"))])
    lines = indicator_lines(YEAR, by_country=True, masked=True)
    figures = shown(lines)
    assert figures[("C3.2", "sex:female", "RS")] == "< 5"  # 1 woman in Serbia
    assert is_masked(table(lines)[("C3.2", "sex:male", "RS")])  # 5 men hidden with her: 6 - 5 = 1
    assert figures[("C3.2", None, "RS")] == Decimal("6")
    assert (figures[("C3.2", "sex:female", "AL")], figures[("C3.2", "sex:male", "AL")]) == (
        Decimal("10"), Decimal("10"))  # Albania's figures are not small


def test_the_threshold_is_the_missions_setting(victims, english, app, monkeypatch):
    assert victim_threshold() == 5  # the config's VICTIM_THRESHOLD
    monkeypatch.setitem(app.config, "VICTIM_THRESHOLD", 7)
    assert victim_threshold() == 7
    monkeypatch.undo()
    db.session.add(MissionSetting(key="victim_threshold", value=10))
    db.session.commit()
    assert victim_threshold() == 10
    figures = shown(indicator_lines(YEAR, masked=True))
    assert figures[("C3.1", "sex:female", None)] == "< 10"  # 3 below 10


def test_a_lower_threshold_shows_more(victims, english):
    db.session.add(MissionSetting(key="victim_threshold", value=3))
    db.session.commit()
    figures = shown(indicator_lines(YEAR, masked=True))
    assert (figures[("C3.1", "sex:female", None)], figures[("C3.1", "sex:male", None)]) == (
        Decimal("3"), Decimal("12"))  # 3 is not below 3
    assert figures[("C3.1", "age_group:minor", None)] == "< 3"  # 2 is


def test_a_total_hidden_by_one_breakdown_still_protects_the_next(app, english):
    # 20 victims: "sexual 3" (no other type given) hides the total, yet women and men (10 + 10)
    # still give it: the foreigners' 3 needs its complement among the nationalities anyway.
    year = programme_year(YEAR)
    a_grant(a_call(year, "Shelters 2026"), make_organisation(name="Atina", country_code="RS"), "THB-2026-030",
            ("RS",), ("C3",), "30000",
            reports=[report(ACCEPTED, date(2026, 1, 1), date(2026, 12, 31),
                            ("C3.1", None, "20"), ("C3.1", "sex:female", "10"), ("C3.1", "sex:male", "10"),
                            ("C3.1", "exploitation:sexual", "3"),
                            ("C3.1", "nationality:national", "17"), ("C3.1", "nationality:foreign", "3"))])
    figures = table(indicator_lines(YEAR, masked=True))
    assert is_masked(figures[("C3.1", "nationality:foreign", None)])
    # Women and men show (10 + 10 = 20): the nationals must not show beside the hidden foreigners.
    assert (figures[("C3.1", "sex:female", None)], figures[("C3.1", "sex:male", None)]) == (
        Decimal("10"), Decimal("10"))
    assert is_masked(figures[("C3.1", "nationality:national", None)])
