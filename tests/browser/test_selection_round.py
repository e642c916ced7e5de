"""The selection round end to end, in Chromium: a partner submits a regional proposal with a
budget and an attachment, two reviewers are assigned (one declares a conflict, the other
scores), two embassies give their opinion, the mission approves a lower amount, and the
partner sees the decision."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.auth import two_factor
from portal.extensions import db
from portal.grants.models import Grant, Proposal
from tests import factories
from tests.browser.helpers import assert_accessible, enter_two_factor_code, path_of, sign_in_with_password

pytestmark = pytest.mark.browser


def people(live):
    """Everyone of the round, with the call: Caritas Albania applies for Albania and Kosovo."""
    with live.app.app_context():
        albania = factories.make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
        cast = {
            "partner": factories.make_user("partner", email="arta@caritas.example", organisation=albania,
                                           manager=True, name="Arta Hoxha"),
            "mission": factories.make_user("mission", email="claire@mission.example", name="Claire Martin"),
            "first reviewer": factories.make_user("reviewer", email="katharina@experts.example",
                                                  name="Katharina Weber"),
            "second reviewer": factories.make_user("reviewer", email="nicolas@experts.example",
                                                   name="Nicolas Lefèvre"),
            "embassy in Albania": factories.make_user("embassy", email="tirana@embassy.example",
                                                      country_code="AL", name="Embassy in Tirana"),
            "embassy in Kosovo": factories.make_user("embassy", email="pristina@embassy.example",
                                                     country_code="XK", name="Embassy in Pristina"),
        }
        call = factories.make_call(countries=("AL", "XK", "ME", "RS"), components=("C2", "C3"))
        details = {name: (user.email, user.totp_secret) for name, user in cast.items()}
        call_id = call.id
        db.session.remove()
    return details, call_id


def sign_in(new_page, person):
    email, secret = person
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the "are you sure?" of final buttons
    sign_in_with_password(page, email, factories.PASSWORD)
    if secret:
        enter_two_factor_code(page, two_factor.current_code(secret))
    assert path_of(page) == "/"
    return page


def test_a_regional_proposal_goes_from_submission_to_an_approved_grant(live, new_page, tmp_path):
    cast, call_id = people(live)

    # The partner writes a regional proposal, saves a draft, sets a target, attaches a plan, submits.
    partner = sign_in(new_page, cast["partner"])
    partner.goto(f"/calls/{call_id}")
    partner.get_by_role("button", name="Write a proposal").click()
    expect(partner.get_by_role("heading", name="Edit the proposal")).to_be_visible()
    partner.get_by_label("Title", exact=True).fill("Parandalimi i shfrytëzimit të fëmijëve")
    partner.get_by_label("Summary").fill("Identifikimi i fëmijëve në rrezik në Kosovë.")
    partner.get_by_label("Language this proposal is written in").select_option("sq")
    partner.get_by_label("Regional: two countries or more").check()
    partner.get_by_label("Kosovo", exact=True).check()
    partner.get_by_label(re.compile(r"^C2 ")).check()
    partner.get_by_label("Start").fill("2027-01-01")
    partner.get_by_label("End").fill("2027-12-31")
    first_activity = partner.locator("fieldset", has_text="Activity 1")
    first_activity.get_by_label("Activity").fill("Trajnime për mësuesit")
    component = first_activity.get_by_label("Component")
    component.select_option(component.locator("option", has_text="C2 ").get_attribute("value"))
    first_activity.get_by_label("Country").select_option("XK")
    partner.get_by_label("Category of line 1").select_option("personnel")
    partner.get_by_label("Amount asked on line 1").fill("30000")
    partner.get_by_label("Category of line 2").select_option("indirect")
    partner.get_by_label("Amount asked on line 2").fill("2000")
    partner.get_by_role("button", name="Save the draft").click()
    expect(partner.get_by_text("Your draft is saved.")).to_be_visible()
    assert_accessible(partner, "the proposal form")

    partner.get_by_label("Target: C2.1 Awareness sessions held", exact=True).fill("24")
    partner.get_by_role("button", name="Save the draft").click()
    expect(partner.get_by_text("Your draft is saved.")).to_be_visible()

    plan = tmp_path / "plani-i-veprimit.pdf"
    plan.write_bytes(b"%PDF-1.7\n% plan of action\n")
    partner.get_by_label("File").set_input_files(str(plan))
    partner.get_by_label("What it is").fill("Plani i veprimit")
    partner.get_by_role("button", name="Attach").click()
    expect(partner.get_by_role("link", name="plani-i-veprimit.pdf")).to_be_visible()

    partner.get_by_role("button", name="Submit the proposal").click()
    expect(partner.get_by_text("Your proposal is submitted.")).to_be_visible()
    expect(partner.locator(".badge", has_text="Submitted")).to_be_visible()
    proposal_url = path_of(partner)
    assert re.fullmatch(r"/proposals/\d+", proposal_url)
    assert_accessible(partner, "the submitted proposal")

    # The mission assigns both reviewers.
    mission = sign_in(new_page, cast["mission"])
    mission.goto(proposal_url)
    mission.get_by_role("link", name="Reviewers").click()
    mission.get_by_label("Katharina Weber").check()
    mission.get_by_label("Nicolas Lefèvre").check()
    mission.get_by_role("button", name="Assign").click()
    expect(mission.get_by_role("cell", name="Katharina Weber")).to_be_visible()
    assert_accessible(mission, "the assignment page")

    # The second reviewer declares a conflict and never sees the proposal.
    recused = sign_in(new_page, cast["second reviewer"])
    recused.get_by_role("link", name=re.compile("Declare")).first.click()
    recused.get_by_label("I have a conflict of interest").check()
    recused.get_by_label("What the conflict is").fill("I trained this association's staff in 2025.")
    recused.get_by_role("button", name="Declare").click()
    assert recused.goto(proposal_url).status == 404

    # The first reviewer declares no conflict and scores every criterion.
    reviewer = sign_in(new_page, cast["first reviewer"])
    reviewer.get_by_role("link", name=re.compile("Declare")).first.click()
    assert_accessible(reviewer, "the declaration of interests")
    reviewer.get_by_label("I have no conflict of interest").check()
    reviewer.get_by_role("button", name="Declare").click()
    reviewer.goto(proposal_url)
    reviewer.get_by_role("link", name="Write my review").click()
    reviewer.get_by_label(re.compile(r"^Score.*Relevance")).fill("4")
    reviewer.get_by_label(re.compile(r"^Score.*Feasibility")).fill("3")
    reviewer.get_by_label("Fund", exact=True).check()
    reviewer.get_by_label("Overall comment").fill("Well targeted, realistic budget.")
    assert_accessible(reviewer, "the review form")
    reviewer.get_by_role("button", name="Submit the review").click()
    expect(reviewer.get_by_text(re.compile("review is submitted", re.IGNORECASE))).to_be_visible()

    # Both embassies give their opinion.
    for name, opinion in (("embassy in Albania", "Favourable"), ("embassy in Kosovo", "Reserved")):
        embassy = sign_in(new_page, cast[name])
        embassy.goto(proposal_url)
        embassy.get_by_role("link", name="Opinion of the embassy").click()
        embassy.get_by_label(opinion, exact=True).check()
        embassy.get_by_label("Comment").fill("Partenaire connu de l'ambassade.")
        embassy.get_by_role("button", name="Record the opinion").click()
        expect(embassy.get_by_text(opinion).first).to_be_visible()

    # The mission compares, then approves a lower amount with a condition.
    mission.goto(f"/calls/{call_id}/board")
    expect(mission.get_by_role("link", name="Parandalimi i shfrytëzimit të fëmijëve")).to_be_visible()
    assert_accessible(mission, "the review board")
    mission.goto(proposal_url)
    mission.get_by_role("link", name="Decide").click()
    mission.get_by_label("Approve", exact=True).check()
    mission.get_by_label("Amount granted (EUR)").fill("28000")
    mission.get_by_label("Conditions of the grant").fill("An interim report after six months.")
    mission.get_by_role("button", name="Record the decision").click()
    expect(mission.locator(".badge.status-approved")).to_have_text("Approved")

    # The partner sees the decision, and was told by mail.
    partner.goto(proposal_url)
    expect(partner.locator(".badge.status-approved")).to_have_text("Approved")
    expect(partner.get_by_text("Amount granted: €28,000.00")).to_be_visible()
    assert_accessible(partner, "the decided proposal")
    with live.app.app_context():
        proposal = db.session.scalar(select(Proposal))
        grant = db.session.scalar(select(Grant))
        assert proposal.status == "approved"
        assert str(grant.amount_eur) == "28000.00" and grant.reference.startswith("THB-2026-")
        db.session.remove()
    decision_mail = [m for m in live.delivered_mail() if m["To"] == "arta@caritas.example"]
    assert decision_mail and "28" in decision_mail[-1].get_content()
