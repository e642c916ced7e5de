"""A user sees and downloads what the portal holds about them, and nothing about anyone else;
and the forms where partners write their story warn them never to name victims."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.api.models import ApiToken
from portal.auth.models import Invitation, PasswordReset
from portal.core.audit import AuditEvent, record
from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage
from portal.core.tokens import new_token
from portal.extensions import db
from portal.grants.models import Grant, Proposal, ProposalStatus
from portal.reports.models import Report, ReportStatus
from tests.factories import make_call, make_organisation, make_user

VICTIMS_WARNING = "Never name victims or give details that could identify them."


@pytest.fixture
def atina(app):
    return make_organisation(name="Atina", country_code="RS")


@pytest.fixture
def jelena(atina):
    """A manager at Atina, with something of each kind the portal keeps about people."""
    user = make_user("partner", name="Jelena Petrović", email="jelena@atina.example", organisation=atina,
                     manager=True, two_factor_on=True, timezone="Europe/Belgrade")
    user.last_login_at = utcnow()
    user.failed_logins = 2
    token, _secret = ApiToken.issue(user, "Monitoring export")
    db.session.add(token)
    db.session.add(PasswordReset(token_hash=new_token()[1], user=user, expires_at=utcnow() + timedelta(hours=1)))
    db.session.add(Invitation(token_hash=new_token()[1], email="milica@atina.example", name="Milica", role="partner",
                              organisation=atina, invited_by=user, expires_at=utcnow() + timedelta(days=7)))
    db.session.add(OutboxMessage(kind="invitation", recipient_email=user.email, recipient=user, locale="sr",
                                 subject="Welcome to the portal", body="Open https://portal.example/secret-link\n"))
    db.session.add(Proposal(call=make_call(countries=["RS"]), organisation=atina, created_by=user,
                            title="Safe house in Niš", language="sr", countries=[atina.country]))
    record("session.login", actor=user)
    db.session.commit()
    return user


@pytest.fixture
def someone_else(atina):
    """A colleague in the same organisation: theirs must never appear in Jelena's data."""
    user = make_user("partner", name="Dragana Colleague", email="dragana@atina.example", organisation=atina)
    token, _secret = ApiToken.issue(user, "Dragana's private token")
    db.session.add(token)
    db.session.add(OutboxMessage(kind="invitation", recipient_email=user.email, recipient=user, locale="sr",
                                 subject="A message for Dragana", body="Body\n"))
    record("session.login", actor=user)
    db.session.commit()
    return user


def secrets_of(user):
    return {
        "password hash": user.password_hash,
        "two-factor secret": user.totp_secret,
        **{f"token hash {t.name}": t.token_hash for t in db.session.scalars(select(ApiToken).filter_by(user=user))},
        **{f"reset token hash {r.id}": r.token_hash
           for r in db.session.scalars(select(PasswordReset).filter_by(user=user))},
        **{f"invitation token hash {i.email}": i.token_hash
           for i in db.session.scalars(select(Invitation).filter_by(invited_by=user))},
    }


def test_the_account_page_links_to_the_personal_data(client, auth, jelena):
    auth.login(jelena)
    html = client.get("/account").get_data(as_text=True)
    assert 'href="/account/data"' in html and "Manage your API tokens" in html


def test_a_user_sees_what_the_portal_holds_about_them(client, auth, jelena, someone_else):
    auth.login(jelena)
    response = client.get("/account/data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for held in ("Jelena Petrović", "jelena@atina.example", "Europe/Belgrade", "Atina", "Monitoring export",
                 "milica@atina.example", "Welcome to the portal", "Safe house in Niš", "session.login"):
        assert held in html, held
    assert 'href="/account/data.json"' in html
    assert "<caption>" in html and 'scope="col"' in html
    for theirs in ("dragana@atina.example", "Dragana's private token", "A message for Dragana"):
        assert theirs not in html, theirs
    for name, secret in secrets_of(jelena).items():
        assert secret not in html, name
    assert "secret-link" not in html  # a message's body may carry a link: never shown


