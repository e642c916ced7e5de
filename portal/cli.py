"""The `flask portal ...` commands for operators."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask import current_app
from flask.cli import AppGroup

from portal.annual import iati
from portal.auth import operations, two_factor
from portal.auth.models import User
from portal.auth.passwords import password_problem, set_password
from portal.auth.roles import Role
from portal.core.outbox import deliver_due_messages
from portal.demo.loader import DEMO_PASSWORD, database_is_empty, demo_logins, load_demo
from portal.extensions import db
from portal.indicators.seed import load_indicator_catalogue
from portal.ops import backup
from portal.programme.reference_data import load_reference_data
from portal.reports.reminders import send_reminders

portal_cli = AppGroup("portal", help="Operate the partner portal.")
ROOT = Path(__file__).resolve().parent.parent


@portal_cli.command("reference-data")
def reference_data_command():
    """Load the countries, currencies, components and indicators that are missing."""
    load_reference_data()
    load_indicator_catalogue()
    db.session.commit()
    click.echo("Reference data is loaded.")


@portal_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def demo_command(if_empty):
    """Create the demo programme (reference data, years, organisations, people)."""
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data: the demo is not loaded again.")
            return
        raise click.ClickException("The database is not empty; the demo needs an empty one.")
    load_demo()
    click.echo("The demo programme is loaded.")


@portal_cli.command("demo-logins")
def demo_logins_command():
    """Print one demo account of each role."""
    logins = demo_logins()
    if not logins:
        click.echo("No demo account in this database.")
        return
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
    for role, email, secret in logins:
        line = f"  {role:<9} {email}"
        if secret:
            line += f"   TOTP secret {secret}\n{'':12}current code: .venv/bin/flask --app wsgi portal totp {email}"
        click.echo(line)
    click.echo("  Every organisation, embassy and reviewer of the demo has an account too.\n")


@portal_cli.command("totp")
@click.argument("email")
def totp_command(email):
    """Print the current two-factor code of a demo account (development only)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Not available in production.")
    user = operations.user_by_email(email)
    if user is None or not user.totp_secret:
        raise click.ClickException("No such account with two-factor authentication.")
    click.echo(two_factor.current_code(user.totp_secret))


@portal_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default="mission")
@click.option("--country", help="ISO code, for an embassy user.")
@click.option("--locale", default="fr")
@click.option("--password", help="Set a password now instead of sending an invitation.")
def create_user_command(email, name, role, country, locale, password):
    """Create the first accounts: by invitation (sent through the outbox) or with a password."""
    if operations.user_by_email(email):
        raise click.ClickException("An account with this email address already exists.")
    if role == "partner":
        raise click.ClickException("Partners are invited from their organisation's page.")
    if role == "embassy" and not country:
        raise click.ClickException("An embassy user needs --country.")
    if password is None:
        operations.invite(None, email=email, name=name, role=role, locale=locale,
                          country_code=country)
        db.session.commit()
        deliver_due_messages()
        click.echo(f"Invitation queued for {email}.")
        return
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(str(problem))
    user = User(email=operations.normalise_email(email), name=name, role=role,
                country_code=country if role == "embassy" else None, locale=locale)
    set_password(user, password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Account created for {email}; two-factor enrolment follows at first sign-in."
               if user.needs_two_factor else f"Account created for {email}.")


@portal_cli.command("send-mail")
@click.option("--limit", default=500, show_default=True)
def send_mail_command(limit):
    """Deliver the queued outbox messages that are due (run it from cron in production)."""
    sent, failed = deliver_due_messages(limit=limit)
    click.echo(f"{sent} sent, {failed} failed (will be retried).")


@portal_cli.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this day.")
def remind_command(today):
    """Queue reminders of reports due in 21, 7 and 1 days, and of late ones (cron, daily)."""
    queued = send_reminders(today.date() if today else None)
    click.echo(f"{queued} reminders queued.")
    if queued and current_app.config["MAIL_DELIVER_AFTER_REQUEST"]:
        deliver_due_messages()


@portal_cli.command("iati")
@click.option("--year", type=int, required=True, help="The programme year whose approved grants to publish.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The XML file to write.")
def iati_command(year, output):
    """Write the IATI activity file (standard 2.03) of a programme year's approved grants."""
    grants = iati.approved_grants(year)
    if not grants:
        raise click.ClickException(f"No approved grant in {year}: an IATI file needs at least one activity.")
    Path(output).write_bytes(iati.activities_file(grants, current_app.config["IATI_REPORTING_ORG_REF"]))
    click.echo(f"{len(grants)} activities of {year} written to {output}.")


@portal_cli.group("translations")
def translations_group():
    """Keep the message catalogues up to date."""


@translations_group.command("update")
def translations_update():
    """Extract the messages, update every catalogue, and fill English from the source."""
    pot = ROOT / "translations" / "messages.pot"
    _pybabel(*EXTRACT_ARGUMENTS, "-o", str(pot), ".")
    _pybabel("update", "-i", str(pot), "-d", "translations", "--no-wrap", "--ignore-obsolete",
             "--no-fuzzy-matching")
    fill_source_language(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


@translations_group.command("compile")
def translations_compile():
    _pybabel("compile", "-d", "translations", "--use-fuzzy", "-f")


EXTRACT_ARGUMENTS = ("extract", "-F", "pyproject.toml", "-k", "_l", "-k", "_lp:1c,2", "--sort-output", "--no-wrap",
                     "--no-location", "--project", "thb-portal")


def fill_source_language(po_path):
    """The source strings are English: the English catalogue repeats them, plurals included."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        message.flags.discard("fuzzy")
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=0, no_location=True)


def _pybabel(*arguments):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *arguments], cwd=ROOT,  # noqa: S603 (fixed arguments)
                   check=True)


@portal_cli.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="The archive to write (default: instance/backups/portal-<moment>.tar.gz).")
def backup_command(output):
    """Back up the database and every attachment into one archive."""
    if output is None:
        folder = Path(current_app.instance_path) / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / f"portal-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar.gz"
    try:
        manifest = backup.backup(output)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{output}: {sum(manifest['rows'].values())} rows, {manifest['attachments']} attachments.")


@portal_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive):
    """Restore a backup into an empty database (and its attachments into the storage)."""
    try:
        manifest = backup.restore(archive)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {sum(manifest['rows'].values())} rows and {manifest['attachments']} attachments "
               f"from the backup of {manifest['created_at']}.")


def register(app):
    app.cli.add_command(portal_cli)
