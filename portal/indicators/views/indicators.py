"""The mission creates, edits, retires and deletes indicators.

An indicator in use keeps its meaning: its edit page shows the code, component, kind, roll-up
rule and breakdowns read-only, and the operation refuses any change to them that is posted.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.core.access import authorize, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.indicators import operations, queries
from portal.indicators.forms import IndicatorForm, form_class
from portal.indicators.models import Indicator
from portal.indicators.views.catalogue import indicator_page


def _form_class():
    return form_class(IndicatorForm, tuple(current_app.config["LANGUAGES"]))


def _indicator_form(**kwargs):
    form = _form_class()(**kwargs)
    form.component_id.choices = queries.component_options()
    form.breakdown_ids.choices = queries.dimension_options()
    return form


def _saved(indicator):
    return {
        "code": indicator.code,
        "component_id": indicator.component_id,
        "kind": indicator.kind,
        "rollup": indicator.rollup,
        "counts_victims": indicator.counts_victims,
        "breakdown_ids": [dimension.id for dimension in indicator.breakdowns],
        **_form_class().data_from(name=indicator.names, definition=indicator.definitions, unit=indicator.unit),
    }


def _posted_keeping_meaning(indicator):
    """What was posted, the fields an indicator in use shows read-only filled with their saved
    values when absent: absent means unchanged; a value that was posted is checked."""
    formdata = request.form.copy()
    saved = {
        "code": [indicator.code],
        "component_id": [str(indicator.component_id)],
        "kind": [indicator.kind],
        "rollup": [indicator.rollup],
        "breakdown_ids": [str(dimension.id) for dimension in indicator.breakdowns],
    }
    for name, values in saved.items():
        if name not in formdata:
            formdata.setlist(name, values)
    return formdata


def _values(form):
    texts = form.texts_by_language()
    return {
        "code": form.code.data,
        "component": queries.component(form.component_id.data),
        "names": texts["name"],
        "definitions": texts["definition"],
        "unit": texts["unit"],
        "kind": form.kind.data,
        "rollup": form.rollup.data,
        "counts_victims": form.counts_victims.data,
        "breakdowns": queries.dimensions_by_id(form.breakdown_ids.data),
    }


def _form_page(form, indicator=None, locked=False):
    return render_template(
        "indicators/indicator_form.html", form=form, indicator=indicator, locked=locked
    ), 422 if form.errors else 200


def create_indicator():
    authorize("create", Indicator)
    if request.method == "POST":
        form = _indicator_form()
    else:
        # "Add an indicator" under a component of the catalogue comes with that component chosen.
        form = _indicator_form(data={"component_id": request.args.get("component_id", type=int)})
    if form.validate_on_submit():
        try:
            indicator = operations.create_indicator(**_values(form))
        except OperationRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(_("The indicator %(code)s is added to the catalogue.", code=indicator.code), "success")
            return redirect(url_for("indicators.indicator", indicator_id=indicator.id))
    return _form_page(form)


def edit_indicator(indicator_id):
    indicator = visible_or_404(Indicator, indicator_id, "edit")
    locked = queries.is_in_use(indicator)
    if request.method == "POST":
        form = _indicator_form(formdata=_posted_keeping_meaning(indicator) if locked else request.form)
    else:
        form = _indicator_form(formdata=None, data=_saved(indicator))
    if form.validate_on_submit():
        try:
            operations.update_indicator(indicator, **_values(form))
        except OperationRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(_("The indicator %(code)s is saved.", code=indicator.code), "success")
            return redirect(url_for("indicators.indicator", indicator_id=indicator.id))
    return _form_page(form, indicator, locked)


def retire_indicator(indicator_id):
    indicator = visible_or_404(Indicator, indicator_id, "retire")
    if ConfirmForm().validate_on_submit():
        operations.set_retired(indicator, True)
        flash(_("The indicator %(code)s is retired: it is no longer offered for new proposals, and what already "
                "refers to it stays.", code=indicator.code), "info")
    return redirect(url_for("indicators.indicator", indicator_id=indicator.id))


def reactivate_indicator(indicator_id):
    indicator = visible_or_404(Indicator, indicator_id, "retire")
    if ConfirmForm().validate_on_submit():
        operations.set_retired(indicator, False)
        flash(_("The indicator %(code)s is back in use: new proposals can set targets for it.",
                code=indicator.code), "info")
    return redirect(url_for("indicators.indicator", indicator_id=indicator.id))


def delete_indicator(indicator_id):
    indicator = visible_or_404(Indicator, indicator_id, "delete")
    if ConfirmForm().validate_on_submit():
        code = indicator.code
        try:
            operations.delete_indicator(indicator)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
            return indicator_page(indicator, status=422)
        flash(_("The indicator %(code)s is deleted.", code=code), "info")
    return redirect(url_for("indicators.catalogue"))
