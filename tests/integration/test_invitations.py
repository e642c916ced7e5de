"""Accounts come by invitation: single-use, expiring links sent through the outbox."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import Invitation, Membership, User
from portal.core.outbox import OutboxMessage
from portal.extensions import db

NEW_PASSWORD = "a quiet river in Tirana"  # noqa: S105


def invitation_link(email):
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient_email == email).order_by(OutboxMessage.id.desc())
    )
    return re.search(r"http://\S+/invitation/\S+", message.body).group(0)


def accept(client, link, name="Arta Hoxha", locale="sq", password=NEW_PASSWORD, confirm=None):
    return client.post(link, data={"name": name, "locale": locale, "password": password,
                                   "confirm": confirm or password})


def test_mission_invites_the_first_member_of_an_organisation(client, auth, make_user, make_organisation):
    organisation = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    auth.login(make_user("mission"))
    response = client.post("/people/invite", data={
        "name": "Arta Hoxha", "email": "Arta@Caritas.example", "role": "partner", "locale": "sq",
        "organisation_id": organisation.id, "country_code": "", "as_manager": "y"})
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient_email == "arta@caritas.example"
    assert message.locale == "sq"
    assert message.status == "sent"
    assert "Caritas Albania" in message.body


def test_the_invitee_creates_the_account_and_joins_as_manager(app, client, auth, make_user, make_organisation):
    organisation = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    auth.login(make_user("mission"))
    client.post("/people/invite", data={
        "name": "Arta Hoxha", "email": "arta@caritas.example", "role": "partner", "locale": "sq",
        "organisation_id": organisation.id, "country_code": "", "as_manager": "y"})
    client.post("/logout")
    invitee = app.test_client()
    link = invitation_link("arta@caritas.example")
    assert invitee.get(link).status_code == 200
    response = accept(invitee, link)
    assert response.location == "/"
    user = db.session.scalar(select(User).where(User.email == "arta@caritas.example"))
    assert user.role == "partner" and user.locale == "sq" and user.timezone == "Europe/Tirane"
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.organisation_id == organisation.id and membership.is_manager
    assert invitee.get("/").status_code == 200


def test_an_invitation_link_works_only_once(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "Katharina Weber", "email": "kw@experts.example",
                                        "role": "reviewer", "locale": "en", "organisation_id": 0})
    link = invitation_link("kw@experts.example")
    first, second = app.test_client(), app.test_client()
    accept(first, link)
    assert second.get(link).status_code == 410
    assert accept(second, link).status_code == 410


def test_an_expired_invitation_is_refused(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "N", "email": "late@example.org",
                                        "role": "reviewer", "locale": "en", "organisation_id": 0})
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at -= app.config["INVITATION_VALID_FOR"] + timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(invitation_link("late@example.org")).status_code == 410


def test_a_new_invitation_replaces_the_pending_one(app, client, auth, make_user):
    auth.login(make_user("mission"))
    for _ in range(2):
        client.post("/people/invite", data={"name": "N", "email": "twice@example.org",
                                            "role": "reviewer", "locale": "en", "organisation_id": 0})
    links = [re.search(r"http://\S+", m.body).group(0)
             for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    visitor = app.test_client()
    assert visitor.get(links[0]).status_code == 410
    assert visitor.get(links[1]).status_code == 200


def test_a_reviewer_invitation_leads_to_two_factor_enrolment(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "Petra Kovač", "email": "petra@experts.example",
                                        "role": "reviewer", "locale": "hr", "organisation_id": 0})
    invitee = app.test_client()
    response = accept(invitee, invitation_link("petra@experts.example"), name="Petra Kovač", locale="hr")
    assert response.location == "/login/two-factor/setup"
    assert invitee.get("/").status_code == 302  # not in until the second factor is set


def test_an_embassy_invitation_binds_the_country(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "Ambassade", "email": "amb@embassy.example",
                                        "role": "embassy", "locale": "fr", "organisation_id": 0,
                                        "country_code": "RS"})
    accept(app.test_client(), invitation_link("amb@embassy.example"), locale="fr")
    user = db.session.scalar(select(User).where(User.email == "amb@embassy.example"))
    assert user.role == "embassy" and user.country_code == "RS" and user.timezone == "Europe/Belgrade"


def test_embassy_invitation_without_a_country_is_refused_with_the_form_kept(client, auth, make_user):
    auth.login(make_user("mission"))
    response = client.post("/people/invite", data={"name": "Ambassade de France", "email": "amb@embassy.example",
                                                   "role": "embassy", "locale": "fr", "organisation_id": 0})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the embassy&#39;s country." in page
    assert 'value="Ambassade de France"' in page
    assert db.session.scalar(select(Invitation)) is None


def test_inviting_an_existing_account_is_refused(client, auth, make_user, make_partner):
    existing = make_partner()
    auth.login(make_user("mission"))
    response = client.post("/people/invite", data={"name": "X", "email": existing.email.upper(),
                                                   "role": "reviewer", "locale": "en", "organisation_id": 0})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_a_manager_invites_a_colleague_in_the_organisations_language(client, auth, make_partner):
    manager = make_partner(manager=True)
    organisation = manager.organisations[0]
    auth.login(manager)
    page = client.get(f"/organisations/{organisation.id}/invite").get_data(as_text=True)
    assert re.search(r'<option selected value="sr">', page)
    response = client.post(f"/organisations/{organisation.id}/invite",
                           data={"name": "Colleague", "email": "colleague@example.org", "locale": "sr"})
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation))
    assert invitation.organisation_id == organisation.id and invitation.role == "partner"
    assert not invitation.as_manager


def test_a_member_who_is_not_manager_cannot_invite(client, auth, make_partner):
    member = make_partner(manager=False)
    auth.login(member)
    organisation_id = member.organisations[0].id
    assert client.get(f"/organisations/{organisation_id}/invite").status_code == 403
    assert client.post(f"/organisations/{organisation_id}/invite",
                       data={"name": "X", "email": "x@example.org", "locale": "en"}).status_code == 403


def test_a_weak_password_is_refused_and_the_name_kept(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "N", "email": "weak@example.org",
                                        "role": "reviewer", "locale": "en", "organisation_id": 0})
    response = accept(app.test_client(), invitation_link("weak@example.org"), name="Ana Rusu",
                      password="password1234")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "too common" in page and 'value="Ana Rusu"' in page


def test_withdrawing_an_invitation_kills_its_link(app, client, auth, make_user):
    auth.login(make_user("mission"))
    client.post("/people/invite", data={"name": "N", "email": "gone@example.org",
                                        "role": "reviewer", "locale": "en", "organisation_id": 0})
    invitation = db.session.scalar(select(Invitation))
    client.post(f"/invitations/{invitation.id}/revoke")
    assert app.test_client().get(invitation_link("gone@example.org")).status_code == 410
