"""Form pieces shared by every domain."""

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.validators import ValidationError

# Time zones of the region and of the mission's offices, for the profile form.
TIMEZONES = [
    "Europe/Paris", "Europe/Vienna", "Europe/Tirane", "Europe/Sarajevo", "Europe/Sofia",
    "Europe/Zagreb", "Asia/Nicosia", "Europe/Athens", "Europe/Budapest", "Europe/Belgrade",
    "Europe/Chisinau", "Europe/Podgorica", "Europe/Skopje", "Europe/Bucharest",
    "Europe/Ljubljana", "Europe/Istanbul", "Europe/Kyiv", "UTC",
]


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, behind every button that changes something."""


# Control characters other than tab and newlines: nobody types them, PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainText:
    """Refuses control characters that no one types but a tampered request may carry."""

    def __call__(self, form, field):
        if field.data and CONTROL_CHARACTERS.search(str(field.data)):
            raise ValidationError(_l("This text contains characters that cannot be saved."))


class NotBlank:
    """Refuses a missing value or one made only of spaces."""

    field_flags = {"required": True}

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if field.data is None or not str(field.data).strip():
            raise ValidationError(self.message or _l("This field is required."))


class LocalizedDecimalField(StringField):
    """A number typed the reader's way ("1 234,50" in French, "1,234.50" in English).

    The data is a Decimal (or None when left empty); nothing is ever a float.
    """

    def __init__(self, label=None, validators=None, places=2, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self.places = places
        self.raw = None

    def _value(self):
        if self.raw is not None:
            return self.raw  # what the user typed stays on screen, even when wrong
        if self.data is None:
            return ""
        return format_decimal(self.data, format="#,##0." + "0" * self.places if self.places else "#,##0",
                              locale=str(get_locale() or "en"))

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw = valuelist[0]
        text = SPACES.sub("", valuelist[0] or "")
        if not text:
            self.data = None
            return
        try:
            value = parse_decimal(text, locale=str(get_locale() or "en"), strict=True)
        except NumberFormatError:
            value = _plain_decimal(text)
        if value is None or not value.is_finite() or abs(value) >= Decimal(10) ** 12:
            self.data = None
            raise ValueError(_l("Enter a number, for example %(example)s.",
                                example=format_decimal(Decimal("1234.5"), locale=str(get_locale() or "en"))))
        if value.as_tuple().exponent < -self.places:
            self.data = None
            raise ValueError(_l("Give at most %(places)d decimals.", places=self.places))
        self.data = value.quantize(Decimal(1).scaleb(-self.places))


SPACES = re.compile(r"[\s\u00a0\u202f']+")


def _plain_decimal(text):
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes: usable without JavaScript, on a phone too."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
