"""The benchmark's own databases: which one, its schema (the app's migrations), and whether the
programme already in it was generated with the same settings, so that it is generated once."""

import json
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from bench import generate, loader
from portal import MIGRATIONS_DIR, create_app
from portal.auth import two_factor
from portal.auth.models import User
from portal.auth.passwords import set_password
from portal.config import INSTANCE_DIR, TestingConfig
from portal.core.db import utcnow
from portal.extensions import db
from portal.indicators.seed import load_indicator_catalogue
from portal.programme.reference_data import load_reference_data

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
MARKER_TABLE = "bench_generation"
MISSION_EMAIL = "bench.mission@example.org"


def database_url(choice, scale):
    """`sqlite` (a file per scale under instance/bench/), `postgresql` (the `bench` database of the
    local server) or any SQLAlchemy URL."""
    if choice == "sqlite":
        folder = INSTANCE_DIR / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'annual-review-scale-{scale:g}.sqlite3'}"
    if choice == "postgresql":
        return POSTGRESQL_URL
    if choice.startswith("postgresql://"):
        return choice.replace("postgresql://", "postgresql+psycopg://", 1)
    return choice


def backend_of(url):
    return make_url(url).get_backend_name()


def make_app(url, **overrides):
    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, MAIL_SENDER="memory", **overrides)


def wanted_marker(scale, seed):
    head = ScriptDirectory(MIGRATIONS_DIR).get_current_head()
    return {"scale": scale, "seed": seed, "generator": generate.GENERATOR_VERSION, "migrations": head}


def read_marker(url):
    """What the database says of its generated programme, or None."""
    if backend_of(url) == "sqlite" and not Path(make_url(url).database or "").exists():
        return None
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(MARKER_TABLE):
                return None
            text = connection.execute(sa.text(f"SELECT value FROM {MARKER_TABLE} WHERE key = 'programme'")).scalar()
            return json.loads(text) if text else None
    except sa.exc.OperationalError:
        return None
    finally:
        engine.dispose()


def _ensure_postgresql_database(url):
    """Create the database the URL names when the server has no such database yet."""
    parsed = make_url(url)
    server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": parsed.database}).scalar()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    finally:
        server.dispose()


def _empty(url):
    if backend_of(url) == "sqlite":
        path = Path(make_url(url).database)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    _ensure_postgresql_database(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def prepare(url, scale, seed, regenerate=False, progress=True):
    """The database at `url` holding the programme of (scale, seed): reused when its marker says
    so, else built from nothing. Returns (generation seconds or None when reused, marker)."""
    wanted = wanted_marker(scale, seed)
    found = None if regenerate else read_marker(url)
    if found is not None and all(found.get(k) == v for k, v in wanted.items()):
        return None, found

    def say(message):
        if progress:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    say(f"Generating the programme (scale {scale:g}, seed {seed}) into {make_url(url).render_as_string()}")
    _empty(url)
    app = make_app(url)
    with app.app_context():
        upgrade()
        load_reference_data()
        load_indicator_catalogue()
        generate.add_synthetic_indicators()
        _mission_user()
        db.session.commit()
        say(f"  schema and reference data: {time.perf_counter() - started:.1f} s")
        with db.engine.connect() as connection:
            loader.prepare(connection)
            counts = generate.ProgrammeGenerator(connection, scale, seed, progress).run()
            connection.commit()
        say(f"  loaded: {time.perf_counter() - started:.1f} s; analysing")
        loader.finish(db.engine, counts)
        marker = dict(wanted, counts=counts, generation_s=round(time.perf_counter() - started, 1))
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE TABLE {MARKER_TABLE} (key VARCHAR(40) PRIMARY KEY, value TEXT)")
            connection.execute(sa.text(f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('programme', :value)"),
                               {"value": json.dumps(marker)})
        db.session.remove()
    elapsed = time.perf_counter() - started
    say(f"  done in {elapsed:.1f} s: {counts.get('indicator_values', 0):,} indicator values")
    return elapsed, marker


def _mission_user():
    """A mission account that has enrolled two-factor authentication, as every mission user has."""
    user = User(email=MISSION_EMAIL, name="Benchmark mission", role="mission", locale="en")
    set_password(user, two_factor.new_secret())  # nobody signs in with it: the benchmark writes the session
    user.totp_secret = two_factor.new_secret()
    user.totp_enabled_at = utcnow()
    db.session.add(user)


def mission_user():
    return db.session.scalar(sa.select(User).where(User.email == MISSION_EMAIL))
