"""Password reset by an emailed, single-use link; no hint whether an address has an account."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import PasswordReset, User
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from tests.factories import PASSWORD

NEW_PASSWORD = "seven bridges over the Danube"  # noqa: S105


def reset_link():
    message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    return re.search(r"http://\S+/password/reset/\S+", message.body).group(0)


def test_a_partner_resets_a_forgotten_password_in_their_language(app, client, make_partner):
    partner = make_partner(locale="fr")
    response = client.post("/password/forgot", data={"email": partner.email})
    assert response.location == "/login"
    message = db.session.scalar(select(OutboxMessage))
    assert message.locale == "fr" and message.recipient_email == partner.email
    link = reset_link()
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.location == "/login"
    assert client.post("/login", data={"email": partner.email, "password": PASSWORD}).status_code == 200
    assert client.post("/login", data={"email": partner.email, "password": NEW_PASSWORD}).location == "/"


def test_the_answer_is_the_same_for_an_unknown_address(client, make_partner):
    partner = make_partner()
    known = client.post("/password/forgot", data={"email": partner.email}, follow_redirects=True)
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage.recipient_email)) == partner.email


def test_a_reset_link_works_once(client, make_partner):
    partner = make_partner()
    client.post("/password/forgot", data={"email": partner.email})
    link = reset_link()
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get(link).status_code == 410


def test_a_reset_link_expires(app, client, make_partner):
    partner = make_partner()
    client.post("/password/forgot", data={"email": partner.email})
    reset = db.session.scalar(select(PasswordReset))
    reset.expires_at -= app.config["PASSWORD_RESET_VALID_FOR"] + timedelta(minutes=1)
    db.session.commit()
    assert client.get(reset_link()).status_code == 410


def test_a_reset_lifts_the_slow_down_and_ends_other_sessions(app, client, make_partner):
    partner = make_partner()
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": partner.email, "password": PASSWORD})
    for _ in range(8):
        client.post("/login", data={"email": partner.email, "password": "wrong password"})
    client.post("/password/forgot", data={"email": partner.email})
    client.post(reset_link(), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert db.session.get(User, partner.id).failed_logins == 0
    assert elsewhere.get("/").status_code == 302
    assert client.post("/login", data={"email": partner.email, "password": NEW_PASSWORD}).location == "/"


def test_mismatched_passwords_are_refused_clearly(client, make_partner):
    partner = make_partner()
    client.post("/password/forgot", data={"email": partner.email})
    response = client.post(reset_link(), data={"password": NEW_PASSWORD, "confirm": "something else entirely"})
    assert response.status_code == 200
    assert "The two passwords differ." in response.get_data(as_text=True)


def test_password_reset_requests_are_rate_limited(app, client, make_partner, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_RATE_LIMIT", "2 per minute")
    partner = make_partner()
    for _ in range(2):
        client.post("/password/forgot", data={"email": partner.email})
    assert client.post("/password/forgot", data={"email": partner.email}).status_code == 429
