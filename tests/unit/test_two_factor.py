"""TOTP: one step of drift tolerated, never the same code twice."""

import pyotp

from portal.auth.models import User
from portal.auth.two_factor import matching_step, verify_and_consume

SECRET = pyotp.random_base32()
NOW = 1_800_000_000.0


def code_at(moment):
    return pyotp.TOTP(SECRET).at(moment)


def test_the_current_code_is_accepted():
    user = User(totp_secret=SECRET)
    assert verify_and_consume(user, code_at(NOW), now=NOW)


def test_one_step_of_clock_drift_either_way_is_tolerated():
    assert matching_step(SECRET, code_at(NOW - 30), now=NOW) is not None
    assert matching_step(SECRET, code_at(NOW + 30), now=NOW) is not None


def test_two_steps_away_is_refused():
    assert matching_step(SECRET, code_at(NOW - 90), now=NOW) is None
    assert matching_step(SECRET, code_at(NOW + 90), now=NOW) is None


def test_a_code_is_never_accepted_twice():
    user = User(totp_secret=SECRET)
    assert verify_and_consume(user, code_at(NOW), now=NOW)
    assert not verify_and_consume(user, code_at(NOW), now=NOW + 5)


def test_an_older_code_is_refused_after_a_newer_one():
    user = User(totp_secret=SECRET)
    assert verify_and_consume(user, code_at(NOW), now=NOW)
    assert not verify_and_consume(user, code_at(NOW - 30), now=NOW)


def test_spaces_in_a_typed_code_are_ignored_and_letters_refused():
    code = code_at(NOW)
    assert matching_step(SECRET, f"{code[:3]} {code[3:]}", now=NOW) is not None
    assert matching_step(SECRET, "abcdef", now=NOW) is None
