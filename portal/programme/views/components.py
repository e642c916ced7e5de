"""The four programme components: the mission edits their names and descriptions."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.core.access import visible_or_404
from portal.core.errors import OperationRefused
from portal.programme import operations
from portal.programme.forms import ComponentForm
from portal.programme.models import Component


def edit_component(component_id):
    component = visible_or_404(Component, component_id, "edit")
    form = ComponentForm(data={
        "name_en": component.names.get("en"),
        "name_fr": component.names.get("fr"),
        "description_en": component.descriptions.get("en"),
        "description_fr": component.descriptions.get("fr"),
    })
    if form.validate_on_submit():
        try:
            operations.update_component(
                component,
                names={"en": form.name_en.data, "fr": form.name_fr.data},
                descriptions={"en": form.description_en.data, "fr": form.description_fr.data},
            )
        except OperationRefused as refusal:
            form.name_en.errors.append(str(refusal))
        else:
            flash(_("The component %(code)s is saved.", code=component.code), "success")
            return redirect(url_for("programme.reference", _anchor="components-heading"))
    return render_template(
        "programme/component_form.html", form=form, component=component
    ), 422 if form.errors else 200
