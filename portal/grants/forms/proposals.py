"""The proposal form. Every field is optional at save time, so a draft can be saved at any
moment; completeness is checked at submission (portal.grants.completeness)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import CheckboxesField, LocalizedDecimalField
from portal.grants.models import BudgetCategory

TEXT_LIMIT = 20000


class ActivityForm(Form):
    title = StringField(_l("Activity"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("What will be done"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    component_id = SelectField(_l("Component"), coerce=lambda v: int(v) if v else None, validate_choice=False)
    country_code = SelectField(_l("Country"), validate_choice=False)

    @property
    def is_blank(self):
        return not (self.title.data or "").strip() and not (self.description.data or "").strip()


class BudgetLineForm(Form):
    category = SelectField(_l("Category"), choices=[(c.value, c.title) for c in BudgetCategory])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300)])
    amount_eur = LocalizedDecimalField(_l("Asked of the mission (EUR)"), validators=[Optional(), NumberRange(min=0)])
    cofunding_eur = LocalizedDecimalField(_l("Co-funding (EUR)"), validators=[Optional(), NumberRange(min=0)])
    cofunding_source = StringField(_l("Other donor"), validators=[Optional(), Length(max=200)])

    @property
    def is_blank(self):
        return (not (self.description.data or "").strip() and self.amount_eur.data is None
                and self.cofunding_eur.data is None)


class TargetForm(Form):
    indicator_id = HiddenField()
    category_id = HiddenField()
    baseline = LocalizedDecimalField(_l("Baseline"), validators=[Optional(), NumberRange(min=0)])
    target = LocalizedDecimalField(_l("Target"), validators=[Optional(), NumberRange(min=0)])


class ProposalForm(FlaskForm):
    revision = HiddenField()
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=TEXT_LIMIT)],
                            description=_l("Never name victims or give details that could identify them."))
    language = SelectField(_l("Language this proposal is written in"))
    scope = RadioField(_l("Scope"), choices=[("bilateral", _l("Bilateral: one country")),
                                             ("regional", _l("Regional: two countries or more"))],
                       default="bilateral")
    country_codes = CheckboxesField(_l("Countries"))
    component_ids = CheckboxesField(_l("Components"), coerce=int)
    priority_ids = CheckboxesField(_l("Thematic priorities"), coerce=int)
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(_l("End"), validators=[Optional()])
    activities = FieldList(FormField(ActivityForm), min_entries=0)
    budget = FieldList(FormField(BudgetLineForm), min_entries=0)
    targets = FieldList(FormField(TargetForm), min_entries=0)


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])
    description = StringField(_l("What it is"), validators=[Optional(), Length(max=300)])


class ExtensionForm(FlaskForm):
    until = DateField(_l("May submit until the end of"), validators=[InputRequired()],
                      description=_l("In the time zone of the call."))

    def validate_until(self, field):
        if field.data and field.data < date.today():
            raise ValidationError(_l("The date must not be in the past."))
