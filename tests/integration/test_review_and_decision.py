"""The review round: reviewers assigned and declaring conflicts, scores, embassy opinions, the
board that ranks proposals against the envelope, and the mission's decisions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.auth.models import Membership
from portal.core.audit import AuditEvent
from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.grants.models import (
    BudgetLine,
    Decision,
    EmbassyOpinion,
    Grant,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    Review,
    ReviewAssignment,
)
from portal.grants.operations.proposals import submit
from portal.grants.scoring import review_board
from portal.indicators.models import Indicator
from portal.programme.models import Component, Country
from tests.factories import make_call, make_organisation, make_partner, make_user


def submitted_proposal(call, organisation, title="Safe house for victims in Belgrade", asked="60000",
                       countries=("RS",)):
    """A complete proposal of the organisation, submitted through the partners' own operation."""
    author = organisation.memberships[0].user
    protect = db.session.scalar(select(Component).where(Component.code == "C3"))
    victims_assisted = db.session.scalar(select(Indicator).where(Indicator.code == "C3.2"))
    proposal = Proposal(
        call=call, organisation=organisation, created_by=author, title=title, language="sr",
        summary="Shelter, assistance and reintegration.", scope="bilateral" if len(countries) == 1 else "regional",
        start_date=date(2027, 1, 1), end_date=date(2027, 12, 31),
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
        components=[protect],
        activities=[ProposalActivity(title="Shelter", component=protect, country_code=countries[0], position=1)],
        budget_lines=[BudgetLine(category="personnel", description="Social workers", amount_eur=Decimal(asked),
                                 position=1)],
        indicator_targets=[IndicatorTarget(indicator=victims_assisted, baseline=Decimal("20"),
                                           target=Decimal("35"))],
        requested_eur=Decimal(asked),
    )
    db.session.add(proposal)
    db.session.flush()
    submit(proposal, author)
    db.session.commit()
    return proposal


@pytest.fixture
def call(app):
    return make_call()


@pytest.fixture
def atina(app):
    organisation = make_organisation(name="Atina", country_code="RS", locale="sr")
    make_partner(organisation=organisation, locale="sr", name="Jelena")
    return organisation


@pytest.fixture
def proposal(call, atina):
    return submitted_proposal(call, atina)


@pytest.fixture
def mission(app):
    return make_user("mission", name="Conseillère régionale")


def assign(client, auth, mission, proposal, *reviewers):
    auth.login(mission)
    return client.post(f"/proposals/{proposal.id}/assignments", data={"reviewer_ids": [r.id for r in reviewers]})


def declared(proposal, reviewer, conflict=False):
    """An assignment already declared free of conflict (or recused), without going through the pages."""
    assignment = ReviewAssignment(proposal=proposal, reviewer=reviewer, has_conflict=conflict,
                                  declared_at=utcnow())
    db.session.add(assignment)
    db.session.commit()
    return assignment


def scores_form(proposal, values, action="submit", recommendation="approve", comment="Well argued."):
    data = {"action": action, "recommendation": recommendation, "comment": comment}
    for criterion, value in zip(proposal.call.criteria, values, strict=True):
        data[f"score_{criterion.id}"] = "" if value is None else str(value)
        data[f"comment_{criterion.id}"] = f"On {criterion.names['en']}"
    return data


# --- assignment --------------------------------------------------------------------------------


def test_mission_assigns_reviewers_who_are_told_in_their_language(client, auth, mission, proposal):
    french, english = make_user("reviewer", locale="fr"), make_user("reviewer", locale="en")
    response = assign(client, auth, mission, proposal, french, english)
    assert response.status_code == 302
    assert {a.reviewer_id for a in db.session.scalars(select(ReviewAssignment))} == {french.id, english.id}
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "review_assigned")).all()
    assert {(m.recipient_email, m.locale) for m in messages} == {(french.email, "fr"), (english.email, "en")}
    assert all(proposal.title in m.body and "/declaration" in m.body for m in messages)


def test_a_reviewer_of_the_applicant_organisation_cannot_be_assigned(client, auth, mission, proposal, atina):
    insider = make_user("reviewer", name="Marija Insider")
    db.session.add(Membership(user=insider, organisation=atina))
    db.session.commit()
    response = assign(client, auth, mission, proposal, insider)
    assert response.status_code == 422
    assert "Marija Insider (Atina)" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ReviewAssignment.id))) == 0


