"""Backups of the whole portal: the database and every attachment, in one archive.

SQLite is copied with its online backup API (consistent while the portal runs); PostgreSQL
with pg_dump in its custom format. Attachments are read through the storage backend, so a
backup taken from a local folder restores into S3-compatible storage and back.

    flask portal backup --output portal-2026-11-23.tar.gz
    flask portal restore portal-2026-11-23.tar.gz   (into an empty database)
"""

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from portal.core.files import StoredFile, storage
from portal.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.pgdump"
ATTACHMENTS = "attachments/"


class BackupError(Exception):
    pass


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _libpq_url(url):
    """The URL as pg_dump reads it: without SQLAlchemy's driver name."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _row_counts():
    return {table: db.session.scalar(select(func.count()).select_from(db.metadata.tables[table]))
            for table in sorted(db.metadata.tables) if inspect(db.engine).has_table(table)}


def backup(output):
    """Write the archive to `output` (a path); returns its manifest."""
    url = _url()
    db.session.commit()  # nothing of ours pending while we read
    with tempfile.TemporaryDirectory() as work:
        if url.get_backend_name() == "sqlite":
            database_file = Path(work) / SQLITE_NAME
            with sqlite3.connect(url.database) as source, sqlite3.connect(database_file) as target:
                source.backup(target)
        elif url.get_backend_name() == "postgresql":
            database_file = Path(work) / POSTGRES_NAME
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database_file), _libpq_url(url)])
        else:
            raise BackupError(f"no backup for {url.get_backend_name()}")
        keys = db.session.scalars(select(StoredFile.storage_key).order_by(StoredFile.id)).all()
        manifest = {
            "format": FORMAT, "created_at": datetime.now(UTC).isoformat(), "backend": url.get_backend_name(),
            "rows": _row_counts(), "attachments": len(keys),
        }
        with tarfile.open(output, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(database_file, arcname=database_file.name)
            for key in keys:
                _add_bytes(archive, ATTACHMENTS + key, storage().read(key))
    return manifest


def restore(archive_path):
    """Restore an archive into the configured database, which must be empty, and its storage."""
    url = _url()
    if _has_data():
        raise BackupError("the database is not empty: restore into a new, empty database")
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown backup format")
        if manifest["backend"] != url.get_backend_name():
            raise BackupError(f"a {manifest['backend']} backup cannot be restored into {url.get_backend_name()}")
        db.session.remove()
        db.engine.dispose()
        if url.get_backend_name() == "sqlite":
            source = archive.extractfile(SQLITE_NAME)
            copy = Path(work) / SQLITE_NAME
            copy.write_bytes(source.read())
            with sqlite3.connect(copy) as backup_copy, sqlite3.connect(url.database) as target:
                backup_copy.backup(target)
        else:
            dump = Path(work) / POSTGRES_NAME
            dump.write_bytes(archive.extractfile(POSTGRES_NAME).read())
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--dbname", _libpq_url(url), str(dump)])
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith(ATTACHMENTS):
                storage().put(member.name[len(ATTACHMENTS):], archive.extractfile(member).read())
    counts = _row_counts()
    missing = {table: rows for table, rows in manifest["rows"].items() if counts.get(table) != rows}
    if missing:
        raise BackupError(f"restored rows differ from the backup's: {missing}")
    return manifest


def _has_data():
    tables = [t for t in ("users", "organisations", "proposals") if inspect(db.engine).has_table(t)]
    return any(db.session.scalar(select(func.count()).select_from(db.metadata.tables[t])) for t in tables)


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _run(command):
    # The command is ours (pg_dump or pg_restore); its one variable part is the configured database URL.
    result = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                            env={**os.environ, "PGCONNECT_TIMEOUT": "10"}, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")
