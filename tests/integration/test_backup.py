"""A backup restored into an empty database gives back every record and every attachment."""

import hashlib
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import TestingConfig
from portal.core.files import StoredFile, storage
from portal.extensions import db
from portal.ops import backup
from tests.factories import make_user
from tests.integration.test_grant_management import a_grant, accept


def some_records():
    grant = a_grant(reference="THB-2026-042")
    accept(grant.reports[0], lines=["1200.50"], values=[("C3.2", "7")])
    data = "Reçu n° 7 — Тирана".encode()
    stored = StoredFile(storage_key=storage().save(data), filename="reçu.pdf", content_type="application/pdf",
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=make_user("partner"))
    db.session.add(stored)
    db.session.commit()
    return stored.storage_key, data


def empty_database_like(url, tmp_path):
    """A new, empty database on the same server (or a new SQLite file)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    name = f"{url.database}_restore"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_a_backup_restores_into_an_empty_database_with_every_record(app, tmp_path):
    key, data = some_records()
    archive = tmp_path / "portal.tar.gz"
    manifest = backup.backup(archive)
    assert manifest["rows"]["grants"] == 1 and manifest["attachments"] == 1

    target = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_like(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path), ATTACHMENT_STORAGE=f"file://{tmp_path / 'restored'}")
    with target.app_context():
        restored = backup.restore(archive)
        assert restored["rows"] == manifest["rows"]
        assert db.session.scalar(sa.text("SELECT reference FROM grants")) == "THB-2026-042"
        amount = db.session.scalar(sa.text("SELECT amount_eur FROM financial_lines"))
        assert Decimal(str(amount)) == Decimal("1200.50")
        assert storage().read(key) == data
        with pytest.raises(backup.BackupError, match="not empty"):
            backup.restore(archive)  # never over live data
        db.session.remove()
        db.engine.dispose()


def test_the_commands_back_up_and_refuse_to_restore_over_data(app, tmp_path):
    some_records()
    archive = tmp_path / "cli.tar.gz"
    result = app.test_cli_runner().invoke(args=["portal", "backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 attachments" in result.output and archive.exists()
    result = app.test_cli_runner().invoke(args=["portal", "restore", str(archive)])
    assert result.exit_code != 0 and "not empty" in result.output
