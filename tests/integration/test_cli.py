"""The `flask portal` commands."""

from sqlalchemy import func, select

from portal.auth.models import Membership, Organisation, User
from portal.core.outbox import OutboxMessage
from portal.demo.loader import DEMO_PASSWORD
from portal.extensions import db
from portal.programme.models import Country, ProgrammeYear


def test_demo_builds_a_believable_programme(runner):
    result = runner.invoke(args=["portal", "demo"])
    assert result.exit_code == 0, result.output
    organisations = db.session.scalars(select(Organisation)).all()
    assert len(organisations) >= 20
    names = {o.name for o in organisations}
    assert {"Atina", "Caritas Albania"} <= names
    assert len({o.country_code for o in organisations}) == 16
    assert db.session.scalar(select(func.count(ProgrammeYear.id))) == 2
    embassies = db.session.scalars(select(User).where(User.role == "embassy")).all()
    assert sorted(u.country_code for u in embassies) == sorted(c.code for c in db.session.scalars(select(Country)))
    for membership in db.session.scalars(select(Membership)):
        user, organisation = membership.user, membership.organisation
        assert user.locale in organisation.country.languages, (user.email, user.locale)
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "reviewer")) >= 2
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "mission")) >= 1


def test_demo_with_if_empty_keeps_existing_data(runner):
    runner.invoke(args=["portal", "demo"])
    count = db.session.scalar(select(func.count(User.id)))
    result = runner.invoke(args=["portal", "demo", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output
    assert db.session.scalar(select(func.count(User.id))) == count


def test_demo_logins_print_every_role_and_the_demo_accounts_sign_in(app, runner):
    runner.invoke(args=["portal", "demo"])
    output = runner.invoke(args=["portal", "demo-logins"]).output
    for role in ("mission", "reviewer", "embassy", "partner"):
        assert f"  {role}" in output
    assert DEMO_PASSWORD in output and "TOTP secret" in output
    client = app.test_client()
    response = client.post("/login", data={"email": "contact@atina.example", "password": DEMO_PASSWORD})
    assert response.location == "/"


def test_totp_prints_the_current_code_of_a_demo_account(runner):
    runner.invoke(args=["portal", "demo"])
    user = db.session.scalar(select(User).where(User.role == "mission"))
    code = runner.invoke(args=["portal", "totp", user.email]).output.strip()
    assert code.isdigit() and len(code) == 6


def test_create_user_invites_through_the_outbox(runner):
    result = runner.invoke(args=["portal", "create-user", "--email", "Advisor@Mission.example",
                                 "--name", "Claire Martin", "--role", "mission"])
    assert result.exit_code == 0, result.output
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient_email == "advisor@mission.example" and "/invitation/" in message.body


def test_create_user_with_a_password_refuses_a_weak_one(runner):
    result = runner.invoke(args=["portal", "create-user", "--email", "a@mission.example", "--name", "A",
                                 "--password", "password1234"])
    assert result.exit_code != 0 and "too common" in result.output
    result = runner.invoke(args=["portal", "create-user", "--email", "a@mission.example", "--name", "A",
                                 "--password", "a much better passphrase"])
    assert result.exit_code == 0
    assert db.session.scalar(select(User)).needs_two_factor


def test_send_mail_delivers_what_is_queued(runner, app):
    from portal.auth.operations import invite

    with app.test_request_context():
        invite(None, email="e@emb.example", name="E", role="embassy", locale="fr", country_code="RS")
        db.session.commit()
    assert db.session.scalar(select(OutboxMessage.status)) == "queued"
    assert "1 sent, 0 failed" in runner.invoke(args=["portal", "send-mail"]).output
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"
