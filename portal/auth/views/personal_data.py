"""What the portal holds about the signed-in person: a page, and the same as a JSON download.

Never a secret: no password hash, two-factor secret, token hash or link token. Messages are
listed by subject, never by body: a body may carry a sign-in or reset link.
"""

import json
from datetime import date, datetime

from flask import Response, render_template
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.api.models import ApiToken
from portal.auth.models import Invitation, Membership, PasswordReset
from portal.core.access import authorize
from portal.core.audit import AuditEvent, record
from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.grants.models import Proposal, ProposalVersion, ReviewAssignment
from portal.mission.views_audit import action_title
from portal.reports.models import Report, ReportVersion

AUDIT_EVENTS_ON_PAGE = 50


def personal_data():
    user = current_user._get_current_object()
    authorize("see_personal_data", user)
    return render_template("auth/personal_data.html", held=held_about(user, audit_limit=AUDIT_EVENTS_ON_PAGE),
                           action_title=action_title)


def personal_data_export():
    """All of it as JSON, to keep or to take elsewhere; the download is recorded."""
    user = current_user._get_current_object()
    authorize("export_personal_data", user)
    now = utcnow()
    body = json.dumps({"exported_at": now, **held_about(user)}, default=_plain, ensure_ascii=False, indent=2)
    record("account.data_export", user, actor=user)
    response = Response(body + "\n", mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename=f"personal-data-{now.date().isoformat()}.json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not held as JSON")


def _all(statement):
    return db.session.scalars(statement).all()


def held_about(user, audit_limit=None):
    """Everything the portal keeps about this person, as plain values (moments stay datetimes);
    `audit_limit` keeps only the latest of their audit events (the count is of all)."""
    return {
        "profile": {
            "id": user.id, "name": user.name, "email": user.email, "role": user.role, "language": user.locale,
            "timezone": user.timezone, "country": user.country_code, "active": user.is_active_account,
            "created_at": user.created_at,
        },
        "sign_in": {
            "last_login_at": user.last_login_at, "failed_logins": user.failed_logins,
            "last_failed_login_at": user.last_failed_login_at, "two_factor_enrolled": user.has_two_factor,
            "two_factor_enabled_at": user.totp_enabled_at,
        },
        "memberships": _memberships(user),
        "invitation_accepted": _invitations(Invitation.user_id == user.id),
        "invitations_sent": _invitations(Invitation.invited_by_id == user.id),
        "password_resets": [
            {"created_at": reset.created_at, "expires_at": reset.expires_at, "used_at": reset.used_at}
            for reset in _all(select(PasswordReset).where(PasswordReset.user_id == user.id)
                              .order_by(PasswordReset.created_at.desc()))
        ],
        "api_tokens": [
            {"name": token.name, "created_at": token.created_at, "expires_at": token.expires_at,
             "last_used_at": token.last_used_at, "revoked_at": token.revoked_at}
            for token in _all(select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
        ],
        "audit_events": _audit_events(user, audit_limit),
        "messages": [
            {"id": message.id, "subject": message.subject, "kind": message.kind, "language": message.locale,
             "status": message.status, "created_at": message.created_at, "sent_at": message.sent_at}
            for message in _all(select(OutboxMessage).where(or_(
                OutboxMessage.recipient_id == user.id, OutboxMessage.recipient_email == user.email))
                .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
        ],
        "proposals_created": [
            {"id": proposal.id, "title": proposal.title, "language": proposal.language, "status": proposal.status,
             "organisation": proposal.organisation.name, "created_at": proposal.created_at,
             "submitted_at": proposal.submitted_at}
            for proposal in _all(select(Proposal).where(Proposal.created_by_id == user.id)
                                 .options(selectinload(Proposal.organisation)).order_by(Proposal.id))
        ],
        "proposal_versions_submitted": [
            {"proposal_id": version.proposal_id, "title": version.proposal.title,
             "language": version.proposal.language, "number": version.number, "submitted_at": version.submitted_at}
            for version in _all(select(ProposalVersion).where(ProposalVersion.submitted_by_id == user.id)
                                .options(selectinload(ProposalVersion.proposal))
                                .order_by(ProposalVersion.submitted_at, ProposalVersion.id))
        ],
        "report_versions_submitted": [
            {"report_id": version.report_id, "grant": version.report.grant.reference, "kind": version.report.kind,
             "period_start": version.report.period_start, "period_end": version.report.period_end,
             "number": version.number, "submitted_at": version.submitted_at}
            for version in _all(select(ReportVersion).where(ReportVersion.submitted_by_id == user.id)
                                .options(selectinload(ReportVersion.report).selectinload(Report.grant))
                                .order_by(ReportVersion.submitted_at, ReportVersion.id))
        ],
        "review_assignments": [
            {"proposal_id": assignment.proposal_id, "title": assignment.proposal.title,
             "language": assignment.proposal.language,
             "assigned_at": assignment.assigned_at, "conflict_of_interest": assignment.has_conflict,
             "conflict_declared_at": assignment.declared_at,
             "review_submitted_at": assignment.review.submitted_at if assignment.review else None}
            for assignment in _all(select(ReviewAssignment).where(ReviewAssignment.reviewer_id == user.id)
                                   .options(selectinload(ReviewAssignment.proposal),
                                            selectinload(ReviewAssignment.review))
                                   .order_by(ReviewAssignment.assigned_at, ReviewAssignment.id))
        ],
    }


def _memberships(user):
    statement = (select(Membership).where(Membership.user_id == user.id)
                 .options(selectinload(Membership.organisation)).order_by(Membership.created_at, Membership.id))
    return [
        {"organisation_id": membership.organisation_id, "organisation": membership.organisation.name,
         "country": membership.organisation.country_code, "manager": membership.is_manager,
         "since": membership.created_at}
        for membership in _all(statement)
    ]


def _invitations(condition):
    statement = (select(Invitation).where(condition).options(selectinload(Invitation.organisation))
                 .order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return [
        {"email": invitation.email, "name": invitation.name, "role": invitation.role,
         "organisation": invitation.organisation.name if invitation.organisation else None,
         "country": invitation.country_code, "status": invitation.status, "created_at": invitation.created_at,
         "expires_at": invitation.expires_at, "accepted_at": invitation.accepted_at}
        for invitation in _all(statement)
    ]


def _audit_events(user, limit):
    """What they did, as the audit log recorded it: the values before and after are left out,
    they are about the objects changed (and may name other people), not about the person."""
    mine = AuditEvent.actor_id == user.id
    statement = select(AuditEvent).where(mine).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return {
        "count": db.session.scalar(select(func.count()).select_from(AuditEvent).where(mine)),
        "events": [
            {"action": event.action, "at": event.created_at, "remote_addr": event.remote_addr,
             "object_type": event.object_type, "object_id": event.object_id}
            for event in _all(statement)
        ],
    }
