"""The mission keeps the indicator catalogue; everyone signed in reads it. An indicator in use
can be retired, and its wording improved, but never deleted or changed in meaning."""

import pytest
from babel.support import Translations
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.grants.models import IndicatorTarget
from portal.grants.views.proposal_form import target_rows
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component
from tests.conftest import ROOT
from tests.factories import make_grant


@pytest.fixture
def mission(auth, make_user):
    return auth.login(make_user("mission"))


def indicator(code):
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def component(code):
    return db.session.scalar(select(Component).where(Component.code == code))


def dimension(code):
    return db.session.scalar(select(BreakdownDimension).where(BreakdownDimension.code == code))


def audit_actions():
    return [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def new_indicator_form(**changes):
    form = {
        "code": "C3.5",
        "component_id": component("C3").id,
        "kind": "count",
        "rollup": "people",
        "counts_victims": "y",
        "breakdown_ids": [dimension("sex").id, dimension("age_group").id],
        "name_en": "Victims reintegrated",
        "name_fr": "Victimes réintégrées",
        "definition_en": "Victims who left the shelter for a job or training, counted once.",
        "unit_en": "people",
        "unit_fr": "personnes",
    }
    form.update(changes)
    return form


def edit_form(target, **changes):
    """The edit form of an indicator as the page fills it, with some changes."""
    form = {
        "code": target.code,
        "component_id": target.component_id,
        "kind": target.kind,
        "rollup": target.rollup,
        "breakdown_ids": [d.id for d in target.breakdowns],
        "name_en": target.names["en"],
        "name_fr": target.names.get("fr", ""),
        "definition_en": "People recognised as victims of trafficking by a competent authority.",
        "unit_en": target.unit["en"],
        "unit_fr": target.unit.get("fr", ""),
        **({"counts_victims": "y"} if target.counts_victims else {}),
    }
    form.update(changes)
    return form


def in_use(code):
    """A grant whose proposal sets a target for the indicator: from now on it is in use."""
    used = indicator(code)
    grant = make_grant(components=(used.component.code,))
    grant.proposal.indicator_targets = [IndicatorTarget(indicator=used, target=40)]
    db.session.commit()
    return used


# --- reading -------------------------------------------------------------------------------


def test_everyone_signed_in_reads_the_catalogue_by_component_with_how_values_add_up(client, auth, make_partner):
    auth.login(make_partner())
    page = client.get("/indicators/").get_data(as_text=True)
    assert page.index("Know") < page.index("Protect &amp; prosecute") < page.index("Cooperate")
    assert "Victims identified" in page and "Shelter places" in page
    assert "never summed across grants without a warning" in page  # the people rule, explained
    assert "the latest value counts" in page  # shelter places are a stock
    assert "/indicators/new" not in page and "/edit" not in page


def test_the_indicator_page_shows_its_breakdowns_and_whether_it_is_in_use(client, mission):
    victims = in_use("C3.1")
    page = client.get(f"/indicators/{victims.id}").get_data(as_text=True)
    assert "Forced begging" in page and "Minors" in page
    assert "1 target in proposals" in page and "0 values in reports" in page
    assert f"/indicators/{victims.id}/delete" not in page  # in use: it is retired, never deleted

    agreements = indicator("C4.4")
    page = client.get(f"/indicators/{agreements.id}").get_data(as_text=True)
    assert "Not yet" in page and f"/indicators/{agreements.id}/delete" in page


TRANSLATIONS = f"{ROOT}/translations"


def test_a_serbian_reader_gets_the_missions_serbian_the_catalogues_or_else_english(client, auth, make_partner):
    shelter = indicator("C3.4")
    shelter.names = {**shelter.names, "sr": "Места у склоништу (мисија)"}
    hotline = indicator("C3.1")
    hotline.names = {"en": "Hotline calls answered", "fr": "Appels reçus par la ligne d'écoute"}
    db.session.commit()
    auth.login(make_partner(locale="sr"))
    page = client.get("/indicators/").get_data(as_text=True)
    # The name the mission gave in Serbian comes first.
    assert "Места у склоништу (мисија)" in page and "Shelter places" not in page
    # A name the portal ships comes from the Serbian catalogue.
    serbian = Translations.load(TRANSLATIONS, ["sr"]).pgettext("reference data", "Victims assisted")
    assert serbian != "Victims assisted" and serbian in page
    # A name the mission typed only in English and French: English, never French.
    assert "Hotline calls answered" in page and "Appels reçus" not in page


# --- creating ------------------------------------------------------------------------------


def test_the_mission_creates_an_indicator(client, mission):
    response = client.post("/indicators/new", data=new_indicator_form())
    created = indicator("C3.5")
    assert response.status_code == 302 and response.location.endswith(f"/indicators/{created.id}")
    assert created.component.code == "C3" and created.rollup == "people" and created.counts_victims
    assert created.names == {"en": "Victims reintegrated", "fr": "Victimes réintégrées"}
    assert created.definitions == {"en": "Victims who left the shelter for a job or training, counted once."}
    assert [d.code for d in created.breakdowns] == ["sex", "age_group"]
    assert created.position > indicator("C4.4").position  # at the end of the catalogue
    assert "indicator.create" in audit_actions()
    assert "Victims reintegrated" in client.get("/indicators/").get_data(as_text=True)


def test_a_duplicate_code_is_refused_and_what_was_typed_stays(client, mission):
    before = db.session.scalar(select(func.count(Indicator.id)))
    response = client.post("/indicators/new", data=new_indicator_form(code="c3.1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Another indicator already has the code C3.1." in page
    assert "Victims reintegrated" in page and "Victims who left the shelter" in page
    assert db.session.scalar(select(func.count(Indicator.id))) == before


def test_an_indicator_code_starts_with_its_components_code(client, mission):
    response = client.post("/indicators/new", data=new_indicator_form(code="C2.9"))
    assert response.status_code == 422 and "starts with C3." in response.get_data(as_text=True)
    assert indicator("C2.9") is None


def test_english_is_required_other_languages_are_optional(client, mission):
    response = client.post("/indicators/new", data=new_indicator_form(name_en=" ", name_sq="Viktima"))
    assert response.status_code == 422 and indicator("C3.5") is None
    response = client.post("/indicators/new", data=new_indicator_form(name_fr="", name_sq="Viktima të riintegruara"))
    assert response.status_code == 302
    assert indicator("C3.5").names == {"en": "Victims reintegrated", "sq": "Viktima të riintegruara"}


# --- editing -------------------------------------------------------------------------------


def test_an_unused_indicator_can_be_changed_entirely(client, mission):
    agreements = indicator("C4.4")
    response = client.post(f"/indicators/{agreements.id}/edit", data=edit_form(
        agreements, code="C4.5", rollup="latest", kind="text", breakdown_ids=[dimension("participant_country").id]))
    assert response.status_code == 302
    assert (agreements.code, agreements.rollup, agreements.kind) == ("C4.5", "latest", "text")
    assert [d.code for d in agreements.breakdowns] == ["participant_country"]


def test_an_indicator_in_use_cannot_change_its_rollup_rule_or_breakdowns(client, mission):
    victims = in_use("C3.1")
    page = client.get(f"/indicators/{victims.id}/edit").get_data(as_text=True)
    assert 'name="rollup"' not in page and 'name="breakdown_ids"' not in page  # shown read-only
    for change in ({"rollup": "sum"}, {"breakdown_ids": [dimension("sex").id]}, {"code": "C3.9"}):
        response = client.post(f"/indicators/{victims.id}/edit", data=edit_form(victims, name_en="Renamed", **change))
        assert response.status_code == 422, change
        assert "This indicator is in use" in response.get_data(as_text=True)
    db.session.refresh(victims)
    assert (victims.code, victims.rollup, victims.names["en"]) == ("C3.1", "people", "Victims identified")
    assert [d.code for d in victims.breakdowns] == ["sex", "age_group", "exploitation", "nationality"]
    assert "indicator.edit" not in audit_actions()


def test_an_indicator_in_use_can_be_renamed(client, mission):
    victims = in_use("C3.1")
    # What the page of an indicator in use posts: its wording (and whether it counts victims).
    response = client.post(f"/indicators/{victims.id}/edit", data={
        "name_en": "Presumed victims identified", "name_fr": "Victimes présumées identifiées",
        "name_sr": "Идентификоване жртве", "definition_en": "Identified by a competent authority.",
        "unit_en": "people", "unit_fr": "personnes", "counts_victims": "y",
    })
    assert response.status_code == 302
    db.session.refresh(victims)
    assert victims.names == {"en": "Presumed victims identified", "fr": "Victimes présumées identifiées",
                             "sr": "Идентификоване жртве"}
    assert victims.rollup == "people" and len(victims.breakdowns) == 4
    assert "indicator.edit" in audit_actions()


# --- retiring and deleting -----------------------------------------------------------------


def test_a_retired_indicator_is_no_longer_offered_for_new_targets(client, mission):
    victims = in_use("C3.1")
    protect = [component("C3").id]
    assert victims in {row[0] for row in target_rows(None, component_ids=protect)}
    assert client.post(f"/indicators/{victims.id}/retire").status_code == 302
    assert victims.is_retired
    assert victims not in {row[0] for row in target_rows(None, component_ids=protect)}
    page = client.get("/indicators/").get_data(as_text=True)
    assert page.index("Retired indicators") < page.index("Victims identified")

    assert client.post(f"/indicators/{victims.id}/reactivate").status_code == 302
    assert not victims.is_retired
    assert audit_actions()[-2:] == ["indicator.retire", "indicator.reactivate"]


def test_an_unused_indicator_is_deleted(client, mission):
    agreements = indicator("C4.4")
    response = client.post(f"/indicators/{agreements.id}/delete")
    assert response.status_code == 302 and response.location.endswith("/indicators/")
    assert indicator("C4.4") is None
    assert "indicator.delete" in audit_actions()


def test_an_indicator_in_use_is_not_deleted_and_the_mission_is_told_why(client, mission):
    victims = in_use("C3.1")
    response = client.post(f"/indicators/{victims.id}/delete")
    assert response.status_code == 422
    assert "is in use" in response.get_data(as_text=True) and "Retire it instead" in response.get_data(as_text=True)
    assert indicator("C3.1") is not None


# --- who may ----------------------------------------------------------------------------------


def test_a_partner_cannot_create_edit_retire_or_delete_indicators(client, auth, make_partner):
    auth.login(make_partner())
    shelter = indicator("C3.4")
    assert client.get("/indicators/new").status_code == 403
    assert client.post("/indicators/new", data=new_indicator_form()).status_code == 403
    assert client.get(f"/indicators/{shelter.id}/edit").status_code == 403
    assert client.post(f"/indicators/{shelter.id}/edit", data=edit_form(shelter, rollup="sum")).status_code == 403
    for action in ("retire", "reactivate", "delete"):
        assert client.post(f"/indicators/{shelter.id}/{action}").status_code == 403
    assert client.get(f"/indicators/{shelter.id}").status_code == 200
    assert indicator("C3.5") is None and shelter.rollup == "latest" and not shelter.is_retired


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get("/indicators/")
    assert response.status_code == 302 and "/login" in response.location


# --- breakdowns ----------------------------------------------------------------------------


def test_the_mission_adds_and_renames_a_category(client, mission):
    exploitation = dimension("exploitation")
    response = client.post(f"/indicators/breakdowns/{exploitation.id}/categories", data={
        f"dimension-{exploitation.id}-code": "organ_removal",
        f"dimension-{exploitation.id}-name_en": "Organ removal",
        f"dimension-{exploitation.id}-name_fr": "Prélèvement d'organes",
    })
    assert response.status_code == 302
    added = exploitation.categories[-1]
    assert (added.code, added.names["fr"]) == ("organ_removal", "Prélèvement d'organes")

    response = client.post(f"/indicators/categories/{added.id}/edit",
                           data={"name_en": "Removal of organs", "name_fr": "Prélèvement d'organes"})
    assert response.status_code == 302 and added.names["en"] == "Removal of organs"
    assert "Removal of organs" in client.get("/indicators/breakdowns/").get_data(as_text=True)
    assert audit_actions()[-2:] == ["breakdown_category.create", "breakdown_category.edit"]


def test_a_category_code_is_unique_in_its_dimension(client, mission):
    sex = dimension("sex")
    response = client.post(f"/indicators/breakdowns/{sex.id}/categories", data={
        f"dimension-{sex.id}-code": "Female", f"dimension-{sex.id}-name_en": "Women",
    })
    assert response.status_code == 422 and "already has a category" in response.get_data(as_text=True)
    assert len(sex.categories) == 3


def test_a_category_in_use_is_not_deleted_an_unused_one_is(client, mission):
    victims = in_use("C3.1")
    begging = db.session.scalar(select(BreakdownCategory).filter_by(code="begging"))
    grant_target = db.session.scalar(select(IndicatorTarget).filter_by(indicator_id=victims.id))
    db.session.add(IndicatorTarget(proposal_id=grant_target.proposal_id, indicator=victims, category=begging, target=3))
    db.session.commit()
    response = client.post(f"/indicators/categories/{begging.id}/delete")
    assert response.status_code == 422 and "cannot be deleted" in response.get_data(as_text=True)
    assert db.session.get(BreakdownCategory, begging.id) is not None

    marriage = db.session.scalar(select(BreakdownCategory).filter_by(code="marriage")).id
    assert client.post(f"/indicators/categories/{marriage}/delete").status_code == 302
    assert db.session.get(BreakdownCategory, marriage) is None


def test_a_partner_reads_the_breakdowns_but_cannot_change_them(client, auth, make_partner):
    auth.login(make_partner())
    page = client.get("/indicators/breakdowns/").get_data(as_text=True)
    assert "Labour exploitation" in page and "Add a category" not in page
    sex = dimension("sex")
    female = sex.categories[0]
    assert client.post(f"/indicators/breakdowns/{sex.id}/categories",
                       data={f"dimension-{sex.id}-code": "x", f"dimension-{sex.id}-name_en": "X"}).status_code == 403
    assert client.post(f"/indicators/categories/{female.id}/edit", data={"name_en": "W"}).status_code == 403
    assert client.post(f"/indicators/categories/{female.id}/delete").status_code == 403
