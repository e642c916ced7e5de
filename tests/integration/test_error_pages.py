"""Error pages: translated, never a bare server error, and the transaction undone."""

from sqlalchemy import select

from portal.auth.models import Organisation
from portal.extensions import db
from tests import factories


def test_a_crash_shows_the_translated_500_page_and_saves_nothing(app, client, auth, make_user, monkeypatch):
    def crash_half_way():
        db.session.add(Organisation(name="Half written", country_code="RS", kind="association", locale="sr"))
        db.session.flush()
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "dashboard.index", crash_half_way)
    auth.login(make_user("mission", locale="fr"))
    response = client.get("/")
    assert response.status_code == 500
    assert "Une erreur inattendue" in response.get_data(as_text=True)
    assert db.session.scalar(select(Organisation)) is None


def test_a_too_large_upload_gets_the_413_page(app, client, auth, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    auth.login(make_user("mission"))
    response = client.post("/organisations/new", data={"name": "x" * 5000})
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_forbidden_page_explains_itself(client, auth, make_partner):
    auth.login(make_partner())
    response = client.get("/people/")
    assert response.status_code == 403
    assert "not allowed" in response.get_data(as_text=True)


def test_role_change_ends_the_persons_sessions(app, client, auth, make_user, make_partner):
    reviewer = make_user("reviewer")
    elsewhere = app.test_client()
    with elsewhere.session_transaction() as session:
        import time

        session.update({"_user_id": reviewer.get_id(), "login_at": time.time(), "seen_at": time.time()})
    assert elsewhere.get("/").status_code == 200
    auth.login(make_user("mission"))
    client.post(f"/people/{reviewer.id}/access", data={"role": "embassy", "country_code": "AL", "is_active": "y"})
    assert elsewhere.get("/").status_code == 302


def test_a_nul_byte_anywhere_is_a_bad_request_not_a_crash(client, auth, make_user):
    auth.login(make_user("mission"))
    assert client.get("/organisations/?q=a%00b").status_code == 400
    response = client.post("/organisations/new", data={"name": "Atina\x00", "country_code": "RS",
                                                       "kind": "association", "locale": "sr"})
    assert response.status_code == 400
    assert "could not be understood" in response.get_data(as_text=True)


def test_a_racing_duplicate_is_a_clear_409_not_a_crash(app, client, auth, make_user, monkeypatch):
    from portal.auth.models import Organisation as Org

    def racing_insert():
        db.session.add(Org(name="Twice", country_code="RS", kind="association", locale="sr"))
        db.session.add(Org(name="Twice", country_code="RS", kind="association", locale="sr"))
        db.session.flush()

    monkeypatch.setitem(app.view_functions, "dashboard.index", racing_insert)
    auth.login(make_user("mission"))
    response = client.get("/")
    assert response.status_code == 409
    assert "reload the page" in response.get_data(as_text=True)


def test_an_id_beyond_any_key_is_not_found_rather_than_an_error(client, auth):
    auth.login(factories.make_user("mission"))
    for path in ("/grants/99999999999999999999", "/proposals/2147483648", "/reports/0"):
        assert client.get(path).status_code == 404, path
