"""Browser tests: the portal served by a live server on 127.0.0.1, driven through the system
Chromium by Playwright, with axe-core checking the accessibility of each page.

These tests run once, on SQLite: they use their own app (`live_server`), never the `app`
fixture of tests/conftest.py, which is parametrized on database backends.

axe-core: tests/browser/vendor/axe.min.js is axe-core 4.14.1 (Mozilla Public License 2.0),
taken unmodified from `npm pack axe-core` (package/axe.min.js). To update it:
    cd /tmp && npm pack axe-core && tar xzf axe-core-*.tgz && cp package/axe.min.js <here>/vendor/
and change AXE_VERSION in tests/browser/helpers.py, which holds assert_accessible.
"""

import os
import re
import shutil
import threading

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from portal import create_app
from portal.config import TestingConfig
from portal.core.mail import get_sender
from portal.extensions import db, limiter
from portal.indicators.seed import load_indicator_catalogue
from portal.programme.reference_data import load_reference_data
from tests.conftest import _clear_tables

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# --- the live server ------------------------------------------------------------------------

class LiveServer:
    """The portal served over HTTP in a thread of the test process."""

    def __init__(self, app, url):
        self.app = app
        self.url = url

    def delivered_mail(self):
        """The messages the memory sender delivered since the test began."""
        return get_sender(self.app).sent

    def link_in_last_mail(self, to):
        """The first link to this portal in the newest message delivered to an address."""
        messages = [m for m in self.delivered_mail() if m["To"] == to]
        assert messages, f"no message was delivered to {to}"
        body = messages[-1].get_content()
        match = re.search(re.escape(self.url) + r"/\S+", body)
        assert match, f"no link to {self.url} in the message to {to}:\n{body}"
        return match.group(0)


class QuietRequestHandler(WSGIRequestHandler):
    """Keeps the request log out of the test output; errors are still logged."""

    def log_request(self, code="-", size="-"):
        pass


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("browser-db") / "portal.sqlite3"
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        WTF_CSRF_ENABLED=True,
        MAIL_SENDER="memory",
        MAIL_FILE_DIR=str(tmp_path_factory.mktemp("browser-mail")),
    )
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # links in mails point to this server
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app, url)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live(live_server):
    """The live server, its tables emptied and the reference data loaded for this test."""
    app = live_server.app
    with app.app_context():
        _clear_tables()
        load_reference_data()
        load_indicator_catalogue()
        db.session.commit()
        limiter.reset()
        db.session.remove()
    app.extensions.pop("mail_sender", None)
    return live_server


# --- the browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        message = (
            "The browser tests need the system Chromium: no `chromium` on PATH. "
            "Install it (Debian: apt-get install chromium); Playwright cannot download its own here."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live):
    """Opens pages, each in a fresh browser context (its own cookies), closed after the test.

    The contexts bypass the Content-Security-Policy so that axe-core can be injected: a test
    that checks the policy itself asks for `bypass_csp=False`.
    """
    contexts = []

    def open_page(bypass_csp=True, viewport=None, **options):
        context = browser.new_context(
            base_url=live.url,
            bypass_csp=bypass_csp,
            locale="en-GB",
            viewport=viewport or {"width": 1280, "height": 900},
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
