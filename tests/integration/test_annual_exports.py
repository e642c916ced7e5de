"""The downloads of a programme year: the indicator tables as XLSX and CSV, and the annual
review as PDF; exact for the mission, masked in the version that leaves it, an embassy's own
country's share, and who may take them."""

import csv
import io
from datetime import date

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from portal.annual.exports import INDICATOR_COLUMNS, write_indicator_workbook
from portal.annual.pdf import StaticFilesOnly
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import ProgrammeYear
from tests.factories import make_organisation, make_user
from tests.integration.test_grant_management import a_grant, accept, fill

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def mission(app):
    return make_user("mission", name="Conseillère régionale", locale="en")


def sex(code):
    return db.session.scalar(select(BreakdownCategory.id).join(BreakdownDimension).where(
        BreakdownDimension.code == "sex", BreakdownCategory.code == code))


def the_year():
    """2026: a bilateral grant in Serbia (C3, 50,000) whose accepted report counts 12 victims
    assisted, 9 women and 3 men, and whose second report still waits; a regional grant over
    Albania and Montenegro (C2, 80,000) that held 7 sessions, 4 in Albania and 3 in Montenegro."""
    serbian = a_grant(make_organisation(name="Атина", country_code="RS"), reference="THB-2026-001",
                      amount="50000", targets={"C3.2": 40})
    regional = a_grant(make_organisation(name="Different and Equal", country_code="AL"),
                       reference="THB-2026-002", amount="80000", countries=("AL", "ME"), components=("C2",),
                       targets={"C2.1": 30})
    accept(serbian.reports[0], lines=["10000.00", "2500.50"],
           values=[("C3.2", "12"), ("C3.2", "9", sex("female")), ("C3.2", "3", sex("male"))])
    fill(serbian.reports[1], values=[("C3.2", "9")])
    serbian.reports[1].status = "submitted"
    accept(regional.reports[0], lines=["20000"],
           values=[("C2.1", "7"), ("C2.1", "4", None, "AL"), ("C2.1", "3", None, "ME")])
    db.session.commit()
    return serbian, regional


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.data))


def rows_of(sheet):
    """Each data row as a dict by header, with the cells themselves (to read their types)."""
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def find(rows, **wanted):
    return [row for row in rows if all(row[key].value == value for key, value in wanted.items())]


# --- XLSX ------------------------------------------------------------------------------------


def test_the_mission_downloads_one_table_a_sheet_header_frozen_and_numbers_typed_as_numbers(client, auth, mission):
    the_year()
    auth.login(mission)
    response = client.get("/annual/2026/indicators.xlsx")
    assert response.headers["Content-Disposition"] == "attachment; filename=indicators-2026.xlsx"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = workbook_of(response)
    assert book.sheetnames == ["Indicators by country", "Indicators, all countries", "Money", "Read me"]
    for name in book.sheetnames[:3]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet["A1"].font.b, name
        assert sheet.auto_filter.ref.startswith("A1:"), name

    by_country = rows_of(book["Indicators by country"])
    total = find(by_country, **{"Indicator code": "C3.2", "Country code": "RS", "Category": "Total"})
    assert len(total) == 1
    total = total[0]
    assert (total["Actual"].value, total["Actual"].data_type) == (12, "n")
    assert (total["Target"].value, total["Target"].data_type) == (40, "n")
    assert total["Year"].value == 2026 and total["Year"].data_type == "n"
    assert total["Unit"].value == "people"
    assert total["Roll-up rule"].value == "People possibly counted by several partners"
    assert total["May count a person more than once"].value == "Yes"
    assert total["Grants counted"].value == 1
    assert total["Country"].value == "Serbia" and total["Component"].value == "Protect & prosecute"
    # The mission's own download is exact: the 3 men show.
    men = find(by_country, **{"Indicator code": "C3.2", "Breakdown": "Sex", "Category": "Male"})
    assert men[0]["Actual"].value == 3 and men[0]["Actual"].data_type == "n"
    # The report that still waits does not count.
    assert all(row["Actual"].value != 21 for row in by_country)

    money = rows_of(book["Money"])
    serbia = find(money, **{"Country code": "RS"})[0]
    assert serbia["Committed (EUR)"].value == 50000 and serbia["Committed (EUR)"].data_type == "n"
    assert serbia["Committed (EUR)"].number_format == "#,##0.00"
    assert serbia["Spent in accepted reports (EUR)"].value == pytest.approx(12500.50)

    read_me = "\n".join(str(row[0].value or "") for row in book["Read me"].iter_rows())
    assert "Only accepted reports count" in read_me
    assert "counts once in the totals of all countries" in read_me
    assert "Latest value:" in read_me and "People possibly counted by several partners:" in read_me
    assert "Exact figures, for the mission's own use" in read_me


