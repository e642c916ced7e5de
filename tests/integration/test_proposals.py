"""Partners write proposals: drafts that lose nothing, complete submissions, frozen versions."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.db import utcnow
from portal.core.files import StoredFile
from portal.extensions import db
from portal.grants.models import Proposal, ProposalVersion
from portal.indicators.models import Indicator
from portal.programme.models import Component
from tests.factories import make_call, make_organisation, make_partner


@pytest.fixture
def call(app):
    return make_call()


@pytest.fixture
def partner(app):
    return make_partner(organisation=make_organisation(name="Atina", country_code="RS", locale="sr"), locale="en")


def start(client, call, partner):
    response = client.post(f"/calls/{call.id}/proposals/new",
                           data={"organisation_id": partner.organisations[0].id})
    assert response.status_code == 302
    return db.session.scalar(select(Proposal).order_by(Proposal.id.desc()))


def complete_form(proposal, revision=None, **changes):
    c3 = db.session.scalar(select(Component).where(Component.code == "C3"))
    victims_assisted = db.session.scalar(select(Indicator).where(Indicator.code == "C3.2"))
    data = {
        "revision": str(revision if revision is not None else proposal.revision),
        "title": "Safe house for victims in Belgrade", "summary": "Shelter, assistance and reintegration.",
        "language": "sr", "scope": "bilateral", "country_codes": ["RS"], "component_ids": [str(c3.id)],
        "start_date": "2027-01-01", "end_date": "2027-12-31",
        "activities-0-title": "Shelter", "activities-0-description": "Twelve beds.",
        "activities-0-component_id": str(c3.id), "activities-0-country_code": "RS",
        "budget-0-category": "personnel", "budget-0-description": "Social workers", "budget-0-amount_eur": "40000",
        "budget-1-category": "indirect", "budget-1-description": "Office", "budget-1-amount_eur": "2800",
        "targets-0-indicator_id": str(victims_assisted.id), "targets-0-category_id": "",
        "targets-0-baseline": "20", "targets-0-target": "35",
        "action": "save",
    }
    data.update(changes)
    return data


def test_partner_of_an_eligible_country_sees_the_open_call(client, auth, call, partner):
    auth.login(partner)
    assert call.titles["en"] in client.get("/calls/").get_data(as_text=True)


def test_partner_of_another_country_neither_sees_nor_applies(client, auth, call):
    auth.login(make_partner(organisation=make_organisation(name="Animus", country_code="BG")))
    assert call.titles["en"] not in client.get("/calls/").get_data(as_text=True)
    assert client.get(f"/calls/{call.id}").status_code == 404


def test_a_draft_call_is_invisible_to_partners(client, auth, partner):
    draft = make_call(published=False)
    auth.login(partner)
    assert client.get(f"/calls/{draft.id}").status_code == 404


def test_a_draft_saves_with_incomplete_data(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    assert proposal.language == partner.locale and proposal.country_codes == {"RS"}  # its writer's language
    response = client.post(f"/proposals/{proposal.id}/edit", data={
        "revision": "1", "title": "Ещё не готово", "language": "sr", "scope": "bilateral", "action": "save"})
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Ещё не готово" and proposal.status == "draft"


def test_submission_lists_every_missing_item_at_once_and_keeps_the_draft(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    response = client.post(f"/proposals/{proposal.id}/edit", data={
        "revision": "1", "title": "Only a title", "language": "sr", "scope": "regional",
        "country_codes": ["RS"], "action": "submit"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for problem in ("Write a summary.", "Choose at least one component.",
                    "A regional project takes place in two countries or more.", "Give the start and end dates.",
                    "Describe at least one activity.", "Fill in the budget."):
        assert problem in page
    db.session.refresh(proposal)
    assert proposal.title == "Only a title" and proposal.status == "draft"


def test_a_complete_proposal_is_submitted_and_frozen(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    response = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, action="submit"))
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == "submitted"
    assert str(proposal.requested_eur) == "42800.00"
    (version,) = db.session.scalars(select(ProposalVersion)).all()
    assert version.snapshot["title"] == "Safe house for victims in Belgrade"
    assert version.snapshot["targets"][0]["target"] == "35.00"


def test_a_submitted_proposal_cannot_be_edited(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, action="submit"))
    response = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, title="Changed"))
    assert response.status_code == 403
    assert db.session.get(Proposal, proposal.id).title == "Safe house for victims in Belgrade"


def test_indirect_costs_above_the_ceiling_are_refused(client, auth, call, partner):
    partner.locale = "en"  # amounts as an English reader sees them
    db.session.commit()
    auth.login(partner)
    proposal = start(client, call, partner)
    page = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(
        proposal, action="submit", **{"budget-1-amount_eur": "5000"})).get_data(as_text=True)
    assert "Indirect costs may not exceed 7% of direct costs, that is 2,800 EUR." in page
    assert db.session.get(Proposal, proposal.id).status == "draft"


def test_the_request_must_sit_between_the_calls_minimum_and_maximum(client, auth, call, partner):
    partner.locale = "en"  # amounts as an English reader sees them
    db.session.commit()
    auth.login(partner)
    proposal = start(client, call, partner)
    page = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(
        proposal, action="submit", **{"budget-0-amount_eur": "400000"})).get_data(as_text=True)
    assert "must lie between 5,000 and 150,000 EUR" in page


def test_submission_after_the_deadline_is_refused_unless_extended(client, auth, partner):
    call = make_call(opens_in_days=-30, deadline_in_days=-1)
    proposal = Proposal(call=call, organisation=partner.organisations[0], language="sr")
    db.session.add(proposal)
    db.session.commit()
    auth.login(partner)
    page = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, action="submit"))
    assert "The deadline of the call has passed." in page.get_data(as_text=True)
    proposal = db.session.get(Proposal, proposal.id)
    proposal.extension_until = utcnow() + timedelta(days=2)
    db.session.commit()
    client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, action="submit"))
    assert db.session.get(Proposal, proposal.id).status == "submitted"


def test_a_second_save_on_an_old_revision_is_a_conflict_that_keeps_the_typed_text(app, call, partner):
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        with client.session_transaction() as session:
            import time

            session.update({"_user_id": partner.get_id(), "login_at": time.time(), "seen_at": time.time()})
    proposal = start(first, call, partner)
    first.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, revision=1, title="First person's title"))
    response = second.post(f"/proposals/{proposal.id}/edit",
                           data=complete_form(proposal, revision=1, title="Second person's title"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this proposal" in page and "Second person&#39;s title" in page
    assert db.session.get(Proposal, proposal.id).title == "First person's title"


def test_malformed_numbers_are_refused_and_everything_typed_stays(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    response = client.post(f"/proposals/{proposal.id}/edit", data=complete_form(
        proposal, **{"budget-0-amount_eur": "forty thousand", "summary": "Kept summary"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "forty thousand" in page and "Kept summary" in page
    assert db.session.get(Proposal, proposal.id).summary == ""


def test_amounts_are_read_the_readers_way(client, auth, call):
    french = make_partner(organisation=make_organisation(name="Atina FR", country_code="RS"), locale="fr")
    auth.login(french)
    proposal = start(client, call, french)
    client.post(f"/proposals/{proposal.id}/edit", data=complete_form(
        proposal, language="fr", **{"budget-0-amount_eur": "40 000,50"}))
    assert str(db.session.get(Proposal, proposal.id).requested_eur) == "42800.50"


def test_attachments_are_checked_by_content_and_kept_from_others(app, client, auth, call, partner, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", f"file://{tmp_path}")
    app.extensions.pop("file_storage", None)
    auth.login(partner)
    proposal = start(client, call, partner)
    renamed_program = {"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "budget.pdf")}
    response = client.post(f"/proposals/{proposal.id}/attachments", data=renamed_program,
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "not accepted" in response.get_data(as_text=True)
    pdf = {"file": (io.BytesIO(b"%PDF-1.7 plan"), "../../Plan d'action.pdf"), "description": "Plan"}
    assert client.post(f"/proposals/{proposal.id}/attachments", data=pdf,
                       content_type="multipart/form-data").status_code == 302
    stored = db.session.scalar(select(StoredFile))
    assert stored.filename == "Plan d'action.pdf" and stored.content_type == "application/pdf"
    assert not any(stored.filename in str(path) for path in tmp_path.rglob("*"))  # kept under a random name
    attachment_id = db.session.get(Proposal, proposal.id).attachments[0].id
    download = client.get(f"/attachments/{attachment_id}")
    assert download.data == b"%PDF-1.7 plan"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    auth.login(make_partner(organisation=make_organisation(name="ASTRA", country_code="RS")))
    assert client.get(f"/attachments/{attachment_id}").status_code == 404
    app.extensions.pop("file_storage", None)


def test_proposal_list_filters_by_status_and_country(client, auth, call, partner):
    auth.login(partner)
    draft = start(client, call, partner)
    client.post(f"/proposals/{draft.id}/edit", data=complete_form(draft, title="Draft one"))
    page = client.get("/proposals/?status=draft").get_data(as_text=True)
    assert "Draft one" in page
    assert "Draft one" not in client.get("/proposals/?status=submitted").get_data(as_text=True)
    assert "Draft one" not in client.get("/proposals/?country=AL").get_data(as_text=True)


def test_the_mission_extends_the_deadline_of_one_late_draft(client, auth, partner, make_user):
    call = make_call(opens_in_days=-30, deadline_in_days=-1)
    proposal = Proposal(call=call, organisation=partner.organisations[0], language="sr")
    db.session.add(proposal)
    db.session.commit()
    auth.login(make_user("mission"))
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    assert client.post(f"/proposals/{proposal.id}/extension", data={"until": "2001-01-01"}).status_code == 422
    assert client.post(f"/proposals/{proposal.id}/extension", data={"until": tomorrow}).status_code == 302
    auth.login(partner)
    client.post(f"/proposals/{proposal.id}/edit", data=complete_form(db.session.get(Proposal, proposal.id),
                                                                     action="submit"))
    assert db.session.get(Proposal, proposal.id).status == "submitted"


def test_a_partner_cannot_extend_its_own_deadline(client, auth, call, partner):
    auth.login(partner)
    proposal = start(client, call, partner)
    assert client.post(f"/proposals/{proposal.id}/extension", data={"until": "2030-01-01"}).status_code == 403


def test_proposal_list_filters_by_priority(client, auth, call, partner):
    from portal.programme.models import Priority

    priority = Priority(programme_year=call.programme_year, code="child-victims", names={"en": "Child victims"})
    db.session.add(priority)
    call.priorities = [priority]
    db.session.commit()
    auth.login(partner)
    tagged = start(client, call, partner)
    client.post(f"/proposals/{tagged.id}/edit", data=complete_form(tagged, title="Tagged",
                                                                   priority_ids=[str(priority.id)]))
    untagged = start(client, call, partner)
    client.post(f"/proposals/{untagged.id}/edit", data=complete_form(untagged, title="Untagged"))
    page = client.get(f"/proposals/?priority={priority.id}").get_data(as_text=True)
    assert "Tagged" in page and "Untagged" not in page


def test_the_mission_sees_who_changed_the_proposal_and_when(client, auth, call, partner, make_user):
    auth.login(partner)
    proposal = start(client, call, partner)
    client.post(f"/proposals/{proposal.id}/edit", data=complete_form(proposal, action="submit"))
    assert "History" not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    auth.login(make_user("mission"))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    history = page[page.index('id="history-heading"'):]
    assert "Draft started" in history and "Submitted" in history and partner.name in history
