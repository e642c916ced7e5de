"""Downloads of a programme year's figures: the indicator tables (XLSX, CSV) and the annual
review as PDF.

The mission takes every country's figures, exact for its own use or, with ?masked=1, with
small numbers of victims masked, the version that leaves the mission. An embassy takes its
own country's share of the indicator tables, always masked. Every download is audited.
"""

import io
import tempfile
from datetime import date

from flask import Response, abort, request, send_file
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from portal.annual import exports
from portal.annual.pdf import render_review_pdf
from portal.annual.review import build_review
from portal.annual.rollup import Filters
from portal.core.access import authorize, can
from portal.core.audit import record
from portal.extensions import db
from portal.programme.models import ProgrammeYear

# Workbooks up to this size stay in memory while they are written; larger ones go to disk.
SPOOL_BYTES = 8 * 1024 * 1024
NO_STORE = "private, no-store"


def _programme_year(year):
    programme_year = db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == year))
    if programme_year is None:
        abort(404)
    return programme_year


def _share_asked(programme_year):
    """What this reader takes of the year: (filters, masked), or 403."""
    if can(current_user, "export", programme_year):
        return Filters(), request.args.get("masked") == "1"
    if can(current_user, "export_country", programme_year):
        return Filters(country=current_user.country_code), True
    abort(403)


def _suffix(filters, masked):
    return (f"-{filters.country.lower()}" if filters.country else "") + ("-masked" if masked else "")


def _audit(kind, programme_year, years, filters, masked):
    record("annual.export", programme_year, after={
        "format": kind, "years": years, "masked": masked, "country": filters.country,
    })


def _attachment(spool, mimetype, filename):
    """A file written to a spool, sent from its start; the response closes it."""
    spool.seek(0)
    response = send_file(spool, mimetype=mimetype, as_attachment=True, download_name=filename,
                         max_age=0, conditional=False, etag=False)
    response.headers["Cache-Control"] = NO_STORE
    return response


def _workbook_response(years, filters, masked, filename):
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    exports.write_indicator_workbook(spool, years, user=current_user, masked=masked, filters=filters)
    return _attachment(spool, exports.XLSX_MIMETYPE, filename)


def indicators_xlsx(year):
    programme_year = _programme_year(year)
    filters, masked = _share_asked(programme_year)
    _audit("xlsx", programme_year, [year], filters, masked)
    return _workbook_response([year], filters, masked, f"indicators-{year}{_suffix(filters, masked)}.xlsx")


def indicators_csv(year):
    """The "Indicators by country" table: UTF-8 with a byte order mark, comma-separated,
    decimals with a dot."""
    programme_year = _programme_year(year)
    filters, masked = _share_asked(programme_year)
    _audit("csv", programme_year, [year], filters, masked)
    # Written out before the request commits: the lines' names need no query afterwards.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    exports.write_indicator_csv(text, year, user=current_user, masked=masked, filters=filters)
    text.flush()
    text.detach()  # the spool stays open for send_file
    response = _attachment(spool, "text/csv", f"indicators-{year}-by-country{_suffix(filters, masked)}.csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


def indicators_xlsx_years():
    """The mission's workbook of several years: ?from=2016&to=2025, every year by default."""
    authorize("export", ProgrammeYear)
    masked = request.args.get("masked") == "1"
    first, last = _year_arg("from"), _year_arg("to")
    statement = select(ProgrammeYear.year).order_by(ProgrammeYear.year)
    if first is not None:
        statement = statement.where(ProgrammeYear.year >= first)
    if last is not None:
        statement = statement.where(ProgrammeYear.year <= last)
    years = list(db.session.scalars(statement))
    if not years:
        abort(404)
    _audit("xlsx", None, years, Filters(), masked)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return _workbook_response(years, Filters(), masked, f"indicators-{span}{_suffix(Filters(), masked)}.xlsx")


def review_pdf(year):
    """The annual review in the reader's language: exact for the mission, ?masked=1 to share."""
    programme_year = _programme_year(year)
    authorize("export", programme_year)
    masked = request.args.get("masked") == "1"
    review = build_review(programme_year, date.today(), user=current_user, masked=masked)
    document = render_review_pdf(review, str(get_locale()), masked=masked)
    _audit("pdf", programme_year, [year], Filters(), masked)
    response = Response(document, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"annual-review-{year}{_suffix(Filters(), masked)}.pdf")
    response.headers["Cache-Control"] = NO_STORE
    return response


def _year_arg(name):
    text = request.args.get(name)
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        abort(400)
    return int(text)
