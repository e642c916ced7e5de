"""Writing, saving and submitting proposals. Operations flush; the request commits."""

from flask_babel import lazy_gettext as _l

from portal.core import audit
from portal.core.db import end_of_day, utcnow
from portal.core.errors import OperationRefused
from portal.core.files import store_upload
from portal.extensions import db
from portal.grants import budget
from portal.grants.completeness import submission_problems
from portal.grants.models import (
    BudgetLine,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalStatus,
    ProposalVersion,
)
from portal.grants.snapshot import take_snapshot


class EditConflict(OperationRefused):
    """Someone saved the proposal since this form was opened: nothing was overwritten."""


class SubmissionRefused(OperationRefused):
    def __init__(self, problems):
        super().__init__(_l("The proposal cannot be submitted yet."))
        self.problems = problems


def start_proposal(call, organisation, author):
    """A new draft for an organisation, in its author's language, in its own country."""
    proposal = Proposal(call=call, organisation=organisation, created_by=author,
                        language=author.locale, scope="bilateral")
    if organisation.country_code in call.country_codes:
        proposal.countries = [organisation.country]
    db.session.add(proposal)
    db.session.flush()
    audit.record("proposal.create", proposal, after={"call": call.id, "organisation": organisation.id})
    return proposal


def save_draft(proposal, expected_revision, *, title, summary, language, scope, country_codes,
               component_ids, priority_ids, start_date, end_date, activities, budget_lines, targets):
    """Save whatever is there, complete or not, unless someone saved in between."""
    if not proposal.is_editable:
        raise OperationRefused(_l("This proposal is submitted and can no longer be changed."))
    if expected_revision != proposal.revision:
        raise EditConflict(_l(
            "Someone else saved this proposal while you were editing it. Nothing of yours is lost: "
            "your text is still in the form below. Check the saved version, then save again."
        ))
    call = proposal.call
    proposal.title, proposal.summary, proposal.language = title, summary, language
    proposal.scope = scope
    # Only what the call offers can be chosen, whatever a crafted form may post.
    proposal.countries = [c for c in call.countries if c.code in set(country_codes)]
    proposal.components = [c for c in call.components if c.id in set(component_ids)]
    proposal.priorities = [p for p in call.priorities if p.id in set(priority_ids)]
    proposal.start_date, proposal.end_date = start_date, end_date
    proposal.activities = [ProposalActivity(position=n, **a) for n, a in enumerate(activities, 1)]
    proposal.budget_lines = [BudgetLine(position=n, **line) for n, line in enumerate(budget_lines, 1)]
    proposal.indicator_targets = [IndicatorTarget(**t) for t in targets]
    proposal.requested_eur = budget.requested_total(proposal.budget_lines)
    proposal.revision += 1
    proposal.updated_at = utcnow()
    db.session.flush()
    return proposal


def submit(proposal, author):
    """Freeze the proposal as a new immutable version and hand it to the mission."""
    if not proposal.is_editable:
        raise OperationRefused(_l("This proposal is already submitted."))
    problems = submission_problems(proposal)
    if problems:
        raise SubmissionRefused(problems)
    number = len(proposal.versions) + 1
    proposal.versions.append(ProposalVersion(number=number, snapshot=take_snapshot(proposal),
                                             submitted_by=author))
    before = proposal.status
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = utcnow()
    db.session.flush()
    audit.record("proposal.submit", proposal, before={"status": before},
                 after={"status": proposal.status, "version": number})
    return proposal.versions[-1]


def attach(proposal, upload, description, user):
    if not proposal.is_editable:
        raise OperationRefused(_l("This proposal is submitted and can no longer be changed."))
    stored = store_upload(upload, user)
    attachment = ProposalAttachment(proposal=proposal, file=stored, description=description.strip())
    db.session.add(attachment)
    db.session.flush()
    audit.record("proposal.attach", proposal, after={"file": stored.filename, "sha256": stored.sha256})
    return attachment


def detach(attachment):
    proposal = attachment.proposal
    if not proposal.is_editable:
        raise OperationRefused(_l("This proposal is submitted and can no longer be changed."))
    audit.record("proposal.detach", proposal, before={"file": attachment.file.filename})
    db.session.delete(attachment)


def grant_extension(proposal, last_day):
    """Let this proposal be submitted after the call's deadline, until the end of `last_day`."""
    if not proposal.is_editable:
        raise OperationRefused(_l("This proposal is already submitted."))
    until = end_of_day(last_day, proposal.call.timezone)
    before = proposal.extension_until.isoformat() if proposal.extension_until else None
    proposal.extension_until = until
    audit.record("proposal.extension", proposal, before={"until": before}, after={"until": until.isoformat()})

