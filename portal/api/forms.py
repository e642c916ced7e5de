"""The form that makes a personal API token."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, ValidationError

from portal.core.forms import NotBlank, PlainText

LONGEST_VALIDITY_DAYS = 3 * 365


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[NotBlank(), Length(max=100), PlainText()],
        description=_l("What the token is for, e.g. “Statistics office export”."),
        render_kw={"maxlength": 100, "autocomplete": "off"},
    )
    expires_on = DateField(
        _l("Valid until"), validators=[Optional()],
        description=_l("Optional: the last day the token works. Without a date it works until you revoke it."),
    )

    def __init__(self, *args, timezone="Europe/Paris", **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone = timezone

    def validate_expires_on(self, field):
        if field.data is None:
            return
        today = datetime.now(ZoneInfo(self.timezone)).date()
        if field.data < today:
            raise ValidationError(_l("Choose today or a later day."))
        if (field.data - today).days > LONGEST_VALIDITY_DAYS:
            raise ValidationError(_l("A token can be valid for three years at most."))