def test_a_regional_grant_appears_under_each_of_its_countries_and_once_in_the_totals(client, auth, mission):
    the_year()
    auth.login(mission)
    book = workbook_of(client.get("/annual/2026/indicators.xlsx"))
    by_country = rows_of(book["Indicators by country"])
    sessions = {row["Country code"].value: row["Actual"].value
                for row in find(by_country, **{"Indicator code": "C2.1", "Category": "Total"})}
    assert sessions == {"AL": 4, "ME": 3}
    together = rows_of(book["Indicators, all countries"])
    assert "Country code" not in together[0]
    total = find(together, **{"Indicator code": "C2.1", "Category": "Total"})[0]
    assert (total["Actual"].value, total["Grants counted"].value, total["Target"].value) == (7, 1, 30)
    money = {row["Country code"].value: row["Committed (EUR)"].value for row in rows_of(book["Money"])}
    assert money == {"AL": 80000, "ME": 80000, "RS": 50000}


def test_the_version_that_leaves_the_mission_masks_small_numbers_of_victims(client, auth, mission):
    the_year()
    auth.login(mission)
    response = client.get("/annual/2026/indicators.xlsx?masked=1")
    assert response.headers["Content-Disposition"] == "attachment; filename=indicators-2026-masked.xlsx"
    book = workbook_of(response)
    rows = rows_of(book["Indicators by country"])
    by_sex = {row["Category"].value: row["Actual"] for row in find(rows, **{"Indicator code": "C3.2"})}
    # 3 men is small; the 9 women are hidden too (as "x"), or 12 - 9 would give the men back.
    assert (by_sex["Male"].value, by_sex["Male"].data_type) == ("< 5", "s")
    assert by_sex["Female"].value == "x"
    assert by_sex["Total"].value == 12
    read_me = "\n".join(str(row[0].value or "") for row in book["Read me"].iter_rows())
    assert "are shown as “< 5”" in read_me


