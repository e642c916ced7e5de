"""TOTP two-factor authentication (RFC 6238): one step of clock drift tolerated and every
code accepted at most once."""

import time

import pyotp
import segno
from flask import current_app

STEP_SECONDS = 30
DRIFT_STEPS = 1


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(user, secret):
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TOTP_ISSUER"]
    )


def qr_code_svg(uri):
    """An inline SVG of the QR code, served by the page itself (no third party)."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def matching_step(secret, code, now=None):
    """The time step whose code this is, within the tolerated drift, else None."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if len(code) != 6:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current_step = int(now // STEP_SECONDS)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        step = current_step + offset
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def verify_and_consume(user, code, now=None, secret=None):
    """Accept a code once: it must match and be newer than the last one used."""
    secret = secret or user.totp_secret
    if not secret:
        return False
    step = matching_step(secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def current_code(secret, now=None):
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(time.time() if now is None else now)
