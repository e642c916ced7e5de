"""Passwords: Argon2id hashes, rehashed when the parameters change; a length rule and a
list of common passwords, and no composition rules (NIST SP 800-63B)."""

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128

# 20,000 common passwords, from Django's contrib.auth (BSD licence), lower-case.
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def _hasher(fast):
    if fast:  # tests only: the same algorithm with cheap parameters
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    # Argon2id with OWASP's recommended parameters (19 MiB, 2 iterations, 1 lane): a quarter of
    # argon2-cffi's default cost, so that a burst of sign-ins does not take the servers' CPUs.
    # Hashes made with other parameters still verify, and are redone at the next sign-in.
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hasher():
    return _hasher(bool(current_app.config.get("PASSWORD_HASHER_FAST")))


@cache
def common_passwords():
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def password_problem(password, email=None):
    """The reason a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(count)d characters.", count=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.lower()):
        return _l("This password is too common. Choose one that is harder to guess.")
    if len(set(password)) < 4:
        return _l("This password repeats too few characters. Choose one that is harder to guess.")
    return None


def set_password(user, password):
    user.password_hash = hasher().hash(password)


def check_password(user, password):
    """True when the password matches; upgrades the stored hash when parameters changed."""
    if not user.password_hash or len(password) > MAX_LENGTH:
        return False
    try:
        hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher().check_needs_rehash(user.password_hash):
        set_password(user, password)
    return True
