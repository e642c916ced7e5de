"""Countries: the mission edits the languages partners write in, the time zone and the
history of the currency."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.core.access import visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.programme import operations, queries
from portal.programme.forms import CountryForm, CurrencyPeriodForm
from portal.programme.models import Country


def _country_form(country, submitted=True):
    # The page holds two forms; the one not sent shows the country as saved.
    form = CountryForm(
        prefix="country",
        data={"languages": country.languages, "timezone": country.timezone},
        **({} if submitted else {"formdata": None}),
    )
    form.languages.choices = queries.language_options()
    form.timezone.choices = queries.timezone_options(country.timezone)
    return form


def _country_page(country, form, period_form):
    return render_template(
        "programme/country_form.html",
        country=country,
        form=form,
        period_form=period_form,
        history=queries.currency_history(country),
        currencies=queries.currency_options(),
    ), 422 if form.errors or period_form.errors else 200


def _back_to_country(country):
    return redirect(url_for("programme.edit_country", country_code=country.code))


def edit_country(country_code):
    country = visible_or_404(Country, country_code.upper(), "edit")
    form = _country_form(country)
    if form.validate_on_submit():
        try:
            operations.update_country(country, languages=form.languages.data, timezone=form.timezone.data)
        except OperationRefused as refusal:
            form.languages.errors.append(str(refusal))
        else:
            flash(_("%(country)s is saved.", country=country.name), "success")
            return _back_to_country(country)
    return _country_page(country, form, CurrencyPeriodForm(prefix="period", formdata=None))


def add_currency_period(country_code):
    country = visible_or_404(Country, country_code.upper(), "edit")
    period_form = CurrencyPeriodForm(prefix="period")
    if period_form.validate_on_submit():
        try:
            operations.add_currency_period(
                country, currency_code=period_form.currency_code.data, valid_from=period_form.valid_from.data
            )
        except OperationRefused as refusal:
            period_form.valid_from.errors.append(str(refusal))
        else:
            flash(_("The currency history of %(country)s is saved.", country=country.name), "success")
            return _back_to_country(country)
    return _country_page(country, _country_form(country, submitted=False), period_form)


def remove_currency_period(country_code, period_id):
    country = visible_or_404(Country, country_code.upper(), "edit")
    period = next((p for p in country.currencies if p.id == period_id), None)
    if period is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            operations.remove_currency_period(country, period)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The currency period is removed."), "info")
    return _back_to_country(country)
