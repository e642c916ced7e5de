"""The report form and the mission's review. Every field of the report is optional at save
time, so that a draft can be saved at any moment; completeness is checked at submission
(portal.reports.checks). What makes a line impossible to convert is refused at once."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
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

from portal.core.forms import LocalizedDecimalField, PlainText
from portal.reports.operations.workflow import ACCEPT, CHANGES

TEXT_LIMIT = 20000
VICTIMS_WARNING = _l("Never name victims or give details that could identify them.")


def _text(label, description=None):
    return TextAreaField(label, validators=[Optional(), Length(max=TEXT_LIMIT), PlainText()],
                         description=description)


class NarrativeForm(Form):
    component_id = HiddenField()
    done = _text(_l("What was done"), VICTIMS_WARNING)
    results = _text(_l("Results"))
    difficulties = _text(_l("Difficulties"))
    next_steps = _text(_l("Next steps"))


class FinancialLineForm(Form):
    line_id = HiddenField()
    category = SelectField(_l("Budget category"), validate_choice=False)
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300), PlainText()])
    spent_on = DateField(_l("Date spent"), validators=[Optional()])
    # Empty: the currency of the grant's country on the date spent.
    currency = SelectField(_l("Currency"), validate_choice=False)
    amount = LocalizedDecimalField(_l("Amount"), validators=[Optional(), NumberRange(min=0)])
    rate = LocalizedDecimalField(_l("Rate (units for 1 EUR)"), places=8, validators=[Optional()])
    rate_date = DateField(_l("Rate of"), validators=[Optional()])
    rate_source = StringField(_l("Rate source"), validators=[Optional(), Length(max=200), PlainText()])
    remove = BooleanField(_l("Remove this line"))

    @property
    def is_blank(self):
        """Left empty, or marked for removal: not a line to keep."""
        return self.remove.data or (not (self.description.data or "").strip() and self.amount.data is None
                                    and self.spent_on.data is None and self.rate.data is None)


class IndicatorValueForm(Form):
    indicator_id = HiddenField()
    category_id = HiddenField()
    country_code = HiddenField()
    value = LocalizedDecimalField(_l("Value"), validators=[Optional(), NumberRange(min=0)])
    numerator = LocalizedDecimalField(_l("Numerator"), validators=[Optional(), NumberRange(min=0)])
    denominator = LocalizedDecimalField(_l("Denominator"), validators=[Optional(), NumberRange(min=0)])
    text_value = TextAreaField(_l("Text"), validators=[Optional(), Length(max=TEXT_LIMIT), PlainText()])

    @property
    def is_blank(self):
        return (self.value.data is None and self.numerator.data is None and self.denominator.data is None
                and not (self.text_value.data or "").strip())


class ReportForm(FlaskForm):
    revision = HiddenField()
    language = SelectField(_l("Language this report is written in"))
    narrative = FieldList(FormField(NarrativeForm), min_entries=0)
    lines = FieldList(FormField(FinancialLineForm), min_entries=0)
    no_spending = BooleanField(_l("Nothing was spent this period"),
                               description=_l("Tick this, with no spending line, only when you submit a report "
                                              "for a period without any spending."))
    values = FieldList(FormField(IndicatorValueForm), min_entries=0)


class ReceiptForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])
    line_id = SelectField(_l("For the financial line"), validate_choice=False)
    description = StringField(_l("What it is"), validators=[Optional(), Length(max=300), PlainText()])


class ReviewForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[(ACCEPT, _l("Accept the report")), (CHANGES, _l("Ask for changes"))],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    note = TextAreaField(_l("Comment"), validators=[Length(max=TEXT_LIMIT), PlainText()],
                         description=_l("Required to ask for changes: the partner reads it. Optional to accept."))

    def validate_note(self, field):
        if self.outcome.data == CHANGES and not (field.data or "").strip():
            raise ValidationError(_l("Say what to change: the partner will read it."))


class AnswerForm(FlaskForm):
    body = TextAreaField(_l("Your answer"), validators=[InputRequired(_l("Write your answer.")),
                                                        Length(max=TEXT_LIMIT), PlainText()],
                         description=VICTIMS_WARNING)