def test_bulk_assignment_on_the_board_assigns_every_pair_once(client, auth, mission, call, proposal, atina):
    second = submitted_proposal(call, atina, title="Second shelter")
    first_reviewer, second_reviewer = make_user("reviewer"), make_user("reviewer")
    declared(proposal, first_reviewer)
    auth.login(mission)
    response = client.post(f"/calls/{call.id}/board/assignments", data={
        "proposal_ids": [proposal.id, second.id], "reviewer_ids": [first_reviewer.id, second_reviewer.id]})
    assert response.status_code == 302
    pairs = set(db.session.execute(select(ReviewAssignment.proposal_id, ReviewAssignment.reviewer_id)).tuples())
    assert len(pairs) == 4
    assert "3 assignments made. 1 pair was already assigned." in client.get(response.location).get_data(as_text=True)


def test_bulk_assignment_refuses_a_member_of_an_applicant_and_assigns_nobody(client, auth, mission, call, proposal,
                                                                              atina):
    insider = make_user("reviewer", name="Marija Insider")
    db.session.add(Membership(user=insider, organisation=atina))
    db.session.commit()
    auth.login(mission)
    response = client.post(f"/calls/{call.id}/board/assignments", data={
        "proposal_ids": [proposal.id], "reviewer_ids": [insider.id, make_user("reviewer").id]})
    assert response.status_code == 422
    assert "Marija Insider" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ReviewAssignment.id))) == 0


def test_an_assignment_is_removed_unless_its_review_is_submitted(client, auth, mission, proposal):
    drafting, done = make_user("reviewer"), make_user("reviewer")
    draft_assignment, done_assignment = declared(proposal, drafting), declared(proposal, done)
    db.session.add(Review(assignment=done_assignment, recommendation="approve", submitted_at=utcnow()))
    db.session.commit()
    auth.login(mission)
    client.post(f"/assignments/{draft_assignment.id}/remove")
    client.post(f"/assignments/{done_assignment.id}/remove")
    remaining = db.session.scalars(select(ReviewAssignment.reviewer_id)).all()
    assert remaining == [done.id]


# --- conflict of interest ------------------------------------------------------------------------


def test_before_declaring_a_reviewer_sees_only_title_organisation_and_countries(client, auth, mission, proposal):
    reviewer = make_user("reviewer")
    assign(client, auth, mission, proposal, reviewer)
    assignment = db.session.scalar(select(ReviewAssignment))
    auth.login(reviewer)
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    page = client.get(f"/assignments/{assignment.id}/declaration").get_data(as_text=True)
    assert proposal.title in page and "Atina" in page and "Serbia" in page
    assert "Shelter, assistance and reintegration." not in page
    assert "To declare" in client.get("/").get_data(as_text=True)


def test_a_reviewer_who_declares_a_conflict_never_sees_the_proposal(client, auth, mission, proposal):
    reviewer = make_user("reviewer")
    assign(client, auth, mission, proposal, reviewer)
    assignment = db.session.scalar(select(ReviewAssignment))
    auth.login(reviewer)
    without_note = client.post(f"/assignments/{assignment.id}/declaration", data={"has_conflict": "yes"})
    assert without_note.status_code == 422
    response = client.post(f"/assignments/{assignment.id}/declaration",
                           data={"has_conflict": "yes", "note": "I sit on Atina's board."})
    assert response.status_code == 302
    assignment = db.session.get(ReviewAssignment, assignment.id)
    assert assignment.has_conflict is True and assignment.conflict_note == "I sit on Atina's board."
    assert assignment.declared_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.declare"))
    assert event.actor_id == reviewer.id and event.after["has_conflict"] is True
    for url in (f"/proposals/{proposal.id}", f"/proposals/{proposal.id}/review", f"/proposals/{proposal.id}/reviews"):
        assert client.get(url).status_code == 404
    assert "Recused" in client.get("/").get_data(as_text=True)
    # The declaration stays as made: the page shows it, and a second one is refused.
    assert "I sit on Atina&#39;s board." in client.get(f"/assignments/{assignment.id}/declaration").get_data(
        as_text=True)
    again = client.post(f"/assignments/{assignment.id}/declaration", data={"has_conflict": "no"})
    assert again.status_code == 422 and db.session.get(ReviewAssignment, assignment.id).has_conflict is True


def test_only_the_reviewer_assigned_declares(client, auth, mission, proposal):
    reviewer = make_user("reviewer")
    assign(client, auth, mission, proposal, reviewer)
    assignment = db.session.scalar(select(ReviewAssignment))
    assert client.post(f"/assignments/{assignment.id}/declaration", data={"has_conflict": "no"}).status_code == 403
    auth.login(make_user("reviewer"))
    assert client.get(f"/assignments/{assignment.id}/declaration").status_code == 404
    assert db.session.get(ReviewAssignment, assignment.id).has_conflict is None


