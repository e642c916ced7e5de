"""An append-only record of who changed what, when and from where."""

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from portal.core.db import created_at_column
from portal.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id = db.Column(db.Integer, primary_key=True)
    created_at = created_at_column()
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    remote_addr = db.Column(db.String(64), nullable=True)
    action = db.Column(db.String(80), nullable=False, index=True)
    object_type = db.Column(db.String(60), nullable=True)
    object_id = db.Column(db.String(60), nullable=True)
    before = db.Column(db.JSON, nullable=True)
    after = db.Column(db.JSON, nullable=True)

    actor = db.relationship("User")


def record(action, obj=None, *, before=None, after=None, actor=None):
    """Add an audit event to the current transaction; it commits with the change it records."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if obj is not None and sa.inspect(obj).identity is None:
        db.session.flush()  # the object needs its key before the event can name it
    event = AuditEvent(
        action=action,
        actor=actor,
        remote_addr=request.remote_addr if has_request_context() else None,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=_key(obj),
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


def _key(obj):
    """The primary key as text: an id, or a code for reference data such as countries."""
    if obj is None:
        return None
    identity = sa.inspect(obj).identity
    return ":".join(str(part) for part in identity) if identity else None


class AuditLogIsAppendOnly(Exception):
    pass


@sa.event.listens_for(AuditEvent, "before_update")
@sa.event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(_mapper, _connection, event):
    # Nobody edits or deletes the record of what happened; PostgreSQL refuses it too (migration 0006).
    raise AuditLogIsAppendOnly(f"audit event {event.id} cannot be changed or deleted")
