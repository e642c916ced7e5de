"""Forms of the reference data the mission edits."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import TextInput

from portal.core.forms import LocalizedDecimalField, NotBlank, PlainText
from portal.programme.operations import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT
from portal.programme.queries import iso_currency_codes

PRIORITY_CODE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", re.IGNORECASE)


class EnvelopeAmount:
    """A euro amount that is not negative, has at most cents and fits the database."""

    def __call__(self, form, field):
        if field.data is None:
            return
        if field.data < 0:
            raise ValidationError(_l("The envelope cannot be negative."))
        if field.data.as_tuple().exponent < -2:
            raise ValidationError(_l("Give the amount with at most two decimals (cents)."))
        if field.data > MAX_AMOUNT:
            raise ValidationError(_l("This amount is too large."))


class YearField(IntegerField):
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off", "maxlength": 4})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            raise ValueError(_l("Give the year in four figures, between 2000 and 2100."))


class PlausibleYear:
    field_flags = {"required": True}

    def __call__(self, form, field):
        if field.process_errors:
            return  # the field already said what is wrong with the text
        if field.data is None:
            raise ValidationError(_l("Give the year."))
        if not FIRST_YEAR <= field.data <= LAST_YEAR:
            raise ValidationError(_l("Give the year in four figures, between 2000 and 2100."))


def _text(label, required=False, max_length=200, area=False, lang=None):
    validators = [NotBlank() if required else Optional(), Length(max=max_length), PlainText()]
    render_kw = {"lang": lang} if lang else None
    field_class = TextAreaField if area else StringField
    return field_class(label, validators=validators, render_kw=render_kw)


class ComponentForm(FlaskForm):
    name_en = _text(_l("Name in English"), required=True, lang="en")
    name_fr = _text(_l("Name in French"), lang="fr")
    description_en = _text(_l("Description in English"), required=True, max_length=4000, area=True, lang="en")
    description_fr = _text(_l("Description in French"), max_length=4000, area=True, lang="fr")


class _YearDetails(FlaskForm):
    envelope_eur = LocalizedDecimalField(
        _l("Envelope (EUR)"),
        validators=[Optional(), EnvelopeAmount()],
        description=_l("The year's planned budget in euros, for example 850000.00. Leave empty if not yet known."),
    )
    notes = _text(_l("Notes"), max_length=10000, area=True)
    is_closed = BooleanField(
        _l("Closed"), description=_l("The annual review of this year is done.")
    )


class NewProgrammeYearForm(_YearDetails):
    year = YearField(_l("Year"), validators=[PlausibleYear()])


class ProgrammeYearForm(_YearDetails):
    """The year's number is fixed once created: calls and grants will refer to it."""


class PriorityForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[NotBlank(), Length(max=40), PlainText()],
        description=_l("Letters, digits and hyphens, for example child-victims. Kept in lower case."),
        render_kw={"autocomplete": "off"},
    )
    name_en = _text(_l("Name in English"), required=True, lang="en")
    name_fr = _text(_l("Name in French"), lang="fr")

    def validate_code(self, field):
        if not PRIORITY_CODE.fullmatch((field.data or "").strip()):
            raise ValidationError(_l("Use only letters, digits and hyphens, for example child-victims."))


class CountryForm(FlaskForm):
    languages = SelectMultipleField(
        _l("Languages partners write in"),
        description=_l("Hold Ctrl (or Cmd on a Mac) to choose several."),
        render_kw={"size": 8},
    )
    timezone = SelectField(_l("Time zone"))

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))


class CurrencyPeriodForm(FlaskForm):
    currency_code = StringField(
        _l("Currency (ISO 4217 code)"),
        validators=[NotBlank()],
        description=_l("Three letters, for example EUR."),
        render_kw={"list": "currency-codes", "autocomplete": "off", "maxlength": 3},
    )
    valid_from = DateField(
        _l("In use from"),
        validators=[Optional()],
        description=_l("Leave empty for the currency in use before the portal's records begin."),
    )

    def validate_currency_code(self, field):
        if (field.data or "").strip().upper() not in iso_currency_codes():
            raise ValidationError(_l("Enter the three-letter ISO 4217 code of a currency, for example EUR."))
