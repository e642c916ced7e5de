"""Programme years: the mission opens a year and edits its envelope, notes and closed flag."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.core.access import authorize, visible_or_404
from portal.core.errors import OperationRefused
from portal.programme import operations
from portal.programme.forms import NewProgrammeYearForm, ProgrammeYearForm
from portal.programme.models import ProgrammeYear


def create_year():
    authorize("create", ProgrammeYear)
    form = NewProgrammeYearForm()
    if form.validate_on_submit():
        try:
            programme_year = operations.create_programme_year(
                year=form.year.data,
                envelope_eur=form.envelope_eur.data,
                notes=form.notes.data,
                is_closed=form.is_closed.data,
            )
        except OperationRefused as refusal:
            form.year.errors.append(str(refusal))
        else:
            flash(_("The programme year %(year)s is created. Now set its thematic priorities.",
                    year=programme_year.year), "success")
            return redirect(url_for("programme.priorities", programme_year_id=programme_year.id))
    return render_template(
        "programme/year_form.html", form=form, programme_year=None
    ), 422 if form.errors else 200


def edit_year(programme_year_id):
    programme_year = visible_or_404(ProgrammeYear, programme_year_id, "edit")
    form = ProgrammeYearForm(obj=programme_year)
    if form.validate_on_submit():
        try:
            operations.update_programme_year(
                programme_year,
                envelope_eur=form.envelope_eur.data,
                notes=form.notes.data,
                is_closed=form.is_closed.data,
            )
        except OperationRefused as refusal:
            form.envelope_eur.errors.append(str(refusal))
        else:
            flash(_("The programme year %(year)s is saved.", year=programme_year.year), "success")
            return redirect(url_for("programme.reference", _anchor=f"year-{programme_year.year}"))
    return render_template(
        "programme/year_form.html", form=form, programme_year=programme_year
    ), 422 if form.errors else 200
