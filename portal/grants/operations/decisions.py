"""The mission's decisions: approve (which creates the grant), ask for a revision, or reject.
Operations check the domain's rules, flush and record; the request commits."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.db import end_of_day
from portal.core.errors import OperationRefused
from portal.core.money import to_money
from portal.core.outbox import queue_message
from portal.core.urls import absolute_url
from portal.extensions import db
from portal.grants.models import Decision, Grant, Outcome, ProposalStatus
from portal.grants.operations.grants import propose_defaults
from portal.programme.models import ProgrammeYear

STATUS_AFTER = {
    Outcome.APPROVE: ProposalStatus.APPROVED,
    Outcome.REVISE: ProposalStatus.REVISION_REQUESTED,
    Outcome.REJECT: ProposalStatus.REJECTED,
}


def decide(proposal, decided_by, outcome, amount_eur=None, conditions="", reason="", revision_due=None):
    """Decide on the submitted proposal's latest version and tell every member of its organisation.

    Approve: an amount above zero and at most the amount asked, with conditions; creates the
    grant. Revise: a reason and the date by which the revised version is due; the partner edits
    and resubmits. Reject: a reason.
    """
    # Lock the proposal's row: of two decisions sent at once, the second finds it decided (PostgreSQL).
    db.session.refresh(proposal, with_for_update=True)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise OperationRefused(_l("Only a submitted proposal can be decided on."))
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise OperationRefused(_l("Choose a decision.")) from None
    conditions, reason = (conditions or "").strip(), (reason or "").strip()
    if outcome == Outcome.APPROVE:
        amount_eur = _granted_amount(proposal, amount_eur)
    else:
        amount_eur = None
        if not reason:
            raise OperationRefused(_l("Give the reason: the partner will read it."))
    if outcome == Outcome.REVISE and revision_due is None:
        raise OperationRefused(_l("Give the date by which the revised version is due."))
    decision = Decision(
        proposal=proposal, outcome=outcome, amount_eur=amount_eur,
        conditions=conditions if outcome == Outcome.APPROVE else "",
        reason=reason, version_number=proposal.versions[-1].number, decided_by_id=decided_by.id,
    )
    db.session.add(decision)
    before = proposal.status
    proposal.status = STATUS_AFTER[outcome]
    if outcome == Outcome.REVISE:
        # Reviews come after the call's deadline: the partner needs time of its own to resubmit.
        proposal.extension_until = end_of_day(revision_due, proposal.call.timezone)
    db.session.flush()
    audit.record("proposal.decide", proposal, before={"status": before}, after={
        "status": proposal.status, "outcome": outcome.value, "decision": decision.id,
        "version": decision.version_number, "amount_eur": str(amount_eur) if amount_eur is not None else None,
        "revision_due": revision_due.isoformat() if revision_due else None,
    })
    if outcome == Outcome.APPROVE:
        _create_grant(proposal, decision)
    _tell_the_partner(proposal, decision)
    return decision


def _granted_amount(proposal, amount):
    if amount is None:
        raise OperationRefused(_l("Give the amount granted."))
    amount = to_money(Decimal(amount))
    if amount <= 0:
        raise OperationRefused(_l("The amount granted must be more than zero."))
    if amount > proposal.requested_eur:
        raise OperationRefused(_l("The amount granted cannot exceed the amount asked."))
    if proposal.start_date is None or proposal.end_date is None:
        raise OperationRefused(_l("The proposal has no start and end dates: a grant cannot be created."))
    return amount


def _create_grant(proposal, decision):
    year = proposal.call.programme_year
    grant = Grant(
        reference=next_grant_reference(year), proposal=proposal, organisation_id=proposal.organisation_id,
        amount_eur=decision.amount_eur, conditions=decision.conditions,
        start_date=proposal.start_date, end_date=proposal.end_date,
    )
    db.session.add(grant)
    db.session.flush()
    audit.record("grant.create", grant, after={
        "reference": grant.reference, "proposal": proposal.id, "amount_eur": str(grant.amount_eur),
        "start_date": grant.start_date.isoformat(), "end_date": grant.end_date.isoformat(),
    })
    propose_defaults(grant)  # every approved grant starts with a schedule and a plan
    return grant


def next_grant_reference(programme_year):
    """THB-<year>-<three-digit sequence within the year>: THB-2026-007."""
    # Lock the year's row so that two approvals at once never draw the same number (PostgreSQL).
    db.session.execute(select(ProgrammeYear.id).where(ProgrammeYear.id == programme_year.id).with_for_update())
    prefix = f"THB-{programme_year.year}-"
    taken = db.session.scalars(select(Grant.reference).where(Grant.reference.startswith(prefix, autoescape=True)))
    numbers = [int(reference[len(prefix):]) for reference in taken if reference[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _tell_the_partner(proposal, decision):
    link = absolute_url("grants.proposal", proposal_id=proposal.id)
    for membership in proposal.organisation.memberships:
        member = membership.user
        if not member.is_active:
            continue
        queue_message("decision", member.email, member.locale,
                      {"member": member, "proposal": proposal, "decision": decision, "link": link},
                      recipient=member)
