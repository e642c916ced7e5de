"""The indicator tables of programme years as an XLSX workbook and as CSV.

The workbook has one table a sheet: indicators by country, indicators of all countries
together, money by component and country, and a sheet that says how to read them. It is
written with XlsxWriter in constant-memory mode: year after year, each sheet's rows go to
disk as soon as they are written, so ten years take no more memory than one.

The CSV holds the first table ("Indicators by country"): UTF-8 with a byte order mark so that
Excel reads every script of the region, comma-separated, decimals with a dot (machine-readable,
whatever the reader's language), text that a spreadsheet would run as a formula neutralised.

Figures come from `indicator_lines` and `money_rollup`, the same as the annual review page;
small numbers of victims are masked for readers outside the mission (see suppression).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import xlsxwriter
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.annual.rollup import Filters, money_rollup
from portal.annual.suppression import SUPPRESSION_NOTE, is_masked, masks_for, victim_threshold
from portal.annual.tables import Catalogue, indicator_lines
from portal.core.i18n import country_name
from portal.core.spreadsheets import formula_safe
from portal.extensions import db
from portal.indicators.models.indicator import IndicatorKind, RollupRule
from portal.programme.models import Component

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names, and these characters: []:*?/\
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    title: object  # a lazy string: the header comes out in the reader's language
    width: int
    kind: str = "text"  # "text", "number" (an indicator's figure), "count" or "money" (two decimals)


INDICATOR_COLUMNS = (
    Column(_l("Year"), 7, "count"),
    Column(_l("Component code"), 10),
    Column(_l("Component"), 22),
    Column(_l("Country code"), 9),
    Column(_l("Country"), 20),
    Column(_l("Indicator code"), 10),
    Column(_l("Indicator"), 34),
    Column(_l("Breakdown"), 22),
    Column(_l("Category"), 26),
    Column(_l("Unit"), 12),
    Column(_l("Roll-up rule"), 28),
    Column(_l("Target"), 10, "number"),
    Column(_l("Actual"), 10, "number"),
    Column(_l("Grants counted"), 10, "count"),
    Column(_l("May count a person more than once"), 16),
)
COUNTRY_COLUMNS = (3, 4)  # left out of the table of all countries together (see indicator_row)
MONEY_COLUMNS = (
    Column(_l("Year"), 7, "count"),
    Column(_l("Component code"), 10),
    Column(_l("Component"), 22),
    Column(_l("Country code"), 9),
    Column(_l("Country"), 20),
    Column(_l("Committed (EUR)"), 16, "money"),
    Column(_l("Paid (EUR)"), 16, "money"),
    Column(_l("Spent in accepted reports (EUR)"), 18, "money"),
    Column(_l("Grants"), 9, "count"),
)

RULE_EXPLANATIONS = {
    RollupRule.SUM: _l("added up over the periods of a grant, then over grants."),
    RollupRule.LATEST: _l("the value of a grant's latest period (for stocks such as shelter places), "
                          "then added up over grants."),
    RollupRule.MAXIMUM: _l("the largest value of a grant's periods, then added up over grants."),
    RollupRule.PEOPLE: _l("added up like a sum; several partners may have counted the same person, so "
                          "a total over grants may count a person more than once."),
}


def sheet_name(title):
    """A translated title as Excel accepts it for a sheet."""
    return SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:SHEET_NAME_LIMIT]


def years_text(years):
    """2016–2025 for a run of years, 2023, 2025 otherwise."""
    years = sorted(set(years))
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(year) for year in years)


# --- the rows, as values: numbers stay numbers until a writer formats them ------------------


class Labels:
    """The names every line repeats, in the reader's language, looked up once per table rather
    than once per line (tens of thousands of lines for ten years)."""

    def __init__(self):
        self.total, self.yes, self.no = _("Total"), _("Yes"), _("No")
        self._indicators, self._categories, self._countries = {}, {}, {}

    def indicator(self, indicator):
        """Component code and name, indicator code and name, unit, roll-up rule."""
        if indicator.id not in self._indicators:
            unit = "%" if indicator.kind == IndicatorKind.PERCENTAGE else indicator.unit_name
            self._indicators[indicator.id] = (
                indicator.component.code, indicator.component.name, indicator.code, indicator.name, unit,
                str(indicator.rollup_enum.title))
        return self._indicators[indicator.id]

    def category(self, category):
        """Breakdown and category; the participants' countries have no names of their own."""
        if category is None:
            return "", self.total
        if category.id not in self._categories:
            self._categories[category.id] = (category.dimension.name, category.name or self.country(category.code))
        return self._categories[category.id]

    def country(self, code):
        if not code:
            return ""
        if code not in self._countries:
            self._countries[code] = country_name(code)
        return self._countries[code]


