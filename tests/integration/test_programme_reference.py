"""The mission edits the reference data; everyone signed in reads it."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.programme.models import Component, Country, Currency, Priority, ProgrammeYear


@pytest.fixture
def mission(auth, make_user):
    return auth.login(make_user("mission"))


def make_year(year=2026, envelope=Decimal("900000.00"), priorities=()):
    programme_year = ProgrammeYear(year=year, envelope_eur=envelope)
    programme_year.priorities = [
        Priority(code=code, names={"en": name}, position=position)
        for position, (code, name) in enumerate(priorities, start=1)
    ]
    db.session.add(programme_year)
    db.session.commit()
    return programme_year


def component(code):
    return db.session.scalar(select(Component).where(Component.code == code))


def audit_actions():
    return [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


# --- reading -------------------------------------------------------------------------------


def test_a_partner_reads_the_reference_data_without_edit_links(client, auth, make_partner):
    make_year()
    auth.login(make_partner())
    page = client.get("/programme/").get_data(as_text=True)
    assert "Protect &amp; prosecute" in page and "2026" in page
    assert "/edit" not in page and "/programme/years/new" not in page


def test_the_mission_finds_the_edit_pages_from_the_reference_page(client, mission):
    programme_year = make_year()
    page = client.get("/programme/").get_data(as_text=True)
    assert f'/programme/components/{component("C1").id}/edit' in page
    assert f"/programme/years/{programme_year.id}/edit" in page
    assert "/programme/years/new" in page
    assert "/programme/countries/HR/edit" in page


def test_croatia_paid_in_kuna_then_in_euro(app, request):
    croatia = db.session.get(Country, "HR")
    assert croatia.currency_on(date(2022, 6, 1)) == "HRK"
    assert croatia.currency_on(date(2023, 1, 1)) == "EUR"


def test_bulgaria_pays_in_euro_from_2026(app, request):
    bulgaria = db.session.get(Country, "BG")
    assert bulgaria.currency_on(date(2025, 12, 31)) == "BGN"
    assert bulgaria.currency_on(date(2026, 1, 1)) == "EUR"


def test_the_reference_page_lists_the_currency_history_oldest_first(client, auth, make_partner):
    auth.login(make_partner())
    page = client.get("/programme/").get_data(as_text=True)
    assert page.index("(HRK)") < page.index("(EUR) since Jan 1, 2023")


# --- components ----------------------------------------------------------------------------


def test_mission_edits_a_component_in_english_and_french(client, mission):
    know = component("C1")
    response = client.post(f"/programme/components/{know.id}/edit", data={
        "name_en": " Know and understand ", "name_fr": "Connaître et comprendre",
        "description_en": "Studies and data.", "description_fr": "",
    })
    assert response.status_code == 302
    know = component("C1")
    assert know.names == {"en": "Know and understand", "fr": "Connaître et comprendre"}
    assert know.descriptions == {"en": "Studies and data."}  # an emptied French text is dropped
    assert "component.edit" in audit_actions()


def test_a_component_keeps_its_english_name(client, mission):
    know = component("C1")
    response = client.post(f"/programme/components/{know.id}/edit", data={
        "name_en": "   ", "name_fr": "Savoir", "description_en": "Studies.", "description_fr": "",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This field is required." in page and 'value="Savoir"' in page
    assert component("C1").names["en"] == "Know"


def test_partner_cannot_edit_a_component(client, auth, make_partner):
    auth.login(make_partner())
    know = component("C1")
    assert client.get(f"/programme/components/{know.id}/edit").status_code == 403
    response = client.post(f"/programme/components/{know.id}/edit", data={
        "name_en": "Hacked", "description_en": "Hacked",
    })
    assert response.status_code == 403
    assert component("C1").names["en"] == "Know"


@pytest.mark.parametrize("role", ["reviewer", "embassy"])
def test_only_the_mission_opens_the_edit_pages(client, auth, make_user, role):
    programme_year = make_year(priorities=[("child-victims", "Child victims")])
    auth.login(make_user(role))
    for url in (f"/programme/years/{programme_year.id}/edit", "/programme/years/new",
                f"/programme/years/{programme_year.id}/priorities/new",
                f"/programme/priorities/{programme_year.priorities[0].id}/edit",
                "/programme/countries/RS/edit"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/programme/years/{programme_year.id}/priorities").status_code == 200


def test_an_unknown_component_is_not_found(client, mission):
    assert client.get("/programme/components/999/edit").status_code == 404
    assert client.get("/programme/countries/ZZ/edit").status_code == 404


# --- programme years -----------------------------------------------------------------------


def test_mission_opens_a_programme_year(client, mission):
    response = client.post("/programme/years/new", data={
        "year": "2027", "envelope_eur": "950000.50", "notes": "Regional seminar in Bucharest",
    })
    assert response.status_code == 302
    programme_year = db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == 2027))
    assert programme_year.envelope_eur == Decimal("950000.50")
    assert isinstance(programme_year.envelope_eur, Decimal)
    assert response.headers["Location"].endswith(f"/programme/years/{programme_year.id}/priorities")
    assert "programme_year.create" in audit_actions()


def test_a_french_reader_types_the_envelope_the_french_way(client, auth, make_user):
    auth.login(make_user("mission", locale="fr"))
    response = client.post("/programme/years/new", data={"year": "2027", "envelope_eur": "950 000,50"})
    assert response.status_code == 302
    programme_year = db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == 2027))
    assert programme_year.envelope_eur == Decimal("950000.50")


def test_a_serbian_reader_groups_thousands_with_dots(client, auth, make_user):
    auth.login(make_user("mission", locale="sr_Latn"))
    response = client.post("/programme/years/new", data={"year": "2027", "envelope_eur": "950.000"})
    assert response.status_code == 302
    assert db.session.scalar(select(ProgrammeYear)).envelope_eur == Decimal("950000.00")


def test_control_characters_are_refused_not_crashed_on(client, mission):
    programme_year = make_year()
    response = client.post(f"/programme/years/{programme_year.id}/edit", data={"notes": "bell\x07byte"})
    assert response.status_code == 422
    know = component("C1")
    response = client.post(f"/programme/components/{know.id}/edit", data={
        "name_en": "Know\x1b[31m", "description_en": "Studies.",
    })
    assert response.status_code == 422
    # A NUL byte is refused before any form sees it (PostgreSQL cannot store one).
    response = client.post(f"/programme/components/{know.id}/edit", data={"name_en": "Know\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("typed", ["12abc", "-5", "NaN", "Infinity", "sNaN", "100.555", "1e20", "1.000,00.0"])
def test_bad_envelope_is_refused_with_the_text_kept(client, mission, typed):
    programme_year = make_year()
    response = client.post(f"/programme/years/{programme_year.id}/edit", data={
        "envelope_eur": typed, "notes": "kept note",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'value="{typed}"' in page and "kept note" in page
    assert "Please correct the following" in page
    assert db.session.get(ProgrammeYear, programme_year.id).envelope_eur == Decimal("900000.00")


def test_bad_envelope_is_refused_in_french(client, auth, make_user):
    auth.login(make_user("mission", locale="fr"))
    response = client.post("/programme/years/new", data={"year": "2027", "envelope_eur": "beaucoup"})
    assert response.status_code == 422
    assert 'value="beaucoup"' in response.get_data(as_text=True)
    assert db.session.scalar(select(ProgrammeYear)) is None


def test_duplicate_year_is_refused(client, mission):
    make_year(2026)
    response = client.post("/programme/years/new", data={"year": "2026", "envelope_eur": "1000"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The programme year 2026 already exists." in page and 'value="1000"' in page
    assert len(db.session.scalars(select(ProgrammeYear)).all()) == 1


@pytest.mark.parametrize("typed", ["1999", "2101", "twenty", "", "99999999999999999999999"])
def test_implausible_year_is_refused(client, mission, typed):
    response = client.post("/programme/years/new", data={"year": typed})
    assert response.status_code == 422
    assert db.session.scalar(select(ProgrammeYear)) is None


def test_mission_edits_a_year_envelope_notes_and_closes_it(client, mission):
    programme_year = make_year(2025)
    response = client.post(f"/programme/years/{programme_year.id}/edit", data={
        "envelope_eur": "850000", "notes": "Annual review sent.", "is_closed": "y",
    })
    assert response.status_code == 302
    programme_year = db.session.get(ProgrammeYear, programme_year.id)
    assert (programme_year.envelope_eur, programme_year.notes, programme_year.is_closed) == (
        Decimal("850000.00"), "Annual review sent.", True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "programme_year.edit"))
    assert event.before["envelope_eur"] == "900000.00" and event.after["is_closed"] is True


def test_the_envelope_can_be_left_unknown(client, mission):
    programme_year = make_year(2025)
    response = client.post(f"/programme/years/{programme_year.id}/edit", data={"envelope_eur": ""})
    assert response.status_code == 302
    assert db.session.get(ProgrammeYear, programme_year.id).envelope_eur is None


# --- thematic priorities -------------------------------------------------------------------


def priority_codes(programme_year_id):
    return [p.code for p in db.session.get(ProgrammeYear, programme_year_id).priorities]


def test_mission_adds_a_priority_at_the_end_of_the_year(client, mission):
    programme_year = make_year(priorities=[("sexual-exploitation", "Sexual exploitation")])
    response = client.post(f"/programme/years/{programme_year.id}/priorities/new", data={
        "code": "Forced-Criminality", "name_en": "Forced criminality and begging",
        "name_fr": "Criminalité forcée et mendicité",
    })
    assert response.status_code == 302
    assert priority_codes(programme_year.id) == ["sexual-exploitation", "forced-criminality"]
    added = db.session.scalar(select(Priority).where(Priority.code == "forced-criminality"))
    assert added.names == {"en": "Forced criminality and begging", "fr": "Criminalité forcée et mendicité"}
    assert added.position == 2


@pytest.mark.parametrize("code", ["child-victims", "CHILD-VICTIMS", "child victims", "<b>", "é"])
def test_a_priority_code_is_unique_and_plain(client, mission, code):
    programme_year = make_year(priorities=[("child-victims", "Child victims")])
    response = client.post(f"/programme/years/{programme_year.id}/priorities/new", data={
        "code": code, "name_en": "Children",
    })
    assert response.status_code == 422
    assert 'value="Children"' in response.get_data(as_text=True)
    assert priority_codes(programme_year.id) == ["child-victims"]


def test_the_same_code_may_return_the_next_year(client, mission):
    make_year(2025, priorities=[("child-victims", "Child victims")])
    next_year = make_year(2026)
    response = client.post(f"/programme/years/{next_year.id}/priorities/new", data={
        "code": "child-victims", "name_en": "Child victims",
    })
    assert response.status_code == 302


def test_mission_renames_a_priority(client, mission):
    programme_year = make_year(priorities=[("victims-rights", "Victims rights")])
    priority = programme_year.priorities[0]
    response = client.post(f"/programme/priorities/{priority.id}/edit", data={
        "code": "victims-rights", "name_en": "Victims' rights", "name_fr": "Droits des victimes",
    })
    assert response.status_code == 302
    assert db.session.get(Priority, priority.id).names == {"en": "Victims' rights", "fr": "Droits des victimes"}


def test_mission_reorders_the_priorities(client, mission):
    programme_year = make_year(priorities=[("a", "A"), ("b", "B"), ("c", "C")])
    c = programme_year.priorities[2]
    assert client.post(f"/programme/priorities/{c.id}/move", data={"direction": "up"}).status_code == 302
    assert priority_codes(programme_year.id) == ["a", "c", "b"]
    assert client.post(f"/programme/priorities/{c.id}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"/programme/priorities/{c.id}/move", data={"direction": "up"}).status_code == 302
    assert priority_codes(programme_year.id) == ["c", "a", "b"]  # the first stays first
    assert client.post(f"/programme/priorities/{c.id}/move", data={"direction": "sideways"}).status_code == 400


def test_mission_deletes_a_priority(client, mission):
    programme_year = make_year(priorities=[("a", "A"), ("b", "B"), ("c", "C")])
    b = programme_year.priorities[1]
    response = client.post(f"/programme/priorities/{b.id}/delete")
    assert response.status_code == 302
    assert priority_codes(programme_year.id) == ["a", "c"]
    assert [p.position for p in db.session.get(ProgrammeYear, programme_year.id).priorities] == [1, 2]
    assert "priority.delete" in audit_actions()


def test_a_priority_named_by_a_call_cannot_be_deleted(client, mission):
    from datetime import UTC, datetime

    from portal.grants.models import Call

    programme_year = make_year(priorities=[("child-victims", "Child victims"), ("a", "A")])
    in_use = programme_year.priorities[0]
    db.session.add(Call(
        programme_year=programme_year, titles={"en": "Small grants"},
        opens_at=datetime(2026, 1, 1, tzinfo=UTC), deadline_at=datetime(2026, 3, 1, tzinfo=UTC),
        envelope_eur=Decimal("100000"), max_amount_eur=Decimal("20000"), priorities=[in_use],
    ))
    db.session.commit()
    response = client.post(f"/programme/priorities/{in_use.id}/delete", follow_redirects=True)
    assert "is in use" in response.get_data(as_text=True)
    assert priority_codes(programme_year.id) == ["child-victims", "a"]
    assert client.post(f"/programme/priorities/{programme_year.priorities[1].id}/delete").status_code == 302
    assert priority_codes(programme_year.id) == ["child-victims"]


def test_partner_reads_the_priorities_but_cannot_delete_one(client, auth, make_partner):
    programme_year = make_year(priorities=[("child-victims", "Child victims")])
    auth.login(make_partner())
    page = client.get(f"/programme/years/{programme_year.id}/priorities").get_data(as_text=True)
    assert "Child victims" in page and "/delete" not in page and "/move" not in page
    priority_id = programme_year.priorities[0].id
    assert client.post(f"/programme/priorities/{priority_id}/delete").status_code == 403
    assert client.post(f"/programme/priorities/{priority_id}/move", data={"direction": "up"}).status_code == 403
    assert db.session.get(Priority, priority_id) is not None


# --- countries -----------------------------------------------------------------------------


def test_mission_edits_the_languages_and_time_zone_of_a_country(client, mission):
    response = client.post("/programme/countries/BA/edit", data={
        "country-languages": ["en", "sr", "bs"], "country-timezone": "Europe/Belgrade",
    })
    assert response.status_code == 302
    bosnia = db.session.get(Country, "BA")
    assert bosnia.languages == ["bs", "sr", "en"]  # the order of the kept ones stays, most used first
    assert bosnia.timezone == "Europe/Belgrade"
    assert "country.edit" in audit_actions()


def test_the_country_page_names_each_language_in_itself(client, mission):
    page = client.get("/programme/countries/RS/edit").get_data(as_text=True)
    assert "Српски (ћирилица)" in page and "Srpski (latinica)" in page and 'lang="sr-Latn"' in page


@pytest.mark.parametrize("data", [
    {"country-timezone": "Europe/Belgrade"},
    {"country-languages": ["xx"], "country-timezone": "Europe/Belgrade"},
    {"country-languages": ["sr"], "country-timezone": "Mars/Olympus"},
])
def test_a_country_keeps_real_languages_and_time_zone(client, mission, data):
    response = client.post("/programme/countries/RS/edit", data=data)
    assert response.status_code == 422
    serbia = db.session.get(Country, "RS")
    assert serbia.languages == ["sr", "sr_Latn"] and serbia.timezone == "Europe/Belgrade"


def test_mission_adds_a_currency_period_and_the_country_follows_it(app, request, client, mission):
    response = client.post("/programme/countries/MK/currencies", data={
        "period-currency_code": "eur", "period-valid_from": "2030-01-01",
    })
    assert response.status_code == 302
    north_macedonia = db.session.get(Country, "MK")
    assert north_macedonia.currency_on(date(2029, 12, 31)) == "MKD"
    assert north_macedonia.currency_on(date(2030, 1, 2)) == "EUR"


def test_a_new_currency_is_added_when_first_used(client, mission):
    assert db.session.get(Currency, "USD") is None
    response = client.post("/programme/countries/ME/currencies", data={
        "period-currency_code": "USD", "period-valid_from": "2031-07-01",
    })
    assert response.status_code == 302
    assert db.session.get(Currency, "USD").name == "US Dollar"
    assert {"currency.create", "country.currency_period.add"} <= set(audit_actions())


@pytest.mark.parametrize(("code", "day"), [
    ("ZZZ", "2030-01-01"),
    ("EURO", "2030-01-01"),
    ("", "2030-01-01"),
    ("EUR", "2030-02-30"),
    ("EUR", "someday"),
])
def test_an_unknown_currency_or_a_bad_date_is_refused(client, mission, code, day):
    response = client.post("/programme/countries/MK/currencies", data={
        "period-currency_code": code, "period-valid_from": day,
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'value="{code}"' in page and f'value="{day}"' in page
    assert [p.currency_code for p in db.session.get(Country, "MK").currencies] == ["MKD"]
    assert db.session.get(Currency, "ZZZ") is None


def test_two_periods_of_a_country_cannot_start_on_the_same_day(client, mission):
    response = client.post("/programme/countries/HR/currencies", data={
        "period-currency_code": "USD", "period-valid_from": "2023-01-01",
    })
    assert response.status_code == 422
    assert "Another currency period of this country starts on that day." in response.get_data(as_text=True)
    response = client.post("/programme/countries/HR/currencies", data={"period-currency_code": "USD"})
    assert response.status_code == 422  # nor two "since before the records" periods
    assert len(db.session.get(Country, "HR").currencies) == 2


def test_mission_removes_a_currency_period_but_not_the_last(client, mission):
    croatia = db.session.get(Country, "HR")
    euro = next(p for p in croatia.currencies if p.currency_code == "EUR")
    response = client.post(f"/programme/countries/HR/currencies/{euro.id}/remove")
    assert response.status_code == 302
    croatia = db.session.get(Country, "HR")
    assert [p.currency_code for p in croatia.currencies] == ["HRK"]
    kuna = croatia.currencies[0]
    client.post(f"/programme/countries/HR/currencies/{kuna.id}/remove")
    assert [p.currency_code for p in db.session.get(Country, "HR").currencies] == ["HRK"]
    assert "country.currency_period.remove" in audit_actions()


def test_a_period_of_another_country_is_not_found(client, mission):
    serbian_period = db.session.get(Country, "RS").currencies[0]
    response = client.post(f"/programme/countries/HR/currencies/{serbian_period.id}/remove")
    assert response.status_code == 404
    assert len(db.session.get(Country, "RS").currencies) == 1


def test_partner_cannot_change_a_currency(client, auth, make_partner):
    auth.login(make_partner())
    response = client.post("/programme/countries/MK/currencies", data={
        "period-currency_code": "EUR", "period-valid_from": "2030-01-01",
    })
    assert response.status_code == 403
    assert len(db.session.get(Country, "MK").currencies) == 1


# --- every page ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "fr", "sr"])
def test_the_edit_pages_open_in_each_language_without_inline_script_or_style(client, auth, make_user, locale):
    programme_year = make_year(priorities=[("child-victims", "Child victims")])
    auth.login(make_user("mission", locale=locale))
    for url in ("/programme/", f"/programme/components/{component('C3').id}/edit", "/programme/years/new",
                f"/programme/years/{programme_year.id}/edit", f"/programme/years/{programme_year.id}/priorities",
                f"/programme/years/{programme_year.id}/priorities/new",
                f"/programme/priorities/{programme_year.priorities[0].id}/edit", "/programme/countries/BG/edit"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "<script>" not in page and " style=" not in page and "<style" not in page, url


def test_an_empty_post_never_breaks_a_form(client, mission):
    programme_year = make_year(priorities=[("a", "A")])
    for url in ("/programme/years/new", f"/programme/years/{programme_year.id}/priorities/new",
                "/programme/countries/RS/currencies"):
        assert client.post(url, data={}).status_code == 422, url
    # An edit form sent without any field (not even its token) keeps what was saved.
    for url in (f"/programme/components/{component('C1').id}/edit",
                f"/programme/priorities/{programme_year.priorities[0].id}/edit", "/programme/countries/RS/edit"):
        assert client.post(url, data={}).status_code == 302, url
    assert component("C1").names == {"en": "Know", "fr": "Connaître"}
    assert db.session.get(Country, "RS").languages == ["sr", "sr_Latn"]
    assert priority_codes(programme_year.id) == ["a"]
    assert client.post(f"/programme/priorities/{programme_year.priorities[0].id}/move").status_code == 400


def test_every_form_of_the_edit_pages_carries_the_csrf_token(app, client, auth, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    programme_year = make_year(priorities=[("a", "A"), ("b", "B")])
    auth.login(make_user("mission"))
    for url in (f"/programme/components/{component('C1').id}/edit", "/programme/years/new",
                f"/programme/years/{programme_year.id}/edit", f"/programme/years/{programme_year.id}/priorities",
                f"/programme/years/{programme_year.id}/priorities/new", "/programme/countries/HR/edit"):
        page = client.get(url).get_data(as_text=True)
        forms = page.split("<form")[1:]
        assert len(forms) > 2, url  # the language switcher, sign-out, and the page's own
        for form in forms:
            assert "csrf_token" in form.split("</form>")[0], url
    response = client.post("/programme/years/new", data={"year": "2027"})
    assert response.status_code == 400
    assert db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == 2027)) is None
