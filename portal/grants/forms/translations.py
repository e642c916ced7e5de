"""A working translation of a proposal, beside the partner's original."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.core.forms import NotBlank, PlainText


class TranslationForm(FlaskForm):
    language = SelectField(_l("Translated into"))
    title = StringField(_l("Title, translated"), validators=[Optional(), Length(max=300), PlainText()])
    text = TextAreaField(_l("Summary and activities, translated"),
                         validators=[NotBlank(), Length(max=50000), PlainText()])
