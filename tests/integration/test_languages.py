"""The interface language: the user's preference, else the switcher, else the browser."""

from portal.auth.models import User
from portal.extensions import db


def test_the_page_carries_the_readers_language(client):
    page = client.get("/login", headers={"Accept-Language": "sr-Latn-RS"}).get_data(as_text=True)
    assert '<html lang="sr-Latn">' in page


def test_english_when_nothing_matches(client):
    page = client.get("/login", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_the_switcher_keeps_the_choice_in_a_cookie(client):
    response = client.post("/language", data={"locale": "fr", "next": "/login"})
    assert response.location == "/login"
    assert "portal_lang=fr" in response.headers["Set-Cookie"]
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Se connecter" in page


def test_the_switcher_refuses_unknown_languages(client):
    response = client.post("/language", data={"locale": "xx", "next": "/login"})
    assert "Set-Cookie" not in response.headers or "portal_lang" not in response.headers["Set-Cookie"]


def test_the_switcher_never_redirects_outside(client):
    response = client.post("/language", data={"locale": "fr", "next": "//evil.example/"})
    assert response.location == "/"


def test_a_signed_in_users_preference_wins_and_the_switcher_updates_it(client, auth, make_partner):
    partner = make_partner(locale="sq")
    auth.login(partner)
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="sq">' in page
    client.post("/language", data={"locale": "sr", "next": "/"})
    assert db.session.get(User, partner.id).locale == "sr"
    assert '<html lang="sr">' in client.get("/").get_data(as_text=True)


def test_the_switcher_names_each_language_in_itself(client):
    page = client.get("/login").get_data(as_text=True)
    for name in ("Français", "Shqip", "Српски (ћирилица)", "Srpski (latinica)", "Ελληνικά",
                 "Türkçe", "Magyar", "Română", "Українська", "Македонски"):
        assert name in page


def test_french_interface_is_translated(client, auth, make_user):
    auth.login(make_user("mission", locale="fr"))
    page = client.get("/").get_data(as_text=True)
    assert "Organisations" in page and "Invitations en attente" in page
    assert "Pending invitations" not in page


def test_dates_follow_the_readers_locale(client, auth, make_user):
    from datetime import UTC, datetime

    mission = make_user("mission", locale="fr")
    mission.last_login_at = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    db.session.commit()
    auth.login(mission)
    page = client.get("/account").get_data(as_text=True)
    assert "5 mars 2026" in page