def test_declaring_no_conflict_opens_the_proposal(client, auth, mission, proposal):
    reviewer = make_user("reviewer")
    assign(client, auth, mission, proposal, reviewer)
    assignment = db.session.scalar(select(ReviewAssignment))
    auth.login(reviewer)
    client.post(f"/assignments/{assignment.id}/declaration", data={"has_conflict": "no"})
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Shelter, assistance and reintegration." in page and "Write my review" in page


# --- scoring -----------------------------------------------------------------------------------


def test_a_score_outside_the_scale_is_refused_and_what_was_typed_stays(client, auth, proposal):
    reviewer = make_user("reviewer")
    declared(proposal, reviewer)
    auth.login(reviewer)
    response = client.post(f"/proposals/{proposal.id}/review", data=scores_form(proposal, [6, 3], action="save"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give a whole number from 0 to 5." in page and 'value="6"' in page
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_a_draft_review_saves_incomplete_and_a_submission_needs_everything(client, auth, proposal):
    reviewer = make_user("reviewer")
    assignment = declared(proposal, reviewer)
    auth.login(reviewer)
    draft = client.post(f"/proposals/{proposal.id}/review",
                        data=scores_form(proposal, [4, None], action="save", recommendation=""))
    assert draft.status_code == 302
    incomplete = client.post(f"/proposals/{proposal.id}/review",
                             data=scores_form(proposal, [4, None], recommendation=""))
    page = incomplete.get_data(as_text=True)
    assert incomplete.status_code == 422
    assert "Score this criterion before you submit." in page and "Choose a recommendation before you submit." in page
    review = db.session.get(ReviewAssignment, assignment.id).review
    assert review.submitted_at is None and [s.value for s in review.scores] == [4]


def test_a_submitted_review_is_frozen(client, auth, proposal):
    reviewer = make_user("reviewer")
    assignment = declared(proposal, reviewer)
    auth.login(reviewer)
    assert client.post(f"/proposals/{proposal.id}/review", data=scores_form(proposal, [4, 3])).status_code == 302
    changed = client.post(f"/proposals/{proposal.id}/review", data=scores_form(proposal, [0, 0]))
    assert changed.status_code == 302 and changed.location.endswith(f"/proposals/{proposal.id}/reviews")
    review = db.session.get(ReviewAssignment, assignment.id).review
    assert review.is_submitted and sorted(s.value for s in review.scores) == [3, 4]


def test_a_reviewer_cannot_see_the_other_reviews_before_submitting_their_own(client, auth, proposal):
    first, second = make_user("reviewer"), make_user("reviewer")
    declared(proposal, first), declared(proposal, second)
    auth.login(first)
    client.post(f"/proposals/{proposal.id}/review",
                data=scores_form(proposal, [5, 4], comment="A shelter the city needs."))
    auth.login(second)
    assert client.get(f"/proposals/{proposal.id}/reviews").status_code == 403
    client.post(f"/proposals/{proposal.id}/review", data=scores_form(proposal, [2, 2], action="save"))
    assert client.get(f"/proposals/{proposal.id}/reviews").status_code == 403
    client.post(f"/proposals/{proposal.id}/review", data=scores_form(proposal, [2, 2], recommendation="revise"))
    page = client.get(f"/proposals/{proposal.id}/reviews").get_data(as_text=True)
    assert "A shelter the city needs." in page and "Relevance" in page
    assert first.name not in page  # reviewers read each other anonymously


# --- embassy opinions ----------------------------------------------------------------------------


def test_the_embassy_of_the_country_gives_and_changes_its_opinion_until_the_decision(client, auth, mission,
                                                                                       proposal):
    embassy = make_user("embassy", country_code="RS")
    auth.login(embassy)
    assert client.get(f"/proposals/{proposal.id}/opinion").status_code == 200
    no_reason = client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "reserved"})
    assert no_reason.status_code == 422
    client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "reserved", "comment": "New partner."})
    client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "favourable", "comment": "Known to us."})
    (opinion,) = db.session.scalars(select(EmbassyOpinion)).all()
    assert (opinion.country_code, opinion.opinion, opinion.comment) == ("RS", "favourable", "Known to us.")
    auth.login(mission)
    client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "reject", "reason": "Out of scope."})
    auth.login(embassy)
    assert client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "unfavourable",
                                                                  "comment": "Late."}).status_code == 403


def test_an_embassy_of_another_country_cannot_give_an_opinion(client, auth, proposal):
    auth.login(make_user("embassy", country_code="AL"))
    assert client.get(f"/proposals/{proposal.id}/opinion").status_code == 404
    assert client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "favourable"}).status_code == 404
    assert db.session.scalar(select(func.count(EmbassyOpinion.id))) == 0


