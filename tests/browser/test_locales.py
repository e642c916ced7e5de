"""Every role's home page in every language: no visible text is left in English where the
language's catalogue has a translation for it."""

import pytest
from babel.support import Translations

from portal.auth import two_factor
from portal.demo.loader import DEMO_PASSWORD, demo_logins, load_demo
from portal.extensions import db
from tests.browser.helpers import enter_two_factor_code, path_of, sign_in_with_password
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ROLES = ("mission", "reviewer", "embassy", "partner")


def translated_messages(locale):
    """The English messages the locale's catalogue translates differently, as whole texts:
    those a page may show on a line of its own (no placeholders)."""
    catalogue = Translations.load(f"{ROOT}/translations", [locale])._catalog
    return {msgid for msgid, msgstr in catalogue.items()
            if isinstance(msgid, str) and msgid and msgstr and msgstr != msgid and "%(" not in msgid}


def visible_lines(page):
    return {line.strip() for line in page.locator("body").inner_text().splitlines() if line.strip()}


def switch_language(page, locale):
    page.locator("#language-select").select_option(locale)
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()


def test_every_roles_home_page_reads_in_every_language(live, new_page):
    with live.app.app_context():
        load_demo()
        logins = {}
        for role, email, secret in demo_logins():
            logins.setdefault(role, (email, secret))
        locales = [code for code in live.app.config["LANGUAGES"] if code != "en"]
        db.session.remove()
    leaks = []
    for role in ROLES:
        email, secret = logins[role]
        page = new_page()
        sign_in_with_password(page, email, DEMO_PASSWORD)
        if secret:
            enter_two_factor_code(page, two_factor.current_code(secret))
        assert path_of(page) == "/", f"{role} did not reach the home page"
        for locale in locales:
            switch_language(page, locale)
            assert page.locator("html").get_attribute("lang") == locale.replace("_", "-")
            left_in_english = sorted(visible_lines(page) & translated_messages(locale))
            leaks.extend(f"{role} in {locale}: {text!r}" for text in left_in_english)
    assert not leaks, "visible text left in English where a translation exists:\n" + "\n".join(leaks)
