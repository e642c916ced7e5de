"""The mission's decision on a proposal: approve with an amount, ask for a revision, or reject."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.core.forms import LocalizedDecimalField
from portal.grants.models import Outcome

TEXT_LIMIT = 20000


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[(Outcome.APPROVE.value, _l("Approve")), (Outcome.REVISE.value, _l("Ask for a revision")),
                 (Outcome.REJECT.value, _l("Reject"))],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    # No Optional() where a rule says when a value is needed: it would stop the rule from running.
    amount_eur = LocalizedDecimalField(_l("Amount granted (EUR)"),
                                       description=_l("For an approval: more than zero, at most the amount asked."))
    conditions = TextAreaField(_l("Conditions of the grant"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=TEXT_LIMIT)],
                           description=_l("For a revision or a rejection: the partner reads it."))
    revision_due = DateField(_l("Revised version due by"), validators=[Optional()],
                             description=_l("For a revision: the partner may resubmit until the end of this day."))

    def __init__(self, *args, requested=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested, self.today = requested, today

    @property
    def chosen(self):
        return Outcome(self.outcome.data) if self.outcome.data in set(Outcome) else None

    def validate_amount_eur(self, field):
        if self.chosen != Outcome.APPROVE or field.process_errors:
            return
        if field.data is None:
            raise ValidationError(_l("Give the amount granted."))
        if field.data <= 0:
            raise ValidationError(_l("The amount granted must be more than zero."))
        if self.requested is not None and field.data > self.requested:
            raise ValidationError(_l("The amount granted cannot exceed the amount asked."))

    def validate_reason(self, field):
        if self.chosen in (Outcome.REVISE, Outcome.REJECT) and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason: the partner will read it."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        due = self.revision_due
        if self.chosen == Outcome.REVISE and not due.errors:
            # Checked here: the field's Optional() ends its own chain when it is left empty.
            if due.data is None:
                due.errors = [_l("Give the date by which the revised version is due.")]
            elif self.today is not None and due.data < self.today:
                due.errors = [_l("The date must not be in the past.")]
            valid = valid and not due.errors
        return valid
