"""The mission's form for a call for proposals and its scoring criteria."""

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import TIMEZONES, CheckboxesField, LocalizedDecimalField, NotBlank


class CriterionForm(Form):
    name_en = StringField(_l("Criterion (English)"), validators=[Optional(), Length(max=200)])
    name_fr = StringField(_l("Criterion (French)"), validators=[Optional(), Length(max=200)])
    guidance_en = TextAreaField(_l("Guidance for reviewers (English)"), validators=[Optional(), Length(max=2000)])
    guidance_fr = TextAreaField(_l("Guidance for reviewers (French)"), validators=[Optional(), Length(max=2000)])
    weight = LocalizedDecimalField(_l("Weight"), validators=[Optional(), NumberRange(min=0.01, max=1000)])
    scale_max = IntegerField(_l("Highest score"), validators=[Optional(), NumberRange(min=1, max=100)])

    @property
    def is_blank(self):
        return not (self.name_en.data or "").strip() and not (self.name_fr.data or "").strip()

    def validate_name_en(self, field):
        if not self.is_blank and not (field.data or "").strip():
            raise ValidationError(_l("Give the criterion an English name."))


class CallForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), validators=[NotBlank(), Length(max=300)])
    title_fr = StringField(_l("Title (French)"), validators=[NotBlank(), Length(max=300)])
    description_en = TextAreaField(_l("Description (English)"), validators=[NotBlank(), Length(max=20000)])
    description_fr = TextAreaField(_l("Description (French)"), validators=[NotBlank(), Length(max=20000)])
    programme_year_id = SelectField(_l("Programme year"), coerce=int)
    timezone = SelectField(_l("Time zone of the dates"), choices=[(tz, tz) for tz in TIMEZONES])
    opens_at = DateTimeLocalField(_l("Opens"), validators=[InputRequired()], format="%Y-%m-%dT%H:%M")
    deadline_at = DateTimeLocalField(_l("Deadline"), validators=[InputRequired()], format="%Y-%m-%dT%H:%M")
    envelope_eur = LocalizedDecimalField(_l("Budget envelope (EUR)"),
                                         validators=[InputRequired(), NumberRange(min=1)])
    min_amount_eur = LocalizedDecimalField(_l("Smallest grant (EUR)"),
                                           validators=[InputRequired(), NumberRange(min=0)])
    max_amount_eur = LocalizedDecimalField(_l("Largest grant (EUR)"),
                                           validators=[InputRequired(), NumberRange(min=1)])
    indirect_ceiling_pct = LocalizedDecimalField(_l("Ceiling of indirect costs, in percent of direct costs"),
                                                 validators=[InputRequired(), NumberRange(min=0, max=100)])
    component_ids = CheckboxesField(_l("Components funded"), coerce=int)
    priority_ids = CheckboxesField(_l("Thematic priorities"), coerce=int)
    country_codes = CheckboxesField(_l("Eligible countries"))
    criteria = FieldList(FormField(CriterionForm), min_entries=1)

    def validate_deadline_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The deadline must come after the opening."))

    def validate_max_amount_eur(self, field):
        low, high = self.min_amount_eur.data, field.data
        if low is not None and high is not None and high < low:
            raise ValidationError(_l("The largest grant cannot be smaller than the smallest."))
        if high is not None and self.envelope_eur.data is not None and high > self.envelope_eur.data:
            raise ValidationError(_l("The largest grant cannot exceed the envelope."))

    def validate_component_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one component."))

    def validate_country_codes(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one eligible country."))

    def validate_criteria(self, field):
        if all(entry.form.is_blank for entry in field.entries):
            raise ValidationError(_l("Give at least one scoring criterion."))

    def moment(self, field):
        """A typed local date and time, in the chosen zone, as an aware moment."""
        return field.data.replace(tzinfo=ZoneInfo(self.timezone.data))
