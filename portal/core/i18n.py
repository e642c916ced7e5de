"""Languages: which one a reader gets, how each is named, how user-written text is tagged."""

from babel import Locale
from flask import current_app, has_request_context, request
from flask_babel import force_locale, get_locale, pgettext
from flask_login import current_user


def supported_locales():
    return current_app.config["LANGUAGES"]


def select_locale():
    """The user's preference, else the switcher's cookie, else the browser's, else English."""
    available = supported_locales()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in available:
        return current_user.locale
    cookie = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if cookie in available:
        return cookie
    return best_browser_match(available) or current_app.config["BABEL_DEFAULT_LOCALE"]


def best_browser_match(available):
    # Accept-Language speaks in tags ("sr-Latn-RS", "hr-HR"); ours are Babel identifiers.
    by_tag = {locale_tag(code).lower(): code for code in available}
    for tag, _quality in request.accept_languages:
        tag = tag.lower()
        while tag:
            if tag in by_tag:
                return by_tag[tag]
            tag = tag.rpartition("-")[0]
    return None


def select_timezone():
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None


def locale_tag(code):
    """The BCP 47 tag for an identifier: what the page's lang attribute carries."""
    return str(code).replace("_", "-")


def language_name(code, in_locale=None):
    """A language's name, in its own language and script unless another locale is asked for."""
    # Plain "sr" is Cyrillic; naming the script tells it apart from sr_Latn in every list.
    locale = Locale.parse("sr_Cyrl" if code == "sr" else code)
    name = locale.get_display_name(in_locale or locale) or code
    return name[:1].upper() + name[1:]


def language_choices(codes=None, in_locale=None):
    return [(code, language_name(code, in_locale)) for code in (codes or supported_locales())]


def current_locale_code():
    return str(get_locale() or "en")


def _reference_text(english):
    # Not written as pgettext(...) here: the extractor would take the argument for a message.
    return pgettext(REFERENCE_CONTEXT, english)


REFERENCE_CONTEXT = "reference data"


def translated(texts, locale=None):
    """Pick the reader's language from reference-data text kept as {"en": ..., "fr": ...}."""
    if not texts:
        return ""
    locale = locale or current_locale_code()
    # No fallback from "sr_Latn" to plain "sr": that is another script.
    if texts.get(locale):
        return texts[locale]
    if texts.get("en"):
        # Reference data the portal ships is in the catalogues (portal/programme/reference_strings.py);
        # text the mission typed itself comes back in English.
        if not has_request_context():
            return texts["en"]
        if locale == current_locale_code():
            return _reference_text(texts["en"])
        with force_locale(locale):
            return _reference_text(texts["en"])
    for candidate in ("fr", *texts):
        if texts.get(candidate):
            return texts[candidate]
    return ""


def country_name(code, locale=None):
    """Country names come from CLDR through Babel (Kosovo is XK there too)."""
    return Locale.parse(locale or current_locale_code()).territories.get(code, code)


def currency_name(code, locale=None):
    return Locale.parse(locale or current_locale_code()).currencies.get(code, code)
