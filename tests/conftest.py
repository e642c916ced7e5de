"""Fixtures: an app per database backend (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), migrated once per session; every test starts from empty tables plus reference data."""

import contextvars
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade

from portal import create_app
from portal.auth.sessions import load_user
from portal.config import TestingConfig
from portal.core.db import utcnow
from portal.extensions import db, limiter
from portal.indicators.seed import load_indicator_catalogue
from portal.programme.reference_data import load_reference_data
from tests import factories

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_sessionstart(session):
    """Compile the catalogues, so that tests never read stale translations."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-f", "-d", "translations"],
        cwd=ROOT, check=True, capture_output=True,
    )


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _database_url(backend, tmp_path_factory):
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
    url = os.environ["TEST_DATABASE_URL"]
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _empty_schema(url):
    """Drop what an earlier run left, so the migrations build the schema from nothing."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


class FreshContextClient(FlaskClient):
    """Runs each request in its own application context, as in production.

    The tests hold an app context for their own queries; without this, requests would share
    its `g` (and so the signed-in user) and its database session.
    """

    def open(self, *args, **kwargs):
        def request_in_fresh_context():
            _cv_app.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        response = contextvars.copy_context().run(request_in_fresh_context)
        if _cv_app.get(None) is not None:
            db.session.expire_all()  # the test's own objects see what the request wrote
        return response


@pytest.fixture(scope="session", params=BACKENDS)
def backend_app(request, tmp_path_factory):
    url = _database_url(request.param, tmp_path_factory)
    _empty_schema(url)
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_FILE_DIR=str(tmp_path_factory.mktemp("mail")),
    )
    with app.app_context():
        upgrade()
    app.backend = request.param
    app.test_client_class = FreshContextClient
    return app


def _clear_tables():
    tables = reversed(db.metadata.sorted_tables)
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(table.name for table in db.metadata.sorted_tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(backend_app):
    """The app of one backend, its tables emptied and the reference data loaded."""
    with backend_app.app_context():
        _clear_tables()
        load_reference_data()
        load_indicator_catalogue()
        db.session.commit()
        limiter.reset()
        backend_app.extensions.pop("mail_sender", None)
        yield backend_app
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organisation(app):
    return factories.make_organisation


@pytest.fixture
def make_user(app):
    return factories.make_user


@pytest.fixture
def make_partner(app):
    return factories.make_partner


class Auth:
    """Signs a test client in as a user without going through the forms."""

    def __init__(self, client):
        self.client = client

    def login(self, user):
        assert load_user(user.get_id()) is not None
        now = utcnow().timestamp()
        with self.client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["login_at"] = now
            session["seen_at"] = now
        return user

    def age_session(self, idle=timedelta(0), since_login=timedelta(0)):
        with self.client.session_transaction() as session:
            session["seen_at"] -= idle.total_seconds()
            session["login_at"] -= since_login.total_seconds()


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def outbox(app):
    """The messages the memory sender delivered during the test."""
    from portal.core.mail import get_sender

    return get_sender(app).sent
