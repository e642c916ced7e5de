"""The access policy itself (portal/core/access.py): `can`, `scope`, `can_invite`, role by role.

The cast: a plain member and a manager of Atina (Serbia), the manager of Caritas Albania, a
reviewer, the embassy in Serbia and the mission.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin, login_user
from werkzeug.exceptions import Forbidden, NotFound

from portal.auth.models import Invitation, Membership, Organisation, PasswordReset, User
from portal.core import access
from portal.core.access import can, can_invite, scope, visible_or_404
from portal.core.audit import AuditEvent
from portal.core.db import utcnow
from portal.core.outbox import OutboxMessage
from portal.core.tokens import new_token
from portal.extensions import db
from portal.programme.models import Component, Country, Priority, ProgrammeYear
from tests.factories import make_organisation, make_user

REFERENCE_DATA = (Country, Component, ProgrammeYear, Priority)
ROLES = ("member", "manager", "albanian", "reviewer", "embassy", "mission")


def invitation_to(organisation, role="partner", country_code=None):
    invitation = Invitation(
        token_hash=new_token()[1], email=f"{new_token()[0][:10].lower()}@example.org", name="Invitee",
        role=role, organisation=organisation, country_code=country_code,
        expires_at=utcnow() + timedelta(days=1),
    )
    db.session.add(invitation)
    return invitation


def message_to(user):
    message = OutboxMessage(kind="invitation", recipient_email=user.email, recipient=user, locale="en",
                            subject="Subject", body="Body\n")
    db.session.add(message)
    return message


@pytest.fixture
def cast(app):
    atina = make_organisation(name="Atina", country_code="RS")
    caritas = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    member = make_user("partner", organisation=atina, manager=False)
    manager = make_user("partner", organisation=atina, manager=True)
    albanian = make_user("partner", organisation=caritas, manager=True)
    reviewer = make_user("reviewer")
    embassy = make_user("embassy", country_code="RS")
    mission = make_user("mission")
    year = ProgrammeYear(year=2026)
    db.session.add_all([year, Priority(programme_year=year, code="child-victims")])
    people = SimpleNamespace(
        atina=atina, caritas=caritas, member=member, manager=manager, albanian=albanian,
        reviewer=reviewer, embassy=embassy, mission=mission, year=year,
        to_atina=invitation_to(atina),
        to_caritas=invitation_to(caritas),
        reviewer_invitation=invitation_to(None, "reviewer"),
        embassy_invitation=invitation_to(None, "embassy", country_code="AL"),
        message_to_member=message_to(member),
        message_to_mission=message_to(mission),
        event_of_member=AuditEvent(action="session.login", actor=member),
    )
    db.session.add(people.event_of_member)
    db.session.commit()
    return people


def membership(user, organisation):
    return next(m for m in user.memberships if m.organisation_id == organisation.id)


def visible(user, model):
    return set(db.session.scalars(scope(user, model)).all())


def everyone(cast):
    return [getattr(cast, role) for role in ROLES]


# --- nobody signed in ------------------------------------------------------------------------


def test_anonymous_can_do_nothing(cast):
    objects = {model: db.session.scalars(db.select(model)).first() for model, _action in access._RULES}
    for visitor in (None, AnonymousUserMixin()):
        for model, action in access._RULES:  # every rule the policy knows
            assert not can(visitor, action, objects[model]), (model.__name__, action)
            assert not can(visitor, action, model), (model.__name__, action)
        for model in {model for model, _action in access._RULES}:
            assert visible(visitor, model) == set(), model.__name__
        assert not can_invite(visitor, "partner", cast.atina)


def test_a_deactivated_account_can_do_nothing_not_even_the_missions(cast):
    cast.mission.is_active_account = False
    db.session.commit()
    assert not can(cast.mission, "view", cast.atina)
    assert not can(cast.mission, "view", cast.mission)
    assert visible(cast.mission, Organisation) == set()
    assert not can_invite(cast.mission, "reviewer")


def test_an_action_nobody_granted_is_refused_even_to_the_mission(cast):
    assert not can(cast.mission, "delete", cast.atina)
    assert not can(cast.mission, "publish", cast.member)
    assert not can(cast.mission, "view", PasswordReset)
    assert visible(cast.mission, PasswordReset) == set()


# --- organisations ------------------------------------------------------------------------------


def test_partner_sees_only_their_own_organisation(cast):
    for partner in (cast.member, cast.manager):
        assert can(partner, "view", cast.atina)
        assert visible(partner, Organisation) == {cast.atina}


def test_partner_cannot_see_another_organisation(cast):
    assert not can(cast.member, "view", cast.caritas)
    assert not can(cast.albanian, "view", cast.atina)
    assert visible(cast.albanian, Organisation) == {cast.caritas}


def test_a_partner_with_no_organisation_sees_none(cast):
    loner = make_user("partner")
    assert visible(loner, Organisation) == set()
    assert not can(loner, "view", cast.atina)


def test_embassy_sees_only_organisations_of_its_country(cast):
    serbian_again = make_organisation(name="ASTRA", country_code="RS")
    assert can(cast.embassy, "view", cast.atina)
    assert not can(cast.embassy, "view", cast.caritas)
    assert visible(cast.embassy, Organisation) == {cast.atina, serbian_again}


def test_reviewer_sees_no_organisation(cast):
    assert not can(cast.reviewer, "view", cast.atina)
    assert visible(cast.reviewer, Organisation) == set()


def test_mission_sees_and_edits_every_organisation(cast):
    assert visible(cast.mission, Organisation) == {cast.atina, cast.caritas}
    for organisation in (cast.atina, cast.caritas):
        assert can(cast.mission, "edit", organisation)
        assert can(cast.mission, "manage_members", organisation)


def test_manager_edits_their_organisation_and_manages_its_members(cast):
    assert can(cast.manager, "edit", cast.atina)
    assert can(cast.manager, "manage_members", cast.atina)


def test_manager_cannot_edit_another_organisation(cast):
    assert not can(cast.manager, "edit", cast.caritas)
    assert not can(cast.manager, "manage_members", cast.caritas)


def test_plain_member_cannot_edit_their_organisation(cast):
    assert not can(cast.member, "edit", cast.atina)
    assert not can(cast.member, "manage_members", cast.atina)


def test_embassy_sees_but_changes_nothing_in_its_country(cast):
    assert not can(cast.embassy, "edit", cast.atina)
    assert not can(cast.embassy, "manage_members", cast.atina)
    assert not can(cast.embassy, "edit", membership(cast.member, cast.atina))
    assert not can(cast.embassy, "revoke", cast.to_atina)
    assert not can_invite(cast.embassy, "partner", cast.atina)


def test_only_the_mission_creates_organisations(cast):
    assert can(cast.mission, "create", Organisation)
    for user in (cast.member, cast.manager, cast.reviewer, cast.embassy):
        assert not can(user, "create", Organisation), user.role


# --- people ---------------------------------------------------------------------------------------


def test_everyone_sees_their_own_page_and_no_one_changes_their_own_access(cast):
    for user in everyone(cast):
        assert can(user, "view", user), user.email
        assert not can(user, "edit", user), user.email


def test_manager_sees_the_members_of_their_organisation_only(cast):
    assert can(cast.manager, "view", cast.member)
    assert not can(cast.manager, "view", cast.albanian)
    assert not can(cast.manager, "view", cast.embassy)
    assert visible(cast.manager, User) == {cast.manager, cast.member}


def test_plain_member_sees_only_themself(cast):
    assert not can(cast.member, "view", cast.manager)
    assert visible(cast.member, User) == {cast.member}


def test_embassy_and_reviewer_see_only_themselves_among_people(cast):
    for user in (cast.embassy, cast.reviewer):
        assert visible(user, User) == {user}
        assert not can(user, "view", cast.member)


def test_only_the_mission_changes_someones_access(cast):
    for person in (cast.member, cast.albanian, cast.embassy, cast.reviewer):
        assert can(cast.mission, "edit", person)
    assert not can(cast.manager, "edit", cast.member)  # a manager manages memberships, not accounts
    assert can(cast.mission, "administer", User)
    for user in (cast.member, cast.manager, cast.reviewer, cast.embassy):
        assert not can(user, "administer", User), user.role


def test_mission_cannot_change_their_own_access(cast):
    assert can(cast.mission, "view", cast.mission)
    assert not can(cast.mission, "edit", cast.mission)


def test_mission_sees_everyone(cast):
    assert visible(cast.mission, User) == set(everyone(cast))


# --- memberships ----------------------------------------------------------------------------------


def test_a_membership_is_seen_by_whoever_sees_its_organisation(cast):
    at_atina = membership(cast.member, cast.atina)
    at_caritas = membership(cast.albanian, cast.caritas)
    for user in (cast.member, cast.manager, cast.embassy, cast.mission):
        assert can(user, "view", at_atina), user.email
    for user in (cast.member, cast.manager, cast.embassy, cast.reviewer):
        assert not can(user, "view", at_caritas), user.email
    assert not can(cast.reviewer, "view", at_atina)


def test_manager_changes_a_colleagues_membership(cast):
    assert can(cast.manager, "edit", membership(cast.member, cast.atina))


def test_manager_cannot_demote_themself(cast):
    assert not can(cast.manager, "edit", membership(cast.manager, cast.atina))


def test_manager_cannot_change_memberships_of_another_organisation(cast):
    assert not can(cast.manager, "edit", membership(cast.albanian, cast.caritas))


def test_plain_member_changes_no_membership_not_even_their_own(cast):
    assert not can(cast.member, "edit", membership(cast.member, cast.atina))
    assert not can(cast.member, "edit", membership(cast.manager, cast.atina))


def test_mission_changes_any_membership(cast):
    for user, organisation in ((cast.member, cast.atina), (cast.albanian, cast.caritas)):
        assert can(cast.mission, "edit", membership(user, organisation))


def test_memberships_listed_are_those_of_visible_organisations(cast):
    of = {organisation: set(organisation.memberships) for organisation in (cast.atina, cast.caritas)}
    assert visible(cast.member, Membership) == of[cast.atina]
    assert visible(cast.embassy, Membership) == of[cast.atina]
    assert visible(cast.albanian, Membership) == of[cast.caritas]
    assert visible(cast.reviewer, Membership) == set()
    assert visible(cast.mission, Membership) == of[cast.atina] | of[cast.caritas]


# --- invitations ----------------------------------------------------------------------------------


def test_manager_sees_and_revokes_invitations_to_their_organisation(cast):
    assert can(cast.manager, "view", cast.to_atina)
    assert can(cast.manager, "revoke", cast.to_atina)
    assert visible(cast.manager, Invitation) == {cast.to_atina}


def test_manager_does_not_see_invitations_to_another_organisation_or_to_staff(cast):
    for invitation in (cast.to_caritas, cast.reviewer_invitation, cast.embassy_invitation):
        assert not can(cast.manager, "view", invitation)
        assert not can(cast.manager, "revoke", invitation)


def test_plain_member_embassy_and_reviewer_see_no_invitation(cast):
    for user in (cast.member, cast.embassy, cast.reviewer):
        assert not can(user, "view", cast.to_atina), user.email
        assert visible(user, Invitation) == set(), user.email


def test_only_the_mission_sees_the_invitations_of_reviewers_and_embassies(cast):
    for invitation in (cast.reviewer_invitation, cast.embassy_invitation, cast.to_atina, cast.to_caritas):
        assert can(cast.mission, "revoke", invitation)
    assert visible(cast.mission, Invitation) == {
        cast.to_atina, cast.to_caritas, cast.reviewer_invitation, cast.embassy_invitation,
    }


def test_mission_invites_anyone(cast):
    for role in ("partner", "reviewer", "embassy", "mission"):
        assert can_invite(cast.mission, role, cast.caritas if role == "partner" else None), role


def test_manager_invites_colleagues_to_their_organisation_only(cast):
    assert can_invite(cast.manager, "partner", cast.atina)
    assert not can_invite(cast.manager, "partner", cast.caritas)
    assert not can_invite(cast.manager, "partner")


def test_manager_cannot_invite_reviewers_embassies_or_the_mission(cast):
    for role in ("reviewer", "embassy", "mission"):
        assert not can_invite(cast.manager, role, cast.atina), role


def test_plain_member_reviewer_and_embassy_invite_nobody(cast):
    for user in (cast.member, cast.reviewer, cast.embassy):
        assert not can_invite(user, "partner", cast.atina), user.email
        assert not can_invite(user, "reviewer"), user.email


# --- the mission's own screens -------------------------------------------------------------------


def test_only_the_mission_reads_the_outbox_even_mail_addressed_to_a_partner(cast):
    assert not can(cast.member, "view", cast.message_to_member)
    assert visible(cast.member, OutboxMessage) == set()
    for user in (cast.manager, cast.reviewer, cast.embassy):
        assert not can(user, "view", OutboxMessage), user.email
        assert not can(user, "retry", cast.message_to_member), user.email
    assert can(cast.mission, "view", OutboxMessage)
    assert can(cast.mission, "retry", cast.message_to_member)
    assert visible(cast.mission, OutboxMessage) == {cast.message_to_member, cast.message_to_mission}


def test_only_the_mission_reads_the_audit_log(cast):
    assert not can(cast.member, "view", cast.event_of_member)
    for user in (cast.member, cast.manager, cast.reviewer, cast.embassy):
        assert visible(user, AuditEvent) == set(), user.email
    assert can(cast.mission, "view", cast.event_of_member)
    assert cast.event_of_member in visible(cast.mission, AuditEvent)


# --- reference data -----------------------------------------------------------------------------


def test_everyone_signed_in_reads_the_reference_data(cast):
    for model in REFERENCE_DATA:
        rows = set(db.session.scalars(db.select(model)).all())
        assert rows, model.__name__
        for user in everyone(cast):
            assert visible(user, model) == rows, (model.__name__, user.email)
            assert can(user, "view", next(iter(rows))), (model.__name__, user.email)


def test_only_the_mission_edits_the_reference_data(cast):
    for model in REFERENCE_DATA:
        one = db.session.scalars(db.select(model)).first()
        for action in ("edit", "delete"):
            assert can(cast.mission, action, one), (model.__name__, action)
        assert can(cast.mission, "create", model)
        for user in (cast.member, cast.manager, cast.reviewer, cast.embassy):
            for action in ("edit", "delete"):
                assert not can(user, action, one), (model.__name__, action, user.role)
            assert not can(user, "create", model), (model.__name__, user.role)


# --- lists and single objects agree ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_list_shows_exactly_the_objects_the_user_may_open(cast, role):
    user = getattr(cast, role)
    for model in (Organisation, User, Membership, Invitation, OutboxMessage, AuditEvent, *REFERENCE_DATA):
        openable = {row for row in db.session.scalars(db.select(model)) if can(user, "view", row)}
        assert visible(user, model) == openable, model.__name__


# --- visible_or_404: what the views call ---------------------------------------------------------


def signed_in_as(app, user):
    context = app.test_request_context()
    context.push()
    login_user(user)
    return context


def test_visible_or_404_hides_what_the_user_cannot_see(app, cast):
    context = signed_in_as(app, cast.member)
    try:
        with pytest.raises(NotFound):
            visible_or_404(Organisation, cast.caritas.id)
        with pytest.raises(NotFound):
            visible_or_404(Organisation, cast.caritas.id, "edit")  # 404 first: no hint it exists
        with pytest.raises(NotFound):
            visible_or_404(Organisation, 999_999)
    finally:
        context.pop()


def test_visible_or_404_refuses_with_403_what_the_user_sees_but_may_not_do(app, cast):
    context = signed_in_as(app, cast.member)
    try:
        assert visible_or_404(Organisation, cast.atina.id) == cast.atina
        with pytest.raises(Forbidden):
            visible_or_404(Organisation, cast.atina.id, "edit")
    finally:
        context.pop()


def test_visible_or_404_gives_the_manager_their_organisation_to_edit(app, cast):
    context = signed_in_as(app, cast.manager)
    try:
        assert visible_or_404(Organisation, cast.atina.id, "edit") == cast.atina
    finally:
        context.pop()
