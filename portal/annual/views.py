"""The mission's downloads of a programme year."""

from datetime import date

from flask import Response, abort, current_app, request

from portal.annual import iati
from portal.core.access import authorize
from portal.core.audit import record
from portal.grants.models import Grant


def iati_export():
    """The IATI activity file (2.03) of the year's approved grants; without ?year=, of the
    latest year that has one."""
    authorize("export_iati", Grant)
    year = _year_asked() or iati.latest_year_with_grants()
    grants = iati.approved_grants(year) if year else []
    if not grants:
        abort(404)  # an IATI file holds at least one activity: nothing to publish for that year
    document = iati.activities_file(grants, current_app.config["IATI_REPORTING_ORG_REF"], today=date.today())
    record("annual.export", after={"format": "iati", "years": [year], "grants": len(grants)})
    response = Response(document, mimetype="application/xml")
    response.headers["Content-Type"] = "application/xml; charset=utf-8"
    response.headers.set("Content-Disposition", "attachment", filename=f"iati-activities-{year}.xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _year_asked():
    text = request.args.get("year")
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        abort(400)
    return int(text)
