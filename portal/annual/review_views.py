"""The mission's pages of a programme year: the list of years, the annual review with its
charts, the programming of envelopes and the sign-off."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.annual import charts, operations
from portal.annual.forms import ProgrammingForm, SignoffForm, ThresholdForm
from portal.annual.review import build_review, programming_lines
from portal.annual.rollup import Filters
from portal.annual.suppression import victim_threshold
from portal.auth.models import Organisation
from portal.auth.queries import country_choices
from portal.core.access import authorize
from portal.core.i18n import locale_tag
from portal.extensions import db
from portal.grants.models import Call, Grant, Proposal
from portal.programme.models import Component, ProgrammeYear

DETAIL_BLANK_ROWS = 3
REPORTS_SHOWN = 20  # late or awaiting, on the page; the reports list has them all


def _programme_year(year):
    programme_year = db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == year))
    if programme_year is None:
        abort(404)
    return programme_year


def _components():
    return db.session.scalars(select(Component).order_by(Component.position)).all()


def years(threshold_form=None):
    authorize("review", ProgrammeYear)
    programme_years = db.session.scalars(select(ProgrammeYear).order_by(ProgrammeYear.year.desc())).all()
    threshold_form = threshold_form or ThresholdForm(formdata=None, threshold=victim_threshold())
    return render_template("annual/years.html", programme_years=programme_years, threshold_form=threshold_form)


def set_threshold():
    authorize("set_threshold", ProgrammeYear)
    form = ThresholdForm()
    if form.validate_on_submit():
        operations.set_victim_threshold(form.threshold.data, current_user._get_current_object())
        flash(_("Counts of victims below %(threshold)s are now masked outside the mission.",
                threshold=form.threshold.data), "success")
        return redirect(url_for("annual.years"))
    return years(form), 422


def review(year):
    programme_year = _programme_year(year)
    authorize("review", programme_year)
    filters = _filters_asked(programme_year)
    # The indicators per country only when asked for: they cost as much as the rest of the page.
    review = build_review(programme_year, date.today(), user=current_user, filters=filters,
                          by_country=request.args.get("countries") == "1", reports_shown=REPORTS_SHOWN)
    return render_template(
        "annual/review.html", review=review, filters=filters, choices=_filter_choices(programme_year),
        charts=charts.review_charts(review, locale_tag(get_locale())), components=_components(),
        downloads=_downloads(year),
        countries_url=url_for("annual.review", year=year, **{**request.args.to_dict(), "countries": "1"}),
    )


# The year's downloads: the mission's exact ones, and the masked ones it may share.
DOWNLOADS = (
    ("annual.indicators_xlsx", {}, _l("Indicator tables (XLSX)")),
    ("annual.indicators_csv", {}, _l("Indicator tables (CSV)")),
    ("annual.review_pdf", {}, _l("Annual review (PDF)")),
    ("annual.indicators_xlsx", {"masked": 1}, _l("Indicator tables to share, small numbers masked (XLSX)")),
    ("annual.review_pdf", {"masked": 1}, _l("Annual review to share, small numbers masked (PDF)")),
)


def _downloads(year):
    return [(url_for(endpoint, year=year, **params), label) for endpoint, params, label in DOWNLOADS]


def _filters_asked(programme_year):
    args = request.args
    return Filters(
        component_id=args.get("component", type=int), country=(args.get("country") or "").upper()[:2] or None,
        priority_id=args.get("priority", type=int), organisation_id=args.get("partner", type=int),
        call_id=args.get("call", type=int),
    )


def _filter_choices(programme_year):
    calls = db.session.scalars(select(Call).where(Call.programme_year_id == programme_year.id)
                               .order_by(Call.opens_at)).all()
    partners = db.session.scalars(
        select(Organisation).where(Organisation.id.in_(
            select(Grant.organisation_id).join(Proposal, Proposal.id == Grant.proposal_id)
            .where(Proposal.call_id.in_([c.id for c in calls] or [-1]))))
        .order_by(Organisation.name)).all()
    return {"components": _components(), "countries": country_choices(), "priorities": programme_year.priorities,
            "partners": partners, "calls": calls}


def programming(year):
    programme_year = _programme_year(year)
    authorize("programme", programme_year)
    components = _components()
    form = ProgrammingForm()
    _fill_choices(form, programme_year, components)
    if form.validate_on_submit():
        try:
            operations.save_programming(programme_year, form.envelope_eur.data, form.component_amounts(),
                                        form.detail_rows(), {c.id: c.name for c in components})
        except operations.ProgrammingProblems as problems:
            form.form_errors.extend(str(problem) for problem in problems.problems)
        else:
            flash(_("The programming of %(year)s is saved.", year=year), "success")
            return redirect(url_for("annual.review", year=year))
    elif request.method == "GET":
        _fill_from_lines(form, programme_year, components)
    _fill_choices(form, programme_year, components)
    return render_template(
        "annual/programming.html", form=form, programme_year=programme_year,
        component_by_id={c.id: c for c in components},
    ), 422 if request.method == "POST" else 200


def _fill_from_lines(form, programme_year, components):
    lines = programming_lines(programme_year)
    whole = {line.component_id: line.amount_eur for line in lines if not line.country_code and not line.priority_id}
    form.envelope_eur.data = programme_year.envelope_eur
    for component in components:
        form.components.append_entry({"component_id": component.id, "amount_eur": whole.get(component.id)})
    for line in lines:
        if line.country_code or line.priority_id:
            form.details.append_entry({"component_id": line.component_id, "country_code": line.country_code,
                                       "priority_id": line.priority_id, "amount_eur": line.amount_eur})
    for _blank in range(DETAIL_BLANK_ROWS):
        form.details.append_entry()


def _fill_choices(form, programme_year, components):
    component_choices = [("", "—")] + [(c.id, f"{c.code} {c.name}") for c in components]
    countries = [("", "—")] + list(country_choices())
    priorities = [("", "—")] + [(p.id, p.name) for p in programme_year.priorities]
    for entry in form.details:
        entry.form.component_id.choices = component_choices
        entry.form.country_code.choices = countries
        entry.form.priority_id.choices = priorities


def sign_off(year):
    programme_year = _programme_year(year)
    authorize("sign_off", programme_year)
    form = SignoffForm()
    review = build_review(programme_year, date.today())
    if form.validate_on_submit():
        operations.sign_off(programme_year, review, current_user._get_current_object(), form.note.data)
        flash(_("The figures of %(year)s are signed off. Later corrections will show as differences.",
                year=year), "success")
        return redirect(url_for("annual.review", year=year))
    return render_template("annual/sign_off.html", form=form, review=review), 422 if form.errors else 200
