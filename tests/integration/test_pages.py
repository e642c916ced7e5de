"""Pages behave: dashboards per role, error pages, security headers, bad input, CSRF."""

import pytest

from portal.auth.models import Organisation
from portal.extensions import db


@pytest.mark.parametrize("role", ["partner", "reviewer", "mission", "embassy"])
def test_each_role_has_its_dashboard(client, auth, make_user, make_partner, role):
    user = make_partner() if role == "partner" else make_user(role)
    auth.login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert user.name in response.get_data(as_text=True)


def test_embassy_dashboard_lists_the_organisations_of_its_country_only(client, auth, make_user, make_organisation):
    make_organisation(name="Atina", country_code="RS")
    make_organisation(name="Caritas Albania", country_code="AL")
    auth.login(make_user("embassy", country_code="RS"))
    page = client.get("/").get_data(as_text=True)
    assert "Atina" in page and "Caritas Albania" not in page


def test_not_found_page_is_translated(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_responses_carry_security_headers(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_contain_no_inline_script_or_style(client, auth, make_user):
    auth.login(make_user("mission"))
    for url in ("/", "/people/", "/people/invite", "/organisations/", "/programme/", "/account"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and " style=" not in page and "<style" not in page, url


def test_every_post_needs_a_csrf_token(app, client, auth, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    auth.login(make_user("mission"))
    response = client.post("/organisations/new", data={"name": "X", "country_code": "RS",
                                                       "kind": "association", "locale": "sr"})
    assert response.status_code == 400
    assert "This form had expired" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Organisation)) is None


@pytest.mark.parametrize("data", [
    {"name": "x" * 5000, "country_code": "RS", "kind": "association", "locale": "sr"},
    {"name": "Atina", "country_code": "ZZ", "kind": "association", "locale": "sr"},
    {"name": "Atina", "country_code": "RS", "kind": "cartel", "locale": "sr"},
    {"name": "Atina", "country_code": "RS", "kind": "association", "locale": "xx"},
    {"name": "Atina", "country_code": "RS", "kind": "association", "locale": "sr", "website": "javascript:alert(1)"},
    {"name": "   ", "country_code": "RS", "kind": "association", "locale": "sr"},
])
def test_malformed_organisation_input_is_refused_without_error(client, auth, make_user, data):
    auth.login(make_user("mission"))
    response = client.post("/organisations/new", data=data)
    assert response.status_code == 422
    assert db.session.scalar(db.select(Organisation)) is None


def test_a_duplicate_organisation_is_refused_and_the_form_kept(client, auth, make_user, make_organisation):
    make_organisation(name="Atina", country_code="RS")
    auth.login(make_user("mission"))
    response = client.post("/organisations/new", data={"name": "ATINA", "country_code": "RS",
                                                       "kind": "association", "locale": "sr", "city": "Novi Sad"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already exists" in page and 'value="Novi Sad"' in page
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 1


def test_mission_creates_and_edits_an_organisation(client, auth, make_user):
    auth.login(make_user("mission"))
    response = client.post("/organisations/new", data={"name": "Atina", "country_code": "RS",
                                                       "kind": "association", "locale": "sr", "city": "Beograd"})
    organisation = db.session.scalar(db.select(Organisation))
    assert response.location == f"/organisations/{organisation.id}"
    client.post(f"/organisations/{organisation.id}/edit", data={
        "name": "Atina", "country_code": "RS", "kind": "association", "locale": "sr_Latn", "city": "Novi Sad"})
    db.session.refresh(organisation)
    assert organisation.city == "Novi Sad" and organisation.locale == "sr_Latn"


def test_a_manager_hands_over_management_and_cannot_leave_none(client, auth, make_partner, make_user):
    manager = make_partner(manager=True)
    organisation = manager.organisations[0]
    colleague = make_user("partner", organisation=organisation, manager=False)
    auth.login(manager)
    own = manager.memberships[0]
    other = colleague.memberships[0]
    assert client.post(f"/memberships/{own.id}", data={"action": "unmake_manager"}).status_code == 403
    client.post(f"/memberships/{other.id}", data={"action": "make_manager"})
    db.session.refresh(other)
    assert other.is_manager
