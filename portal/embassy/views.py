"""The country page: a country's share of a programme year, read-only. An embassy always sees
its own country, masked; the mission chooses any country and sees exact figures."""

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user

from portal.auth.queries import country_choices
from portal.core.access import authorize
from portal.embassy.masking import suppression_note
from portal.embassy.share import latest_year_with_grants, share_of
from portal.extensions import db
from portal.grants.progress import programme_years
from portal.programme.models import Country


def country_share():
    authorize("see_share", Country)
    country = _country_asked()
    if country is not None:
        authorize("see_share", country)
    years = programme_years()
    year = request.args.get("year", type=int)
    if year is not None and year not in years:
        abort(404)
    if country is not None and year is None:
        year = latest_year_with_grants(country.code, current_user) or (years[0] if years else None)
    share = share_of(country, year, current_user, date.today()) if country is not None and year else None
    note = suppression_note(share.threshold) if share and share.has_masked_figures else None
    return render_template(
        "embassy/country_share.html", share=share, country=country, year=year, years=years,
        countries=country_choices() if current_user.is_mission else [], suppression_note=note,
    )


def _country_asked():
    """An embassy's own country, whatever the address asks for; the mission's choice, if any."""
    if current_user.is_embassy:
        return db.session.get(Country, current_user.country_code)
    code = (request.args.get("country") or "").strip().upper()
    if not code:
        return None
    country = db.session.get(Country, code)
    if country is None:
        abort(404)
    return country