def test_an_embassy_takes_its_own_countrys_share_masked(client, auth):
    the_year()
    auth.login(make_user("embassy", country_code="RS"))
    response = client.get("/annual/2026/indicators.xlsx?masked=0")
    assert response.headers["Content-Disposition"] == "attachment; filename=indicators-2026-rs-masked.xlsx"
    book = workbook_of(response)
    assert book.sheetnames == ["Indicators by country", "Money", "Read me"]
    rows = rows_of(book["Indicators by country"])
    assert {row["Country code"].value for row in rows} == {"RS"}
    assert find(rows, **{"Category": "Male"})[0]["Actual"].value == "< 5"
    assert {row["Country code"].value for row in rows_of(book["Money"])} == {"RS"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annual.export"))
    assert event.after == {"format": "xlsx", "years": [2026], "masked": True, "country": "RS"}


def test_headers_and_names_come_in_the_readers_language(client, auth):
    the_year()
    auth.login(make_user("mission", locale="fr"))
    book = workbook_of(client.get("/annual/2026/indicators.xlsx"))
    english = [str(column.title) for column in INDICATOR_COLUMNS]  # the msgids
    with force_locale("fr"):
        headers = [_(text) for text in english]
        sheet = _("Indicators by country")
    assert book.sheetnames[0] == sheet
    assert [cell.value for cell in book[sheet][1]] == headers
    assert headers[4] == "Pays"  # a header the catalogue already translates
    values = {cell.value for row in book[sheet].iter_rows(min_row=2) for cell in row}
    assert {"Protéger et poursuivre", "Victimes assistées", "Serbie", "Oui"} <= values


def test_several_years_in_one_workbook_for_the_mission(client, auth, mission, app):
    the_year()
    db.session.add(ProgrammeYear(year=2025))
    db.session.commit()
    auth.login(mission)
    response = client.get("/annual/indicators.xlsx?from=2025&to=2026")
    assert response.headers["Content-Disposition"] == "attachment; filename=indicators-2025-2026.xlsx"
    book = workbook_of(response)
    assert {row["Year"].value for row in rows_of(book["Indicators by country"])} == {2026}
    assert "2025, 2026" in book["Read me"]["A1"].value
    assert client.get("/annual/indicators.xlsx?from=2030&to=2031").status_code == 404
    assert client.get("/annual/indicators.xlsx?from=soon").status_code == 400

    # Outside a request, as the benchmark calls it: a file object, no user (masked).
    target = io.BytesIO()
    write_indicator_workbook(target, [2025, 2026])
    rows = rows_of(load_workbook(io.BytesIO(target.getvalue()))["Indicators by country"])
    assert find(rows, **{"Category": "Male"})[0]["Actual"].value == "< 5"


# --- CSV -------------------------------------------------------------------------------------


def test_the_csv_opens_in_excel_and_neutralises_formulas(client, auth, mission):
    the_year()
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "C3.2"))
    indicator.names = {"en": "=HYPERLINK(\"http://evil.example\";\"Victims\")"}
    db.session.commit()
    auth.login(mission)
    response = client.get("/annual/2026/indicators.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=indicators-2026-by-country.csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert list(rows[0]) == [str(column.title) for column in INDICATOR_COLUMNS]
    victims = [row for row in rows if row["Indicator code"] == "C3.2"]
    assert victims[0]["Indicator"].startswith("'=HYPERLINK")
    total = next(row for row in victims if row["Category"] == "Total")
    assert (total["Actual"], total["Target"], total["Country"]) == ("12.00", "40.00", "Serbia")

    # And in the workbook the same name is a text cell, never a formula.
    book = workbook_of(client.get("/annual/2026/indicators.xlsx"))
    cell = find(rows_of(book["Indicators by country"]), **{"Indicator code": "C3.2"})[0]["Indicator"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_masked_csv_hides_small_numbers_of_victims(client, auth, mission):
    the_year()
    auth.login(mission)
    response = client.get("/annual/2026/indicators.csv?masked=1")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    by_sex = {row["Category"]: row["Actual"] for row in rows if row["Indicator code"] == "C3.2"}
    assert by_sex == {"Total": "12.00", "Female": "x", "Male": "< 5"}


# --- PDF -------------------------------------------------------------------------------------


def pdf_text(response):
    assert response.status_code == 200, response.status_code
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 3
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_review_pdf_holds_money_indicators_and_reports(client, auth, mission):
    the_year()
    auth.login(mission)
    response = client.get("/annual/2026/review.pdf")
    assert response.headers["Content-Disposition"] == "attachment; filename=annual-review-2026.pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = pdf_text(response)
    assert "Annual review 2026" in text
    assert "Not signed off yet" in text
    assert "Protect & prosecute" in text and "Victims assisted" in text
    assert "€130,000.00" in text and "€32,500.50" in text
    assert "Атина" in text  # Cyrillic, drawn with a font that has it
    assert "THB-2026-001" in text  # its second report awaits acceptance
    assert "may count a person twice" in text
    assert "< 5" not in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annual.export"))
    assert event.after == {"format": "pdf", "years": [2026], "masked": False, "country": None}


def test_the_shareable_pdf_masks_and_says_so(client, auth, mission):
    the_year()
    auth.login(mission)
    response = client.get("/annual/2026/review.pdf?masked=1")
    assert response.headers["Content-Disposition"] == "attachment; filename=annual-review-2026-masked.pdf"
    text = pdf_text(response)
    assert "< 5" in text
    assert "Version for sharing" in text


def test_the_review_pdf_reads_in_the_readers_language(client, auth):
    the_year()
    auth.login(make_user("mission", locale="fr"))
    text = pdf_text(client.get("/annual/2026/review.pdf"))
    assert "Protéger et poursuivre" in text and "Victimes assistées" in text
    assert format_date(date.today(), "MMMM", locale="fr") in text  # the date of production
    assert "Indicateurs par rapport aux cibles" in text


def test_the_pdf_loads_nothing_but_the_portals_own_static_files(app, tmp_path):
    fetcher = StaticFilesOnly(app.static_folder)
    stylesheet = fetcher.fetch(fetcher.base_url + "css/annual-pdf.css")
    assert b"DejaVu Sans" in stylesheet.read()
    stylesheet.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    for url in ("https://example.org/tracker.png", "http://127.0.0.1/x.css", secret.as_uri(),
                fetcher.base_url + "../../config.py", fetcher.base_url + "css/missing.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# --- who may take them -----------------------------------------------------------------------

DOWNLOADS = ("/annual/2026/indicators.xlsx", "/annual/2026/indicators.csv", "/annual/2026/review.pdf",
             "/annual/indicators.xlsx")


@pytest.mark.parametrize("role", ["partner", "reviewer"])
def test_partners_and_reviewers_take_no_export(client, auth, role):
    the_year()
    auth.login(make_user(role))
    for url in DOWNLOADS:
        assert client.get(url).status_code == 403, url
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annual.export")) is None


def test_an_embassy_takes_neither_the_pdf_nor_several_years(client, auth):
    the_year()
    auth.login(make_user("embassy", country_code="AL"))
    assert client.get("/annual/2026/review.pdf").status_code == 403
    assert client.get("/annual/indicators.xlsx").status_code == 403
    assert client.get("/annual/2026/indicators.csv").status_code == 200


def test_a_visitor_is_asked_to_sign_in(client):
    the_year()
    for url in DOWNLOADS:
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/login?next="), url


def test_an_unknown_year_is_not_found(client, auth, mission):
    auth.login(mission)
    assert client.get("/annual/1999/indicators.xlsx").status_code == 404
    assert client.get("/annual/1999/review.pdf").status_code == 404
