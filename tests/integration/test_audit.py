"""Changes of state and access leave an audit event: who, when, from where, before and after."""

from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.extensions import db
from tests.factories import PASSWORD


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_sign_in_is_recorded_with_the_address(client, make_partner):
    partner = make_partner()
    client.post("/login", data={"email": partner.email, "password": PASSWORD},
                environ_base={"REMOTE_ADDR": "192.0.2.7"})
    (event,) = events("session.login")
    assert event.actor_id == partner.id and event.remote_addr == "192.0.2.7"


def test_an_access_change_records_before_and_after(client, auth, make_user):
    reviewer = make_user("reviewer")
    mission = auth.login(make_user("mission"))
    client.post(f"/people/{reviewer.id}/access", data={"role": "reviewer", "is_active": ""})
    (event,) = events("user.access")
    assert event.actor_id == mission.id
    assert event.before["active"] is True and event.after["active"] is False
    assert event.object_type == "User" and event.object_id == str(reviewer.id)


def test_the_audit_log_cannot_be_changed_or_deleted(app):
    import pytest
    import sqlalchemy as sa

    from portal.core.audit import AuditLogIsAppendOnly, record

    event = record("example.change", after={"amount": "10.00"})
    db.session.commit()
    event.after = {"amount": "99.00"}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        # Below the ORM too: the database itself refuses.
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text("UPDATE audit_events SET action = 'forged'"))
        db.session.rollback()
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text("DELETE FROM audit_events"))
        db.session.rollback()


def test_a_deleted_users_events_stay_without_their_actor(app):
    from portal.core.audit import AuditEvent, record
    from tests.factories import make_user

    user = make_user("partner")
    record("example.change", actor=user)
    db.session.commit()
    db.session.delete(user)
    db.session.commit()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "example.change"))
    assert event is not None and event.actor_id is None
