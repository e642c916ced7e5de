"""The mission's forms on a grant: its terms, its instalments and its reporting schedule.
A row left blank is ignored; the domain's rules (sums, payments, periods) are the operations'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from portal.core.forms import LocalizedDecimalField, PlainText
from portal.reports.models import ReportKind

TEXT_LIMIT = 20000


def _id_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class GrantTermsForm(FlaskForm):
    agreement_date = DateField(_l("Agreement signed on"), validators=[Optional()])
    conditions = TextAreaField(_l("Conditions of the grant"),
                               validators=[Optional(), Length(max=TEXT_LIMIT), PlainText()])
    # No NotBlank(): a number typed wrong would get a second, misleading error.
    overspend_tolerance_pct = LocalizedDecimalField(
        _l("Overspend tolerance (%)"), render_kw={"required": True},
        description=_l("How far a line of a financial report may exceed its budget line before it is flagged."),
    )

    def validate_overspend_tolerance_pct(self, field):
        if field.process_errors:
            return
        if field.data is None or not 0 <= field.data <= 100:
            raise ValidationError(_l("Give a percentage from 0 to 100."))


class InstalmentRow(Form):
    instalment_id = HiddenField(filters=[_id_or_none])
    planned_date = DateField(_l("Planned date"), validators=[Optional()])
    planned_eur = LocalizedDecimalField(_l("Planned amount (EUR)"), validators=[Optional()])
    required_report_id = SelectField(_l("Paid once this report is accepted"), coerce=_id_or_none,
                                     validate_choice=False)  # the operation checks it is the grant's
    paid_date = DateField(_l("Paid on"), validators=[Optional()])
    paid_eur = LocalizedDecimalField(_l("Amount paid (EUR)"), validators=[Optional()])
    remove = BooleanField(_l("Remove"))

    @property
    def is_blank(self):
        return (self.instalment_id.data is None and self.planned_date.data is None
                and self.planned_eur.data is None and self.paid_date.data is None and self.paid_eur.data is None)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.is_blank or self.remove.data:
            return valid
        # Checked here: each field's Optional() ends its own chain when it is left empty.
        _require(self.planned_date, _l("Give the planned date."))
        _require(self.planned_eur, _l("Give the planned amount."))
        _positive(self.planned_eur)
        if self.paid_date.data is not None:
            _require(self.paid_eur, _l("Give the amount paid."))
        if self.paid_eur.data is not None:
            _require(self.paid_date, _l("Give the date it was paid."))
        _positive(self.paid_eur)
        return valid and not any(field.errors for field in self)

    def as_row(self):
        return {
            "instalment_id": self.instalment_id.data, "planned_date": self.planned_date.data,
            "planned_eur": self.planned_eur.data, "required_report_id": self.required_report_id.data,
            "paid_date": self.paid_date.data, "paid_eur": self.paid_eur.data, "remove": bool(self.remove.data),
        }


class InstalmentsForm(FlaskForm):
    instalments = FieldList(FormField(InstalmentRow), min_entries=0, max_entries=50)

    def rows(self):
        return [entry.form.as_row() for entry in self.instalments if not entry.form.is_blank]


class ReportRow(Form):
    report_id = HiddenField(filters=[_id_or_none])
    kind = SelectField(_l("Report"), choices=[(k.value, k.title) for k in ReportKind])
    period_start = DateField(_l("Period from"), validators=[Optional()])
    period_end = DateField(_l("Period to"), validators=[Optional()])
    due_date = DateField(_l("Due on"), validators=[Optional()])
    remove = BooleanField(_l("Remove"))

    @property
    def is_blank(self):
        return (self.report_id.data is None and self.period_start.data is None
                and self.period_end.data is None and self.due_date.data is None)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.is_blank or self.remove.data:
            return valid
        _require(self.period_start, _l("Give the first day of the period."))
        _require(self.period_end, _l("Give the last day of the period."))
        _require(self.due_date, _l("Give the date the report is due."))
        return valid and not any(field.errors for field in self)

    def as_row(self):
        return {
            "report_id": self.report_id.data, "kind": self.kind.data, "period_start": self.period_start.data,
            "period_end": self.period_end.data, "due_date": self.due_date.data, "remove": bool(self.remove.data),
        }


class ScheduleForm(FlaskForm):
    reports = FieldList(FormField(ReportRow), min_entries=0, max_entries=50)

    def rows(self):
        return [entry.form.as_row() for entry in self.reports if not entry.form.is_blank]


def _require(field, message):
    if field.data is None and not field.errors:
        field.errors.append(message)


def _positive(field):
    if field.data is not None and field.data <= 0 and not field.errors:
        field.errors.append(_l("The amount must be more than zero."))
