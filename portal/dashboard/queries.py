"""Figures for the dashboards, each list scoped by the access policy."""

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import Invitation, Organisation, User
from portal.core.access import scope
from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.grants.models import Call, Proposal, ReviewAssignment
from portal.programme.models import ProgrammeYear
from portal.reports import queries as report_queries


def users_by_role():
    statement = scope(current_user, User).with_only_columns(User.role, func.count(User.id))
    return dict(db.session.execute(statement.group_by(User.role)).all())


def count_visible(model, *conditions):
    statement = scope(current_user, model).where(*conditions)
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def outbox_by_status():
    statement = scope(current_user, OutboxMessage).with_only_columns(
        OutboxMessage.status, func.count(OutboxMessage.id)
    )
    return dict(db.session.execute(statement.group_by(OutboxMessage.status)).all())


def mission_figures():
    return {
        "organisations": count_visible(Organisation),
        "users_by_role": users_by_role(),
        "pending_invitations": count_visible(
            Invitation,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        ),
        "outbox": outbox_by_status(),
    }


def programme_years():
    return db.session.scalars(
        scope(current_user, ProgrammeYear).order_by(ProgrammeYear.year.desc())
    ).all()


def organisations_in_view():
    return db.session.scalars(
        scope(current_user, Organisation).order_by(Organisation.name)
    ).all()


def reviewer_assignments():
    """The proposals assigned to the reviewer, newest first, with what each still needs."""
    return db.session.scalars(
        scope(current_user, ReviewAssignment)
        .options(selectinload(ReviewAssignment.proposal).selectinload(Proposal.organisation),
                 selectinload(ReviewAssignment.proposal).selectinload(Proposal.countries),
                 selectinload(ReviewAssignment.review))
        .order_by(ReviewAssignment.assigned_at.desc(), ReviewAssignment.id.desc())
    ).all()


def open_calls():
    """The published calls still open that this user may see (partners: those they can apply to)."""
    statement = scope(current_user, Call).where(Call.is_published, Call.deadline_at > utcnow())
    return db.session.scalars(statement.order_by(Call.deadline_at)).all()


def recent_proposals(limit=10):
    statement = scope(current_user, Proposal).options(selectinload(Proposal.organisation))
    return db.session.scalars(statement.order_by(Proposal.updated_at.desc()).limit(limit)).all()


def calls_with_proposal_counts():
    """Every call with its proposals counted by status, in one grouped query."""
    calls = db.session.scalars(scope(current_user, Call).order_by(Call.deadline_at.desc())).all()
    counts = db.session.execute(
        scope(current_user, Proposal)
        .with_only_columns(Proposal.call_id, Proposal.status, func.count(Proposal.id))
        .group_by(Proposal.call_id, Proposal.status)
    ).all()
    by_call = {}
    for call_id, status, count in counts:
        by_call.setdefault(call_id, {})[status] = count
    return [(call, by_call.get(call.id, {})) for call in calls]


def partner_reports(today=None):
    """The reports of the partner's organisations still to write (soonest due first) and the
    late ones, scoped by the access policy."""
    return report_queries.reports_to_write(today), report_queries.late_reports(today)
