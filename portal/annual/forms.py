"""The mission's forms of the annual work: the programming of a year and its sign-off."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import LocalizedDecimalField, PlainText


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _code_or_none(value):
    return value or None


class ComponentEnvelope(Form):
    component_id = HiddenField(filters=[_int_or_none])
    amount_eur = LocalizedDecimalField(_l("Planned envelope (EUR)"), validators=[Optional()])


class DetailEnvelope(Form):
    """An envelope within a component: for one country, or for one priority of the year."""

    component_id = SelectField(_l("Component"), coerce=_int_or_none, validate_choice=False)
    country_code = SelectField(_l("Country"), coerce=_code_or_none, validate_choice=False)
    priority_id = SelectField(_l("Priority"), coerce=_int_or_none, validate_choice=False)
    amount_eur = LocalizedDecimalField(_l("Planned envelope (EUR)"), validators=[Optional()])
    remove = BooleanField(_l("Remove"))

    @property
    def is_blank(self):
        return (self.component_id.data is None and self.country_code.data is None
                and self.priority_id.data is None and self.amount_eur.data is None)

    def as_row(self):
        return {"component_id": self.component_id.data, "country_code": self.country_code.data,
                "priority_id": self.priority_id.data, "amount_eur": self.amount_eur.data}


class ProgrammingForm(FlaskForm):
    envelope_eur = LocalizedDecimalField(_l("Envelope of the year (EUR)"), validators=[Optional()])
    components = FieldList(FormField(ComponentEnvelope), min_entries=0, max_entries=20)
    details = FieldList(FormField(DetailEnvelope), min_entries=0, max_entries=200)

    def detail_rows(self):
        return [entry.form.as_row() for entry in self.details
                if not entry.form.is_blank and not entry.form.remove.data]

    def component_amounts(self):
        return {entry.form.component_id.data: entry.form.amount_eur.data for entry in self.components}


class SignoffForm(FlaskForm):
    note = TextAreaField(_l("Note kept with the signed-off figures"),
                         validators=[Optional(), Length(max=4000), PlainText()])


class ThresholdForm(FlaskForm):
    threshold = IntegerField(
        _l("Smallest count of victims shown outside the mission"),
        validators=[InputRequired(_l("Give a whole number.")),
                    NumberRange(min=2, max=100, message=_l("Give a number from 2 to 100."))],
        description=_l("Smaller counts are shown as “< threshold” to embassies and in exports that leave the mission."),
    )
