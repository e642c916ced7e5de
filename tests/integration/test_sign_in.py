"""Signing in: passwords, the slow-down after failures, rate limits, second factor, sessions."""

from datetime import timedelta

from portal.auth import two_factor
from portal.auth.models import User
from portal.extensions import db
from tests.factories import PASSWORD


def sign_in(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_partner_signs_in_and_lands_on_the_dashboard(client, make_partner):
    partner = make_partner(name="Marija Petrović")
    response = sign_in(client, partner.email)
    assert response.status_code == 302
    assert response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Marija Petrović" in page


def test_email_is_matched_whatever_its_case_and_spaces(client, make_partner):
    make_partner(email="someone@atina.example")
    assert sign_in(client, "  SomeOne@Atina.example ").status_code == 302


def test_wrong_password_says_so_without_telling_which_part_is_wrong(client, make_partner):
    partner = make_partner()
    response = sign_in(client, partner.email, "not the password")
    assert response.status_code == 200
    assert "The email or the password is not right." in response.get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", "not the password")
    assert "The email or the password is not right." in unknown.get_data(as_text=True)


def test_the_typed_email_is_kept_after_a_failure(client, make_partner):
    partner = make_partner()
    page = sign_in(client, partner.email, "wrong password").get_data(as_text=True)
    assert f'value="{partner.email}"' in page


def test_repeated_failures_slow_the_account_down_with_a_clear_message(client, make_partner):
    partner = make_partner()
    for _attempt in range(5):
        sign_in(client, partner.email, "wrong password")
    response = sign_in(client, partner.email)  # even the right password must wait now
    assert response.status_code == 429
    assert "Too many failed attempts on this account" in response.get_data(as_text=True)


def test_the_slow_down_ends_by_itself_so_nobody_is_locked_out_for_good(app, client, make_partner):
    partner = make_partner()
    for _attempt in range(30):
        sign_in(client, partner.email, "wrong password")
    user = db.session.get(User, partner.id)
    # The wait is capped: once the cap has passed, the right password works again.
    user.last_failed_login_at -= app.config["LOGIN_MAX_DELAY"] + timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, partner.email).status_code == 302
    assert db.session.get(User, partner.id).failed_logins == 0


def test_login_is_rate_limited_per_address(app, client, make_partner, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ADDRESS", "3 per minute")
    for number in range(3):
        sign_in(client, f"someone{number}@example.org", "whatever password")
    response = sign_in(client, "another@example.org", "whatever password")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_account_from_any_address(app, make_partner, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ACCOUNT", "2 per minute")
    partner = make_partner()
    for number in range(2):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
        sign_in(client, partner.email, "wrong password")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert sign_in(client, partner.email, "wrong password").status_code == 429


def test_deactivated_account_cannot_sign_in(client, make_partner):
    partner = make_partner()
    partner.is_active_account = False
    db.session.commit()
    assert sign_in(client, partner.email).status_code == 200


def test_mission_needs_a_second_factor_and_each_code_works_once(app, make_user):
    mission = make_user("mission")
    client = app.test_client()
    response = sign_in(client, mission.email)
    assert response.location.startswith("/login/two-factor")
    assert client.get("/").status_code == 302  # not signed in before the code
    code = two_factor.current_code(mission.totp_secret)
    assert client.post("/login/two-factor", data={"code": code}).location == "/"
    assert client.get("/").status_code == 200

    second = app.test_client()
    sign_in(second, mission.email)
    refused = second.post("/login/two-factor", data={"code": code})
    assert refused.status_code == 200
    assert "already used" in refused.get_data(as_text=True)


def test_the_second_factor_page_is_useless_without_the_password(client, make_user):
    mission = make_user("mission")
    code = two_factor.current_code(mission.totp_secret)
    response = client.post("/login/two-factor", data={"code": code})
    assert response.location == "/login"


def test_mission_without_two_factor_must_enrol_before_anything(app, client, make_user):
    mission = make_user("mission", two_factor_on=False)
    response = sign_in(client, mission.email)
    assert response.location.startswith("/login/two-factor/setup")
    page = client.get("/login/two-factor/setup").get_data(as_text=True)
    assert "<svg" in page
    with client.session_transaction() as session:
        secret = session["two_factor_setup_secret"]
    assert secret in page
    response = client.post("/login/two-factor/setup", data={"code": two_factor.current_code(secret)})
    assert response.location == "/"
    user = db.session.get(User, mission.id)
    assert user.totp_secret == secret and user.has_two_factor


def test_a_partner_needs_no_second_factor(client, make_partner):
    partner = make_partner()
    assert sign_in(client, partner.email).location == "/"


def test_next_parameter_only_leads_inside_the_portal(client, make_partner):
    partner = make_partner()
    response = client.post("/login?next=https://evil.example/", data={
        "email": partner.email, "password": PASSWORD})
    assert response.location == "/"
    client.post("/logout")
    response = client.post("/login?next=/account", data={"email": partner.email, "password": PASSWORD})
    assert response.location == "/account"


def test_idle_session_expires(app, client, auth, make_partner):
    auth.login(make_partner())
    auth.age_session(idle=app.config["SESSION_IDLE_TIMEOUT"] + timedelta(seconds=5))
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert client.get("/").status_code == 302


def test_session_has_an_absolute_limit_even_when_active(app, client, auth, make_partner):
    auth.login(make_partner())
    auth.age_session(since_login=app.config["SESSION_ABSOLUTE_TIMEOUT"] + timedelta(seconds=5))
    assert client.get("/").status_code == 302


def test_sign_out_everywhere_ends_other_sessions(app, make_partner):
    partner = make_partner()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, partner.email)
    sign_in(laptop, partner.email)
    assert phone.get("/").status_code == 200
    laptop.post("/account/logout-everywhere")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_sign_out_needs_a_post(client, auth, make_partner):
    auth.login(make_partner())
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, make_partner):
    partner = make_partner()
    response = sign_in(client, partner.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
