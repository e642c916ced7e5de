"""The pages of the foundation, checked by axe-core at desktop and phone widths, and kept to
the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from portal.auth import operations, two_factor
from portal.auth.models import Organisation, User
from portal.core.outbox import OutboxMessage, deliver_due_messages
from portal.demo.loader import DEMO_PASSWORD, demo_logins, load_demo
from portal.extensions import db
from tests import factories
from tests.browser.helpers import (
    PHONE,
    assert_accessible,
    enter_two_factor_code,
    fits_the_width,
    path_of,
    sign_in_with_password,
)

pytestmark = pytest.mark.browser


def load_the_demo(live):
    """The demo programme (years, priorities, organisations, people of every role) and one
    invitation in the outbox; returns ids and logins the test needs."""
    with live.app.app_context():
        load_demo()
        logins = {role: (email, secret) for role, email, secret in demo_logins()}
        mission = db.session.scalar(db.select(User).where(User.email == logins["mission"][0]))
        atina = db.session.scalar(db.select(Organisation).where(Organisation.name == "Atina"))
        operations.invite(mission, email="colleague@atina.example.org", name="Ana Ilić", role="partner",
                          locale="sr", organisation=atina)
        db.session.commit()
        deliver_due_messages()
        ids = {
            "organisation": atina.id,
            "person": atina.memberships[0].user_id,
            "message": db.session.scalar(db.select(OutboxMessage.id)),
        }
        db.session.remove()
    return logins, ids


def test_pages_of_the_foundation_pass_axe(live, page, new_page):
    # The demo's mission officer and embassy work in French: these pages are checked in French.
    logins, ids = load_the_demo(live)
    email, secret = logins["mission"]
    sign_in_with_password(page, email, DEMO_PASSWORD)
    enter_two_factor_code(page, two_factor.current_code(secret))
    assert path_of(page) == "/"

    for path in (
        "/",
        "/organisations/",
        f"/organisations/{ids['organisation']}",
        "/people/",
        f"/people/{ids['person']}",
        "/people/invite",
        "/mission/outbox/",
        f"/mission/outbox/{ids['message']}",
        "/programme/",
        "/account",
    ):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert path_of(page) == path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page, path)

    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, "the 404 page")

    # On a phone the dashboard reflows into one column, still accessible and with no
    # sideways scrolling.
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect(page.locator("#years-heading")).to_be_visible()
    assert_accessible(page, "the dashboard at 390x844")
    assert fits_the_width(page), "the dashboard scrolls sideways at 390 px"

    # The embassy's pages too (no second factor for embassies).
    embassy = new_page()
    sign_in_with_password(embassy, logins["embassy"][0], DEMO_PASSWORD)
    assert path_of(embassy) == "/"
    assert_accessible(embassy, "the embassy's dashboard")
    embassy.goto("/organisations/")
    assert_accessible(embassy, "the organisations an embassy sees")


def test_the_sign_in_form_fits_a_phone(new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert fits_the_width(page), "the sign-in page scrolls sideways at 390 px"
    for control in (
        page.get_by_label("Email", exact=True),
        page.get_by_label("Password", exact=True),
        page.get_by_role("button", name="Sign in", exact=True),
        page.locator("header select[name=locale]"),
    ):
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert_accessible(page, "the sign-in page at 390x844")


def test_pages_keep_to_the_content_security_policy(live, new_page):
    """With the policy enforced (no bypass), nothing is refused and the portal's own script runs."""
    with live.app.app_context():
        factories.make_user("reviewer", email="new.reviewer@example.org", two_factor_on=False)
        db.session.remove()
    page = new_page(bypass_csp=False)
    refusals = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refusals.append(message.text))
    page.on("pageerror", lambda error: refusals.append(str(error)))

    page.goto("/login")
    # portal.js, served by the portal itself, ran: it marks the page.
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    sign_in_with_password(page, "new.reviewer@example.org", factories.PASSWORD)
    assert path_of(page) == "/login/two-factor/setup"
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Six-digit code").fill(two_factor.current_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_load_state()
    assert path_of(page) == "/"
    page.goto("/programme/")
    page.goto("/no-such-page")
    assert refusals == []