def test_partners_and_reviewers_give_no_opinion(client, auth, proposal, atina):
    auth.login(atina.memberships[0].user)
    assert client.post(f"/proposals/{proposal.id}/opinion", data={"opinion": "favourable"}).status_code == 403


# --- the board ---------------------------------------------------------------------------------


def test_the_board_ranks_by_weighted_total_and_flags_a_large_spread(client, auth, mission, call, atina):
    """Relevance weighs 2, feasibility 1, both scored 0 to 5.

    Shelter: one reviewer gives 5 and 2 (weighted 12/3 = 4.00), another 2 and 4 (8/3 = 2.67):
    averages 3.5 and 3, weighted total (2 x 3.5 + 3) / 3 = 3.33, 66.67 % of 5; spread 1.33, more
    than a quarter of the scale (1.25). Hotline: one reviewer gives 4 and 4: total 4.00, ranked first.
    """
    call.envelope_eur = Decimal("100000")
    db.session.commit()
    shelter = submitted_proposal(call, atina, title="Shelter", asked="50000")
    hotline = submitted_proposal(call, atina, title="Hotline", asked="60000")
    for proposal, marks in ((shelter, [(5, 2), (2, 4)]), (hotline, [(4, 4)])):
        for values in marks:
            reviewer = make_user("reviewer")
            declared(proposal, reviewer)
            auth.login(reviewer)
            assert client.post(f"/proposals/{proposal.id}/review",
                               data=scores_form(proposal, list(values))).status_code == 302
    relevance, feasibility = call.criteria

    board = review_board(call)
    first, second = board.rows
    assert (first.proposal.id, first.rank, first.scores.total, first.scores.spread) == (
        hotline.id, 1, Decimal("4.00"), Decimal("0.00"))
    assert second.proposal.id == shelter.id and second.rank == 2
    assert second.scores.averages == {relevance.id: Decimal("3.50"), feasibility.id: Decimal("3.00")}
    assert (second.scores.total, second.scores.percent, second.scores.spread) == (
        Decimal("3.33"), Decimal("66.67"), Decimal("1.33"))
    assert second.scores.is_disputed and not first.scores.is_disputed
    assert (first.asked_so_far, second.asked_so_far) == (Decimal("60000.00"), Decimal("110000.00"))
    assert not first.asked_beyond_envelope and second.asked_beyond_envelope

    auth.login(mission)
    page = client.get(f"/calls/{call.id}/board").get_data(as_text=True)
    assert "3.33" in page and "1.33" in page and "Large disagreement" in page and "Beyond the envelope" in page
    assert page.index("Hotline") < page.index("Shelter")


def test_only_the_mission_opens_the_board(client, auth, call, atina):
    auth.login(atina.memberships[0].user)
    assert client.get(f"/calls/{call.id}/board").status_code == 403
    auth.login(make_user("reviewer"))
    assert client.get(f"/calls/{call.id}/board").status_code == 403


# --- decisions ---------------------------------------------------------------------------------


def test_approving_a_lower_amount_creates_the_grant_and_tells_each_member_in_their_language(
        client, auth, mission, call, proposal, atina):
    colleague = make_user("partner", organisation=atina, locale="fr")
    auth.login(mission)
    response = client.post(f"/proposals/{proposal.id}/decision", data={
        "outcome": "approve", "amount_eur": "45,000", "conditions": "Interim report after six months."})
    assert response.status_code == 302
    grant = db.session.scalar(select(Grant))
    assert grant.reference == "THB-2026-001" and grant.amount_eur == Decimal("45000.00")
    assert (grant.start_date, grant.end_date) == (date(2027, 1, 1), date(2027, 12, 31))
    assert grant.conditions == "Interim report after six months."
    decision = db.session.scalar(select(Decision))
    assert (decision.outcome, decision.version_number, decision.decided_by_id) == ("approve", 1, mission.id)
    assert db.session.get(Proposal, proposal.id).status == "approved"
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "decision")).all()
    assert {(m.recipient_email, m.locale) for m in messages} == {
        (atina.memberships[0].user.email, "sr"), (colleague.email, "fr")}
    assert all("THB-2026-001" in m.body and f"/proposals/{proposal.id}" in m.body for m in messages)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"proposal.decide", "grant.create"} <= actions

    another = submitted_proposal(call, atina, title="Second shelter")
    client.post(f"/proposals/{another.id}/decision", data={"outcome": "approve", "amount_eur": "60000"})
    assert db.session.scalar(select(Grant.reference).where(Grant.proposal_id == another.id)) == "THB-2026-002"

    auth.login(atina.memberships[0].user)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "THB-2026-001" in page and "Interim report after six months." in page


