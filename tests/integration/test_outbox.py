"""The outbox: every message is a row, sent by a pluggable sender, retried on failure."""

from datetime import timedelta

from sqlalchemy import select

from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage, deliver_due_messages, queue_message
from portal.extensions import db


class BrokenSender:
    def send(self, message, sender_address):
        raise ConnectionRefusedError("SMTP server unreachable")


def queue_test_message(email="someone@example.org", locale="fr"):
    invitation = type("Invitation", (), {"name": "Ana", "organisation": None, "role": "reviewer",
                                         "expires_at": utcnow() + timedelta(days=14)})()
    message = queue_message("invitation", email, locale,
                            {"invitation": invitation, "link": "http://x/invitation/t", "inviter_name": None})
    db.session.commit()
    return message


def test_a_message_is_rendered_in_the_recipients_language(app):
    message = queue_test_message(locale="fr")
    assert message.subject == "Votre invitation au portail des partenaires THB"
    assert "Bonjour Ana" in message.body


def test_the_memory_sender_delivers_and_marks_sent(app, outbox):
    queue_test_message()
    assert deliver_due_messages() == (1, 0)
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "sent" and message.sent_at is not None
    assert outbox[-1]["To"] == "someone@example.org"
    assert outbox[-1]["Content-Language"] == "fr"


def test_a_failed_message_is_retried_later_then_given_up(app):
    app.extensions["mail_sender"] = BrokenSender()
    queue_test_message()
    assert deliver_due_messages() == (0, 1)
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "queued" and message.attempts == 1
    assert "unreachable" in message.last_error
    assert message.next_attempt_at > utcnow()
    assert deliver_due_messages() == (0, 0)  # not due yet
    for _ in range(app.config["MAIL_MAX_ATTEMPTS"] - 1):
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        deliver_due_messages()
    assert db.session.get(OutboxMessage, message.id).status == "failed"


def test_the_mission_sees_the_outbox_and_sends_a_failed_message_again(app, client, auth, make_user):
    app.extensions["mail_sender"] = BrokenSender()
    message = queue_test_message()
    message.status = "failed"
    db.session.commit()
    auth.login(make_user("mission"))
    page = client.get("/mission/outbox/?status=failed").get_data(as_text=True)
    assert message.subject in page
    app.extensions.pop("mail_sender")
    client.post(f"/mission/outbox/{message.id}/retry")
    assert db.session.get(OutboxMessage, message.id).status == "sent"


def test_the_file_sender_writes_eml_files(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SENDER", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_DIR", str(tmp_path))
    app.extensions.pop("mail_sender", None)
    queue_test_message()
    deliver_due_messages()
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    assert "Subject: " in files[0].read_text()
    app.extensions.pop("mail_sender", None)


def test_partners_cannot_see_the_outbox(client, auth, make_partner):
    auth.login(make_partner())
    assert client.get("/mission/outbox/").status_code == 403


def test_a_message_another_process_is_sending_is_not_sent_twice(app, outbox):
    from portal.core.outbox import _claim

    message = queue_test_message()
    assert _claim(message.id)  # another worker won it first
    assert not _claim(message.id)  # nobody else can
    assert deliver_due_messages() == (0, 0)
    assert outbox == []


def test_a_request_sends_its_own_messages_not_the_others_queued(app, client, auth, make_user, outbox):
    waiting = queue_test_message(email="earlier@example.org")
    mission = make_user("mission")
    auth.login(mission)
    response = client.post("/people/invite", data={"email": "new.reviewer@example.org", "name": "Vera",
                                                   "role": "reviewer", "locale": "en"})
    assert response.status_code == 302
    assert [message["To"] for message in outbox] == ["new.reviewer@example.org"]
    assert db.session.get(OutboxMessage, waiting.id).status == "queued"  # the cron's to send