def indicator_row(line, labels, with_country=True):
    """One IndicatorLine as the values of INDICATOR_COLUMNS (less the country's without it)."""
    component_code, component_name, code, name, unit, rule = labels.indicator(line.indicator)
    breakdown, category = labels.category(line.category)
    row = [line.year, component_code, component_name]
    if with_country:
        row += [line.country_code or "", labels.country(line.country_code)]
    return row + [code, name, breakdown, category, unit, rule, line.target, line.actual, line.figure.grants,
                  labels.yes if line.may_double_count else labels.no]


def money_rows(year, filters, user, components, labels):
    """Money by component and country of one year: a grant under each of both it has."""
    figures = money_rollup(year, filters, by=("component", "country"), user=user)
    figures.sort(key=lambda f: (components[f.key[0]].position, f.key[1]))
    for figure in figures:
        component, country = components[figure.key[0]], figure.key[1]
        yield [year, component.code, component.name, country, labels.country(country),
               figure.committed, figure.paid, figure.spent, figure.grants]


def indicator_columns(with_country=True):
    return [c for index, c in enumerate(INDICATOR_COLUMNS) if with_country or index not in COUNTRY_COLUMNS]


# --- XLSX ------------------------------------------------------------------------------------


class _Sheet:
    """A worksheet of one table: header bold and frozen, autofilter, rows strictly in order."""

    def __init__(self, workbook, formats, title, columns):
        self.worksheet = workbook.add_worksheet(sheet_name(title))
        self.formats, self.columns, self.row = formats, columns, 0
        for index, column in enumerate(columns):
            self.worksheet.set_column(index, index, column.width, self._format(column))
        self.worksheet.set_row(0, 45)  # room for a header of two or three lines
        self.worksheet.freeze_panes(1, 0)
        self.worksheet.write_row(0, 0, [str(column.title) for column in columns], formats["header"])

    def write(self, values):
        self.row += 1
        for index, (value, column) in enumerate(zip(values, self.columns, strict=True)):
            if value is None or value == "":
                continue  # nothing reported: an empty cell, not a zero
            if is_masked(value):
                self.worksheet.write_string(self.row, index, str(value), self.formats["masked"])
            elif isinstance(value, int | float | Decimal):
                self.worksheet.write_number(self.row, index, float(value), self._format(column))
            else:
                # write_string never turns "=..." into a formula nor text into a link.
                self.worksheet.write_string(self.row, index, str(value))

    def _format(self, column):
        return self.formats["money"] if column.kind == "money" else None

    def close(self):
        self.worksheet.autofilter(0, 0, self.row, len(self.columns) - 1)