def test_an_amount_above_the_request_or_zero_is_refused(client, auth, mission, proposal):
    auth.login(mission)
    for amount in ("60000.01", "0", ""):
        response = client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "approve", "amount_eur": amount})
        assert response.status_code == 422
    assert db.session.scalar(select(func.count(Grant.id))) == 0
    assert db.session.get(Proposal, proposal.id).status == "submitted"


def test_rejection_without_a_reason_is_refused(client, auth, mission, proposal):
    auth.login(mission)
    response = client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "reject", "reason": "  "})
    assert response.status_code == 422
    assert "Give the reason: the partner will read it." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Decision.id))) == 0
    assert db.session.get(Proposal, proposal.id).status == "submitted"


def test_a_decided_proposal_is_not_decided_again(client, auth, mission, proposal):
    auth.login(mission)
    client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "reject", "reason": "Out of scope."})
    again = client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "approve", "amount_eur": "1000"})
    assert again.status_code == 422
    assert db.session.scalar(select(func.count(Decision.id))) == 1


def test_a_revision_request_lets_the_partner_resubmit_a_second_version_after_the_deadline(
        client, auth, mission, call, proposal, atina):
    call.opens_at, call.deadline_at = utcnow() - timedelta(days=60), utcnow() - timedelta(days=1)
    db.session.commit()
    auth.login(mission)
    due = (date.today() + timedelta(days=14)).isoformat()
    no_date = client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "revise", "reason": "Cut travel."})
    assert no_date.status_code == 422
    response = client.post(f"/proposals/{proposal.id}/decision",
                           data={"outcome": "revise", "reason": "Explain the exit strategy.", "revision_due": due})
    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).status == "revision_requested"
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "decision"))
    assert "Explain the exit strategy." in message.body and message.locale == "sr"

    partner = atina.memberships[0].user
    auth.login(partner)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Explain the exit strategy." in page
    form = client.get(f"/proposals/{proposal.id}/edit")
    assert form.status_code == 200
    proposal = db.session.get(Proposal, proposal.id)
    proposal.summary = "Shelter, assistance, reintegration and an exit strategy."
    db.session.commit()
    submit_again = client.post(f"/proposals/{proposal.id}/edit", data={
        **_edit_form(proposal), "summary": "Shelter, assistance, reintegration and an exit strategy.",
        "action": "submit"})
    assert submit_again.status_code == 302
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == "submitted" and [v.number for v in proposal.versions] == [1, 2]
    compared = client.get(f"/proposals/{proposal.id}/versions").get_data(as_text=True)
    assert "exit strategy" in compared


def _edit_form(proposal):
    """The proposal form as the partner would send it back unchanged."""
    activity, line, target = proposal.activities[0], proposal.budget_lines[0], proposal.indicator_targets[0]
    return {
        "revision": str(proposal.revision), "title": proposal.title, "summary": proposal.summary,
        "language": proposal.language, "scope": proposal.scope, "country_codes": sorted(proposal.country_codes),
        "component_ids": [str(c.id) for c in proposal.components], "start_date": proposal.start_date.isoformat(),
        "end_date": proposal.end_date.isoformat(),
        "activities-0-title": activity.title, "activities-0-description": activity.description,
        "activities-0-component_id": str(activity.component_id), "activities-0-country_code": activity.country_code,
        "budget-0-category": line.category, "budget-0-description": line.description,
        "budget-0-amount_eur": str(line.amount_eur),
        "targets-0-indicator_id": str(target.indicator_id), "targets-0-category_id": "",
        "targets-0-baseline": str(target.baseline), "targets-0-target": str(target.target),
    }


def test_a_partner_cannot_decide(client, auth, proposal, atina):
    auth.login(atina.memberships[0].user)
    assert client.get(f"/proposals/{proposal.id}/decision").status_code == 403
    assert client.post(f"/proposals/{proposal.id}/decision",
                       data={"outcome": "approve", "amount_eur": "60000"}).status_code == 403
    assert db.session.scalar(select(func.count(Decision.id))) == 0


def test_reviewers_do_not_read_the_decisions(client, auth, mission, proposal):
    reviewer = make_user("reviewer")
    declared(proposal, reviewer)
    auth.login(mission)
    client.post(f"/proposals/{proposal.id}/decision", data={"outcome": "reject", "reason": "Duplicates a grant."})
    auth.login(reviewer)
    assert "Duplicates a grant." not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    auth.login(make_user("embassy", country_code="RS"))
    assert "Duplicates a grant." in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
