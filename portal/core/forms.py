"""Form pieces shared by every domain."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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


class NotBlank:
    """Refuses a missing value or one made only of spaces."""

    field_flags = {"required": True}

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if field.data is None or not str(field.data).strip():
            raise ValidationError(self.message or _l("This field is required."))
