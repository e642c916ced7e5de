"""Password rules: length, common passwords, no composition rules; Argon2id hashes."""

import pytest
from argon2 import PasswordHasher

from portal import create_app
from portal.auth.models import User
from portal.auth.passwords import check_password, password_problem, set_password
from portal.config import TestingConfig


@pytest.fixture(scope="module")
def app_context():
    app = create_app(TestingConfig)
    with app.app_context():
        yield


def test_twelve_characters_without_composition_rules_are_enough(app_context):
    assert password_problem("lowercase only words") is None


def test_eleven_characters_are_too_short(app_context):
    assert "12" in str(password_problem("abcdefghijk"))


def test_up_to_128_characters_are_accepted_and_129_are_not(app_context):
    assert password_problem("x1y2z3" * 21 + "ab") is None  # 128 characters
    assert password_problem("x1y2z3" * 21 + "abc") is not None


def test_a_common_password_is_refused_whatever_its_case(app_context):
    assert password_problem("Password1234") is not None
    assert password_problem("JustinBieber") is not None
    assert password_problem("1234567891011") is not None


def test_the_email_address_is_not_a_password(app_context):
    assert password_problem("someone@example.org", "someone@example.org") is not None


def test_hashes_are_argon2id_and_verify(app_context):
    user = User(email="a@example.org")
    set_password(user, "a long enough passphrase")
    assert user.password_hash.startswith("$argon2id$")
    assert check_password(user, "a long enough passphrase")
    assert not check_password(user, "a long enough passphrasE")


def test_an_outdated_hash_is_upgraded_at_the_next_sign_in(app_context):
    user = User(email="a@example.org")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(
        "a long enough passphrase"
    )
    old_hash = user.password_hash
    assert check_password(user, "a long enough passphrase")
    assert user.password_hash != old_hash
    assert check_password(user, "a long enough passphrase")
