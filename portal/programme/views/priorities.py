"""Thematic priorities of a programme year: everyone reads them, the mission keeps the list."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import authorize, can, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.programme import operations
from portal.programme.forms import PriorityForm
from portal.programme.models import Priority, ProgrammeYear


def priorities(programme_year_id):
    programme_year = visible_or_404(ProgrammeYear, programme_year_id)
    return render_template(
        "programme/priorities.html",
        programme_year=programme_year,
        can_add=can(current_user, "create", Priority),
    )


def _names(form):
    return {"en": form.name_en.data, "fr": form.name_fr.data}


def _back_to_list(programme_year):
    return redirect(url_for("programme.priorities", programme_year_id=programme_year.id))


def create_priority(programme_year_id):
    programme_year = visible_or_404(ProgrammeYear, programme_year_id)
    authorize("create", Priority)
    form = PriorityForm()
    if form.validate_on_submit():
        try:
            operations.add_priority(programme_year, code=form.code.data, names=_names(form))
        except OperationRefused as refusal:
            form.code.errors.append(str(refusal))
        else:
            flash(_("The priority is added."), "success")
            return _back_to_list(programme_year)
    return render_template(
        "programme/priority_form.html", form=form, programme_year=programme_year, priority=None
    ), 422 if form.errors else 200


def edit_priority(priority_id):
    priority = visible_or_404(Priority, priority_id, "edit")
    form = PriorityForm(data={
        "code": priority.code, "name_en": priority.names.get("en"), "name_fr": priority.names.get("fr"),
    })
    if form.validate_on_submit():
        try:
            operations.update_priority(priority, code=form.code.data, names=_names(form))
        except OperationRefused as refusal:
            form.code.errors.append(str(refusal))
        else:
            flash(_("The priority is saved."), "success")
            return _back_to_list(priority.programme_year)
    return render_template(
        "programme/priority_form.html", form=form, programme_year=priority.programme_year, priority=priority
    ), 422 if form.errors else 200


def move_priority(priority_id):
    priority = visible_or_404(Priority, priority_id, "edit")
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    if ConfirmForm().validate_on_submit():
        operations.move_priority(priority, direction)
    return _back_to_list(priority.programme_year)


def delete_priority(priority_id):
    priority = visible_or_404(Priority, priority_id, "delete")
    programme_year = priority.programme_year
    if ConfirmForm().validate_on_submit():
        name = priority.name
        try:
            operations.delete_priority(priority)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The priority %(name)s is deleted.", name=name), "info")
    return _back_to_list(programme_year)
