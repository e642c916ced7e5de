"""Reads of the selection round, each list scoped by the access policy."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import Organisation
from portal.core.access import scope
from portal.core.audit import AuditEvent
from portal.core.search import matches
from portal.extensions import db
from portal.grants.models import Call, Proposal, ProposalTranslation
from portal.grants.models.proposal import proposal_components, proposal_countries, proposal_priorities

PROPOSAL_SORTS = {
    "updated": Proposal.updated_at.desc(),
    "title": func.lower(Proposal.title),
    "amount": Proposal.requested_eur.desc(),
    "status": Proposal.status,
}


def visible_calls():
    statement = scope(current_user, Call).options(selectinload(Call.countries), selectinload(Call.components))
    return db.session.scalars(statement.order_by(Call.deadline_at.desc())).all()


def visible_proposals(call_id=None, status=None, country=None, component_id=None, priority_id=None,
                      organisation_id=None, search=None, sort="updated"):
    statement = scope(current_user, Proposal).options(
        selectinload(Proposal.countries), selectinload(Proposal.organisation), selectinload(Proposal.call)
    )
    if call_id:
        statement = statement.where(Proposal.call_id == call_id)
    if status:
        statement = statement.where(Proposal.status == status)
    if organisation_id:
        statement = statement.where(Proposal.organisation_id == organisation_id)
    if country:
        statement = statement.where(Proposal.id.in_(
            select(proposal_countries.c.proposal_id).where(proposal_countries.c.country_code == country)))
    if component_id:
        statement = statement.where(Proposal.id.in_(
            select(proposal_components.c.proposal_id).where(proposal_components.c.component_id == component_id)))
    if priority_id:
        statement = statement.where(Proposal.id.in_(
            select(proposal_priorities.c.proposal_id).where(proposal_priorities.c.priority_id == priority_id)))
    if search and search.strip():
        # The title or the organisation, in any script and case (Cyrillic finds Latin, and back).
        statement = statement.where(matches(Proposal.search_key, search) | Proposal.organisation_id.in_(
            select(Organisation.id).where(matches(Organisation.search_key, search))))
    statement = statement.order_by(PROPOSAL_SORTS.get(sort, PROPOSAL_SORTS["updated"]), Proposal.id)
    return db.session.scalars(statement).all()


# What each recorded change of a proposal is called in its history.
HISTORY_TITLES = {
    "proposal.create": _l("Draft started"),
    "proposal.attach": _l("File attached"),
    "proposal.detach": _l("File removed"),
    "proposal.extension": _l("Deadline extended"),
    "proposal.submit": _l("Submitted"),
    "proposal.decide": _l("Decision recorded"),
    "proposal.opinion": _l("Embassy opinion recorded"),
}


def proposal_history(proposal):
    """Who changed the state of a proposal, and when: for those who may read the audit log."""
    statement = scope(current_user, AuditEvent).where(
        AuditEvent.object_type == "Proposal", AuditEvent.object_id == str(proposal.id)
    ).options(selectinload(AuditEvent.actor))
    return db.session.scalars(statement.order_by(AuditEvent.created_at, AuditEvent.id)).all()


def working_translations(proposal):
    """Translations made by reviewers or the mission, for those who may read or make them."""
    if not (current_user.is_mission or current_user.is_reviewer):
        return []  # the partner's own text is the partner's; embassies read the original
    return db.session.scalars(select(ProposalTranslation).where(ProposalTranslation.proposal_id == proposal.id)
                              .options(selectinload(ProposalTranslation.translator))
                              .order_by(ProposalTranslation.language)).all()