def write_indicator_workbook(target, years, user=None, masked=None, filters=None, today=None):
    """Write the indicator tables of `years` to `target` (a path or a binary file object).

    `user` scopes the grants by the access policy (None: every grant); `masked` None masks
    small numbers of victims unless the user is the mission; `filters` narrows every table
    (an embassy's share is Filters(country=...)). Memory stays constant in the number of years:
    each year's figures are computed once per table and written before the next year's.
    """
    filters = filters or Filters()
    masked = masks_for(user) if masked is None else masked
    years = sorted(set(years))
    catalogue = Catalogue.load()
    components = {c.id: c for c in db.session.scalars(select(Component))}
    labels = Labels()
    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    formats = {
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1,
                                       "bg_color": "#E8EEF4"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "masked": workbook.add_format({"align": "right", "font_color": "#7A4B00"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "heading": workbook.add_format({"bold": True, "font_size": 11}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    one_country = filters.country is not None  # the table of all countries would repeat the first
    by_country = _Sheet(workbook, formats, _("Indicators by country"), indicator_columns())
    together = None if one_country else _Sheet(
        workbook, formats, _("Indicators, all countries"), indicator_columns(with_country=False))
    money = _Sheet(workbook, formats, _("Money"), MONEY_COLUMNS)
    read_me = workbook.add_worksheet(sheet_name(_("Read me")))
    for year in years:
        for line in indicator_lines(year, filters, by_country=True, user=user, masked=masked, catalogue=catalogue):
            by_country.write(indicator_row(line, labels))
        if together is not None:
            for line in indicator_lines(year, filters, user=user, masked=masked, catalogue=catalogue):
                together.write(indicator_row(line, labels, with_country=False))
        for row in money_rows(year, filters, user, components, labels):
            money.write(row)
    for sheet in (by_country, together, money):
        if sheet is not None:
            sheet.close()
    _write_read_me(read_me, formats, years, masked, filters, today or date.today(),
                   [s.worksheet.name for s in (by_country, together, money) if s is not None])
    workbook.close()


def read_me_lines(years, masked, filters, today, sheet_names):
    """What the workbook holds and how to read it, as (style, text) lines."""
    people_column = str(INDICATOR_COLUMNS[-1].title)
    lines = [
        ("title", ngettext("Indicator tables of the programme year %(years)s",
                           "Indicator tables of the programme years %(years)s", len(years), years=years_text(years))),
        ("text", _("Produced on %(date)s.", date=format_date(today, "long"))),
    ]
    if filters.country:
        lines.append(("text", _("Figures of %(country)s only: bilateral grants there and the regional grants "
                                "that reach it.", country=country_name(filters.country))))
    if masked:
        lines.append(("text", str(SUPPRESSION_NOTE) % {"threshold": victim_threshold()}))
    else:
        lines.append(("text", _("Exact figures, for the mission's own use: small numbers of victims are not "
                                "masked. Share the masked version outside the mission.")))
    by_country, *others = sheet_names
    lines += [
        ("", ""), ("heading", _("The sheets")),
        ("text", _("“%(sheet)s”: for each year, component, country and indicator, the target and the actual "
                   "value, in total and for each category of its breakdowns.", sheet=by_country)),
    ]
    if len(others) == 2:
        lines.append(("text", _("“%(sheet)s”: the same for every country together, where each grant counts "
                                "once.", sheet=others[0])))
    lines += [
        ("text", _("“%(sheet)s”: money committed, paid and reported spent, in euros, by year, component and "
                   "country.", sheet=others[-1])),
        ("text", _("The CSV download holds the first table: UTF-8, comma-separated, decimals with a dot.")),
        ("", ""), ("heading", _("How the figures are counted")),
        ("text", _("Only accepted reports count: figures that partners sent and the mission has not accepted "
                   "yet are left out. Targets are those of the approved proposals of the year's grants.")),
        ("text", _("A bilateral grant counts under its country. A regional grant appears under each country it "
                   "reported for and counts once in the totals of all countries, so the countries of an "
                   "indicator may add up to more than its total.")),
        ("text", _("In the money table a grant appears under each of its components and countries: the rows "
                   "may add up to more than the year's total.")),
        ("text", _("An empty actual value means that no accepted report gave one.")),
        ("", ""), ("heading", _("Roll-up rules")),
    ]
    lines += [("text", _("%(rule)s: %(explanation)s", rule=rule.title, explanation=RULE_EXPLANATIONS[rule]))
              for rule in RollupRule]
    lines += [
        ("text", _("Percentages add up their numerators and their denominators, then divide.")),
        ("text", _("The column “%(column)s” marks the indicators of people whom several partners may each "
                   "have counted.", column=people_column)),
    ]
    return lines


def _write_read_me(worksheet, formats, years, masked, filters, today, sheet_names):
    worksheet.set_column(0, 0, 110, formats["text"])
    for row, (style, text) in enumerate(read_me_lines(years, masked, filters, today, sheet_names)):
        if text:
            worksheet.write_string(row, 0, str(text), formats.get(style, formats["text"]))


# --- CSV -------------------------------------------------------------------------------------


def _csv_value(value):
    if value is None:
        return ""
    if is_masked(value):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # a dot, never an exponent: machine-readable
    if isinstance(value, int):
        return str(value)
    return formula_safe(str(value))


def indicator_csv(lines):
    """The "Indicators by country" table as CSV text, chunk by chunk: a byte order mark and the
    header first, then one chunk a line (the lines of `indicator_lines(..., by_country=True)`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def chunk(values):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield "\ufeff" + chunk([str(column.title) for column in INDICATOR_COLUMNS])
    labels = Labels()
    for line in lines:
        yield chunk([_csv_value(value) for value in indicator_row(line, labels)])


def write_indicator_csv(target, year, user=None, masked=None, filters=None):
    """Write one year's "Indicators by country" table to `target`, a text file opened with
    newline="" and encoding "utf-8" (the byte order mark is written here)."""
    masked = masks_for(user) if masked is None else masked
    lines = indicator_lines(year, filters or Filters(), by_country=True, user=user, masked=masked)
    for text in indicator_csv(lines):
        target.write(text)
