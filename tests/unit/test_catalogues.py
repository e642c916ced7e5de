"""The message catalogues: present and complete for every language, nothing fuzzy,
placeholders intact, and up to date with the source."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.cli import EXTRACT_ARGUMENTS
from portal.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]")


def catalogue(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def forms(value):
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_interface_language_has_a_catalogue(locale):
    assert (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").exists()


@pytest.mark.parametrize("locale", LANGUAGES)
def test_catalogue_is_complete_and_has_nothing_fuzzy(locale):
    missing = [m.id for m in catalogue(locale) if m.id and (m.fuzzy or not all(forms(m.string)))]
    assert missing == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_plural_message_has_each_form_of_its_language(locale):
    messages = catalogue(locale)
    short = [m.id for m in messages if m.id and m.pluralizable and len(forms(m.string)) != messages.num_plurals]
    assert short == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_no_translation_drops_or_changes_a_placeholder(locale):
    problems = []
    for message in catalogue(locale):
        if not message.id:
            continue
        expected = set()
        for source in forms(message.id):
            expected |= set(PLACEHOLDER.findall(source))
        for translation in forms(message.string):
            if translation and set(PLACEHOLDER.findall(translation)) - expected:
                problems.append((message.id, translation))
            # A plural form may leave the number implicit ("un membre"); a singular may not.
            if translation and not isinstance(message.id, tuple):
                if expected - set(PLACEHOLDER.findall(translation)):
                    problems.append((message.id, translation))
    assert problems == []


def test_catalogues_are_up_to_date_with_the_source(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *EXTRACT_ARGUMENTS, "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(fresh, "rb") as handle:
        source_ids = {m.id for m in read_po(handle) if m.id}
    stale = {}
    for locale in LANGUAGES:
        ids = {m.id for m in catalogue(locale) if m.id}
        if ids != source_ids:
            stale[locale] = {"missing": sorted(map(str, source_ids - ids))[:5],
                             "obsolete": sorted(map(str, ids - source_ids))[:5]}
    assert stale == {}, "run `make translations-update`"
