"""Language names, tags and the choice of a reader's language."""

import pytest

from portal import create_app
from portal.config import TestingConfig
from portal.core.i18n import language_name, locale_tag, select_locale, translated


@pytest.fixture(scope="module")
def app():
    return create_app(TestingConfig)


def test_each_language_is_named_in_itself():
    assert language_name("sr") == "Српски (ћирилица)"
    assert language_name("sr_Latn") == "Srpski (latinica)"
    assert language_name("sq") == "Shqip"
    assert language_name("el") == "Ελληνικά"
    assert language_name("uk") == "Українська"


def test_the_lang_attribute_uses_bcp47_tags():
    assert locale_tag("sr_Latn") == "sr-Latn"
    assert locale_tag("fr") == "fr"


def test_reference_text_falls_back_to_english():
    names = {"en": "Prevent", "fr": "Prévenir"}
    assert translated(names, "fr") == "Prévenir"
    assert translated(names, "sq") == "Prevent"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sr-Latn-RS,sr;q=0.8", "sr_Latn"),
        ("hr-HR,hr;q=0.9,en;q=0.5", "hr"),
        ("de-AT,de;q=0.9", "en"),
        ("fr-FR", "fr"),
        ("mk", "mk"),
    ],
)
def test_the_browser_language_is_used_when_nothing_else_says(app, header, expected):
    with app.test_request_context(headers={"Accept-Language": header}):
        assert select_locale() == expected


def test_the_switcher_cookie_wins_over_the_browser(app):
    with app.test_request_context(
        headers={"Accept-Language": "fr", "Cookie": "portal_lang=sq"}
    ):
        assert select_locale() == "sq"
