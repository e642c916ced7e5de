"""Breakdown dimensions and their categories: everyone reads them; the mission adds categories,
renames them, and deletes those nothing refers to."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import can, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.core.i18n import country_name
from portal.indicators import operations, queries
from portal.indicators.forms import CategoryNamesForm, NewCategoryForm, form_class
from portal.indicators.models import BreakdownCategory, BreakdownDimension


def _languages():
    return tuple(current_app.config["LANGUAGES"])


def _new_category_form(dimension, submitted=False):
    # One form per dimension on the page, told apart by their prefix; only the one sent is read.
    return form_class(NewCategoryForm, _languages())(
        prefix=f"dimension-{dimension.id}", **({} if submitted else {"formdata": None})
    )


def _label(category):
    # Categories of the participants' country have no names of their own: Babel names them.
    return category.name or country_name(category.code)


def _breakdowns_page(sent_to=None, sent=None):
    """The page; `sent` is the form of the dimension `sent_to`, shown again with its errors."""
    dimensions = queries.dimensions()
    forms = {}
    if any(can(current_user, "edit", dimension) for dimension in dimensions):
        sent_to_id = sent_to.id if sent_to is not None else None
        forms = {d.id: sent if d.id == sent_to_id else _new_category_form(d) for d in dimensions}
    return render_template(
        "indicators/breakdowns.html",
        dimensions=dimensions,
        forms=forms,
        in_use={d.id: queries.categories_in_use(d) for d in dimensions},
        taking=queries.indicators_by_dimension(),
        confirm=ConfirmForm(),
    ), 422 if sent is not None and sent.errors else 200


def _back_to(dimension):
    return redirect(url_for("indicators.breakdowns", _anchor=f"dimension-{dimension.code}"))


def breakdowns():
    return _breakdowns_page()


def add_category(dimension_id):
    dimension = visible_or_404(BreakdownDimension, dimension_id, "edit")
    form = _new_category_form(dimension, submitted=True)
    if form.validate_on_submit():
        try:
            category = operations.add_category(dimension, code=form.code.data, names=form.texts_by_language()["name"])
        except OperationRefused as refusal:
            form.code.errors.append(str(refusal))
        else:
            flash(_("The category %(name)s is added to %(dimension)s.", name=_label(category),
                    dimension=dimension.name), "success")
            return _back_to(dimension)
    return _breakdowns_page(sent_to=dimension, sent=form)


def edit_category(category_id):
    category = visible_or_404(BreakdownCategory, category_id, "edit")
    names_form = form_class(CategoryNamesForm, _languages())
    form = names_form(data=names_form.data_from(name=category.names))
    if form.validate_on_submit():
        try:
            operations.rename_category(category, names=form.texts_by_language()["name"])
        except OperationRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(_("The category %(name)s is saved.", name=_label(category)), "success")
            return _back_to(category.dimension)
    return render_template(
        "indicators/category_form.html", form=form, category=category
    ), 422 if form.errors else 200


def delete_category(category_id):
    category = visible_or_404(BreakdownCategory, category_id, "delete")
    dimension = category.dimension
    if ConfirmForm().validate_on_submit():
        name = _label(category)
        try:
            operations.delete_category(category)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
            return _breakdowns_page()[0], 422
        flash(_("The category %(name)s is deleted.", name=name), "info")
    return _back_to(dimension)