def test_the_download_holds_it_all_and_no_secret(client, auth, jelena, someone_else):
    auth.login(jelena)
    response = client.get("/account/data.json", environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["profile"]["email"] == "jelena@atina.example"
    assert data["profile"]["timezone"] == "Europe/Belgrade"
    assert [(m["organisation"], m["manager"]) for m in data["memberships"]] == [("Atina", True)]
    assert [t["name"] for t in data["api_tokens"]] == ["Monitoring export"]
    assert data["sign_in"]["two_factor_enrolled"] is True and data["sign_in"]["failed_logins"] == 2
    assert data["sign_in"]["last_login_at"]
    assert [i["email"] for i in data["invitations_sent"]] == ["milica@atina.example"]
    assert [m["subject"] for m in data["messages"]] == ["Welcome to the portal"]
    assert [p["title"] for p in data["proposals_created"]] == ["Safe house in Niš"]
    assert data["audit_events"]["count"] == 1 and data["audit_events"]["events"][0]["action"] == "session.login"
    assert len(data["password_resets"]) == 1
    for key in ("password_hash", "totp_secret", "token_hash", "body"):
        assert f'"{key}"' not in text, key
    for name, secret in secrets_of(jelena).items():
        assert secret and secret not in text, name
    assert "secret-link" not in text
    for theirs in ("dragana", "Dragana's private token", "A message for Dragana", str(someone_else.password_hash)):
        assert theirs.lower() not in text.lower(), theirs


def test_the_download_is_recorded(client, auth, jelena):
    auth.login(jelena)
    client.get("/account/data.json", environ_base={"REMOTE_ADDR": "192.0.2.44"})
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.data_export")).all()
    assert event.actor_id == jelena.id and event.remote_addr == "192.0.2.44"
    assert (event.object_type, event.object_id) == ("User", str(jelena.id))


@pytest.mark.parametrize("role", ["reviewer", "embassy", "mission"])
def test_every_role_takes_its_own_data_only(client, auth, role, jelena):
    user = make_user(role)
    auth.login(user)
    data = client.get("/account/data.json").get_json()
    assert data["profile"]["email"] == user.email and data["profile"]["role"] == role
    assert "jelena" not in json.dumps(data)
    assert client.get("/account/data").status_code == 200


def test_a_visitor_is_asked_to_sign_in(client):
    for url in ("/account/data", "/account/data.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


# --- the warning never to name victims, on every form where partners write their story ----------


def test_narrative_forms_warn_never_to_name_victims(client, auth, atina, jelena):
    call = make_call(countries=["RS"])
    draft = Proposal(call=call, organisation=atina, created_by=jelena, title="Draft", language="en",
                     countries=[atina.country])
    approved = Proposal(call=call, organisation=atina, created_by=jelena, title="Shelter", language="en",
                        countries=[atina.country], status=ProposalStatus.APPROVED, start_date=date(2026, 1, 1),
                        end_date=date(2026, 12, 31), requested_eur=Decimal("20000"))
    grant = Grant(reference="THB-TEST-900", proposal=approved, organisation=atina, amount_eur=Decimal("20000"),
                  start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    draft_report = Report(grant=grant, kind="interim", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
                          due_date=date.today() + timedelta(days=30), language="en")
    sent_back = Report(grant=grant, kind="final", period_start=date(2026, 7, 1), period_end=date(2026, 12, 31),
                       due_date=date.today() + timedelta(days=60), language="en",
                       status=ReportStatus.CHANGES_REQUESTED, first_submitted_at=utcnow(), submitted_at=utcnow())
    db.session.add_all([draft, grant, draft_report, sent_back])
    db.session.commit()
    auth.login(jelena)
    for url in (f"/proposals/{draft.id}/edit", f"/reports/{draft_report.id}/edit", f"/reports/{sent_back.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert VICTIMS_WARNING in response.get_data(as_text=True), url
