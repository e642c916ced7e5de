"""Forms of the review: assigning reviewers, declaring conflicts, scoring, embassy opinions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import CheckboxesField
from portal.grants.models import Opinion, Recommendation

TEXT_LIMIT = 20000


class AssignForm(FlaskForm):
    reviewer_ids = CheckboxesField(_l("Reviewers"), coerce=int)

    def validate_reviewer_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one reviewer."))


class BulkAssignForm(AssignForm):
    proposal_ids = CheckboxesField(_l("Proposals"), coerce=int)

    def validate_proposal_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one proposal."))


class DeclarationForm(FlaskForm):
    has_conflict = RadioField(
        _l("Conflict of interest"),
        choices=[("no", _l("I have no conflict of interest with this proposal or its organisation")),
                 ("yes", _l("I have a conflict of interest: I will not review this proposal"))],
        validators=[InputRequired(_l("Say whether you have a conflict of interest."))],
    )
    # No Optional(): it would end the chain before the rule below runs.
    note = TextAreaField(_l("What the conflict is"), validators=[Length(max=2000)],
                         description=_l("Kept on record for the mission; required when you declare a conflict."))

    def validate_note(self, field):
        if self.has_conflict.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Say in a few words what the conflict is."))


class ReviewFormBase(FlaskForm):
    recommendation = RadioField(_l("Recommendation"), validators=[Optional()],
                                choices=[(r.value, r.title) for r in Recommendation])
    comment = TextAreaField(_l("Overall comment"), validators=[Optional(), Length(max=TEXT_LIMIT)])

    criteria = ()

    def score_field(self, criterion):
        return self[f"score_{criterion.id}"]

    def comment_field(self, criterion):
        return self[f"comment_{criterion.id}"]

    def scores(self):
        """{criterion id: (value or None, comment)} as typed."""
        return {c.id: (self.score_field(c).data, (self.comment_field(c).data or "").strip()) for c in self.criteria}

    def require_complete(self):
        """For a submission: every criterion scored and a recommendation chosen. True if so."""
        complete = True
        for criterion in self.criteria:
            if self.score_field(criterion).data is None:
                score = self.score_field(criterion)
                score.errors = [*score.errors, _l("Score this criterion before you submit.")]
                complete = False
        if not self.recommendation.data:
            self.recommendation.errors = [_l("Choose a recommendation before you submit.")]
            complete = False
        return complete


def review_form(criteria, **kwargs):
    """A review form with a score and a comment for each criterion of the call, on its scale."""

    class ReviewForm(ReviewFormBase):
        pass

    for criterion in criteria:
        setattr(ReviewForm, f"score_{criterion.id}", IntegerField(
            _l("Score for %(criterion)s", criterion=criterion.name),
            validators=[Optional(), NumberRange(
                min=0, max=criterion.scale_max,
                message=_l("Give a whole number from 0 to %(max)d.", max=criterion.scale_max))],
            render_kw={"inputmode": "numeric", "min": 0, "max": criterion.scale_max},
            description=_l("From 0 to %(max)d", max=criterion.scale_max),
        ))
        setattr(ReviewForm, f"comment_{criterion.id}", TextAreaField(
            _l("Comment on %(criterion)s", criterion=criterion.name),
            validators=[Optional(), Length(max=TEXT_LIMIT)],
        ))
    ReviewForm.criteria = tuple(criteria)
    return ReviewForm(**kwargs)


class OpinionForm(FlaskForm):
    opinion = RadioField(_l("Opinion of the embassy"), choices=[(o.value, o.title) for o in Opinion],
                         validators=[InputRequired(_l("Choose an opinion."))])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=TEXT_LIMIT)],
                            description=_l("Required when the opinion is reserved or unfavourable."))

    def validate_comment(self, field):
        if self.opinion.data in (Opinion.RESERVED, Opinion.UNFAVOURABLE) and not (field.data or "").strip():
            raise ValidationError(_l("Say why the embassy has reservations."))
