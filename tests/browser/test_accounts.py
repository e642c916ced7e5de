"""People getting into the portal, in a real browser: invitations, passwords, two-factor
codes, the language switcher, signing out."""

import pyotp
import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from portal.auth import operations, two_factor
from portal.auth.models import Organisation, User
from portal.core.i18n import language_name
from portal.core.outbox import deliver_due_messages
from portal.extensions import db
from tests import factories
from tests.browser.helpers import assert_accessible, enter_two_factor_code, path_of, sign_in_with_password

pytestmark = pytest.mark.browser

NEW_PASSWORD = "shelter lanterns over the Sava"  # noqa: S105 - 12+ characters, not a common one


def invite_by_mail(live, organisation_id=None, **invitation):
    """The mission invites someone from the command line; returns the link of the mail sent."""
    with live.app.app_context():
        organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
        operations.invite(None, organisation=organisation, **invitation)
        db.session.commit()
        deliver_due_messages()
        db.session.remove()
    return live.link_in_last_mail(invitation["email"])


def accept_invitation(page, link, name, password=NEW_PASSWORD):
    page.goto(link)
    expect(page.get_by_role("heading", name="Create your account", level=1)).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Repeat the new password").fill(password)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state()


def switch_language(page, code):
    """Pick a language in the header's switcher and send it with its button."""
    switcher = page.locator("header select[name=locale]")
    switcher.select_option(code)
    with page.expect_navigation():
        page.locator("header .language-switcher button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code.replace("_", "-"))
    expect(switcher).to_have_value(code)
    expect(switcher.locator("option:checked")).to_have_text(language_name(code))


def test_partner_accepts_invitation_sets_password_switches_to_serbian_cyrillic_and_back_and_logs_out(live, page):
    with live.app.app_context():
        atina_id = factories.make_organisation(name="Atina", country_code="RS", locale="sr").id
        db.session.remove()
    with live.app.test_request_context(), force_locale("fr"):
        sign_out_in_french = gettext("Sign out")
    link = invite_by_mail(
        live, email="jelena@atina.example.org", name="Jelena", role="partner", locale="en",
        organisation_id=atina_id,
    )
    assert link.startswith(live.url + "/invitation/")

    # The invitation opens a form that names the organisation; she completes her name.
    page.goto(link)
    expect(page.get_by_text("You are invited to join Atina")).to_be_visible()
    expect(page.get_by_text("jelena@atina.example.org")).to_be_visible()
    assert_accessible(page, "the invitation form")

    # A short password is refused, and the form says why, next to the field and at its top.
    accept_invitation(page, link, name="Jelena Petrović", password="atina2026")
    expect(page.get_by_role("alert")).to_contain_text("Use at least 12 characters.")
    expect(page.get_by_label("New password", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the invitation form with errors")

    accept_invitation(page, link, name="Jelena Petrović")

    # She lands on her dashboard, signed in, her organisation listed.
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", name="Welcome, Jelena Petrović", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Atina")).to_be_visible()
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert_accessible(page, "the partner's dashboard")

    # Serbian in Cyrillic: the page says so to browsers and screen readers. (Its catalogue is
    # not translated yet, so the texts themselves may still be English.)
    switch_language(page, "sr")
    assert path_of(page) == "/"
    assert_accessible(page, "the partner's dashboard in Serbian")

    # French: the texts change when its catalogue translates them.
    switch_language(page, "fr")
    if sign_out_in_french != "Sign out":
        expect(page.get_by_role("button", name=sign_out_in_french)).to_be_visible()

    # Back to English, remembered in her profile.
    switch_language(page, "en")
    expect(sign_out).to_be_visible()
    with live.app.app_context():
        assert db.session.scalar(db.select(User.locale).where(User.email == "jelena@atina.example.org")) == "en"

    # Signing out ends the session: the home page now asks to sign in.
    sign_out.click()
    page.wait_for_load_state()
    assert path_of(page) == "/login"
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert_accessible(page, "the sign-in page")
    page.goto("/")
    assert path_of(page).startswith("/login?next=")
    expect(page.get_by_text("Please sign in to open this page.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_mission_user_signs_in_with_a_totp_code(live, page, new_page):
    with live.app.app_context():
        advisor = factories.make_user("mission", email="advisor@mission.example.org", name="Claire Martin")
        secret = advisor.totp_secret
        db.session.remove()

    # The password alone is not enough: the portal asks for the authenticator's code.
    sign_in_with_password(page, "advisor@mission.example.org", factories.PASSWORD)
    assert path_of(page) == "/login/two-factor"
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page, "the two-factor page")
    code = two_factor.current_code(secret)
    enter_two_factor_code(page, code)
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", name="Welcome, Claire Martin", level=1)).to_be_visible()
    expect(page.get_by_text("The mission's overview of the programme and of the portal.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox")).to_be_visible()

    # Someone who saw that code cannot use it again, even with the password, on another browser.
    elsewhere = new_page()
    sign_in_with_password(elsewhere, "advisor@mission.example.org", factories.PASSWORD)
    enter_two_factor_code(elsewhere, code)
    assert path_of(elsewhere) == "/login/two-factor"
    expect(elsewhere.get_by_text("This code is not right or was already used.")).to_be_visible()
    expect(elsewhere.get_by_label("Six-digit code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(elsewhere, "the two-factor page refusing a code")
    expect(elsewhere.get_by_role("button", name="Sign out")).to_have_count(0)


def test_new_reviewer_enrols_two_factor_with_the_qr_page(live, page):
    link = invite_by_mail(
        live, email="expert@reviewers.example.org", name="Marko Jovanović", role="reviewer", locale="en",
    )

    # A reviewer's account is not usable until an authenticator is set up.
    accept_invitation(page, link, name="Marko Jovanović")
    assert path_of(page) == "/login/two-factor/setup"
    expect(page.get_by_role("heading", name="Set up two-factor authentication", level=1)).to_be_visible()
    expect(page.get_by_text("Your account is ready. Now protect it with a second factor.")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_accessible(page, "the two-factor setup page")

    # He types the key shown into his app, and confirms with the code it gives.
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_load_state()

    assert path_of(page) == "/"
    expect(page.get_by_text("Two-factor authentication is on.")).to_be_visible()
    expect(page.get_by_role("heading", name="Welcome, Marko Jovanović", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Proposals assigned to you")).to_be_visible()
    with live.app.app_context():
        reviewer = db.session.scalar(db.select(User).where(User.email == "expert@reviewers.example.org"))
        assert reviewer.role == "reviewer"
        assert reviewer.totp_secret == secret
        assert reviewer.totp_enabled_at is not None
