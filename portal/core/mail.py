"""Senders that deliver outbox messages: SMTP in production, files or console in
development, memory in tests. Chosen by MAIL_SENDER."""

import smtplib
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path


def build_email(message, sender_address):
    email = EmailMessage()
    email["From"] = sender_address
    email["To"] = message.recipient_email
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="thb-portal")
    email.set_content(message.body)
    email["Content-Language"] = message.locale.replace("_", "-")  # after: set_content clears it
    return email


class FileSender:
    """Writes each message as an .eml file: open them with any mail client."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def send(self, message, sender_address):
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.id:06d}-{message.kind}.eml"
        path.write_bytes(bytes(build_email(message, sender_address)))


class ConsoleSender:
    def send(self, message, sender_address):
        print(build_email(message, sender_address), file=sys.stderr)


class MemorySender:
    """Keeps what it sent, for tests."""

    def __init__(self):
        self.sent = []

    def send(self, message, sender_address):
        self.sent.append(build_email(message, sender_address))


class SMTPSender:
    def __init__(self, config):
        self.config = config

    def send(self, message, sender_address):
        config = self.config
        with smtplib.SMTP(config["MAIL_SMTP_HOST"], config["MAIL_SMTP_PORT"], timeout=30) as smtp:
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_SMTP_USER"]:
                smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"])
            smtp.send_message(build_email(message, sender_address))


def make_sender(config):
    kind = config["MAIL_SENDER"]
    if kind == "file":
        return FileSender(config["MAIL_FILE_DIR"])
    if kind == "console":
        return ConsoleSender()
    if kind == "memory":
        return MemorySender()
    if kind == "smtp":
        return SMTPSender(config)
    raise ValueError(f"unknown MAIL_SENDER {kind!r}")


def get_sender(app):
    if "mail_sender" not in app.extensions:
        app.extensions["mail_sender"] = make_sender(app.config)
    return app.extensions["mail_sender"]
