"""Lists find records whichever script or case the query and the record use."""

import pytest

from portal.extensions import db
from tests.factories import make_organisation, make_user
from tests.integration.test_grant_management import a_grant


@pytest.fixture
def mission(app):
    return make_user("mission")


@pytest.mark.parametrize("query", ["Атина", "atina", "ATINA", "Ати"])
def test_the_organisations_list_finds_a_serbian_record_in_either_script(client, auth, mission, query):
    make_organisation(name="Atina", country_code="RS")
    make_organisation(name="Caritas Albania", country_code="AL")
    auth.login(mission)
    html = client.get("/organisations/", query_string={"q": query}).get_data(as_text=True)
    assert "Atina" in html and "Caritas Albania" not in html


def test_a_record_written_in_cyrillic_is_found_by_a_latin_query(client, auth, mission):
    make_organisation(name="Народна канцеларија", country_code="RS")
    auth.login(mission)
    html = client.get("/organisations/", query_string={"q": "narodna KANCELARIJA"}).get_data(as_text=True)
    assert "Народна канцеларија" in html


def test_turkish_and_greek_case_is_ignored(client, auth, mission):
    make_organisation(name="İnsan Hakları Derneği", country_code="TR", locale="tr")
    make_organisation(name="Κέντρο Στήριξης Θυμάτων", country_code="GR", locale="el")
    auth.login(mission)
    assert "İnsan Hakları" in client.get("/organisations/", query_string={"q": "insan HAKLARI"}).get_data(True)
    assert "Κέντρο" in client.get("/organisations/", query_string={"q": "ΚΕΝΤΡΟ ΣΤΗΡΙΞΗΣ"}).get_data(True)


def test_proposals_and_grants_are_found_by_title_or_organisation_in_either_script(client, auth, mission):
    grant = a_grant(make_organisation(name="Atina", country_code="RS"), reference="THB-2026-001")
    grant.proposal.title = "Сигурна кућа"
    db.session.commit()
    a_grant(make_organisation(name="Caritas Albania", country_code="AL"), reference="THB-2026-002")
    auth.login(mission)
    for url in ("/proposals/", "/grants/"):
        by_title = client.get(url, query_string={"q": "sigurna kuca"}).get_data(as_text=True)
        assert "Сигурна кућа" in by_title or "THB-2026-001" in by_title
        assert "Caritas Albania" not in by_title
        by_organisation = client.get(url, query_string={"q": "АТИНА"}).get_data(as_text=True)
        assert "Atina" in by_organisation and "Caritas Albania" not in by_organisation
    assert "THB-2026-002" in client.get("/grants/", query_string={"q": "thb-2026-002"}).get_data(as_text=True)
