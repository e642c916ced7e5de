"""The access policy: the one place that decides who may do what.

`can(user, action, target)` answers for one object (or, for "create", a class);
`scope(user, Model)` returns the select of the rows of Model the user may see.
Views call `authorize` / `visible_or_404`; list queries start from `scope`.
Anything not granted here is refused.
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import false, or_, select

from portal.auth.models import Invitation, Membership, Organisation, User
from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.core.policy import annual as annual_policy
from portal.core.policy import grants as grants_policy
from portal.core.policy import indicators as indicators_policy
from portal.core.policy import reports as reports_policy
from portal.extensions import db
from portal.programme.models import Component, Country, Priority, ProgrammeYear

REFERENCE_DATA = (Country, Component, ProgrammeYear, Priority)
MAX_ID = 2**31 - 1  # integer keys are 32-bit on PostgreSQL

# (model, action) -> rule(user, obj) -> bool
_RULES = {**grants_policy.RULES, **reports_policy.RULES, **indicators_policy.RULES, **annual_policy.RULES}
# model -> scoper(user, select) -> select
_SCOPES = {**grants_policy.SCOPES, **reports_policy.SCOPES, **indicators_policy.SCOPES, **annual_policy.SCOPES}


def public(view):
    """Mark a view as open to visitors who are not signed in (the sign-in pages)."""
    view.is_public = True
    return view


def rule(model, *actions):
    def register(function):
        for action in actions:
            _RULES[(model, action)] = function
        return function

    return register


def scoper(model):
    def register(function):
        _SCOPES[model] = function
        return function

    return register


def can(user, action, target):
    if user is None or not user.is_authenticated:
        return False
    model = target if isinstance(target, type) else type(target)
    check = _RULES.get((model, action))
    return bool(check and check(user, target))


def scope(user, model, statement=None):
    """The rows of `model` this user may see, as a select to refine further."""
    statement = statement if statement is not None else select(model)
    if user is None or not user.is_authenticated or model not in _SCOPES:
        return statement.where(false())
    return _SCOPES[model](user, statement)


def authorize(action, target, user=None):
    """Abort with 403 unless the current user may do `action` to `target`."""
    if not can(user or current_user, action, target):
        abort(403)


def visible_or_404(model, ident, action="view"):
    """Load one object the current user may see; others answer 404 as if absent.

    Then, if a further action is asked for, refuse it with 403.
    """
    if isinstance(ident, int) and not 0 < ident <= MAX_ID:
        abort(404)  # beyond any key: the databases would refuse the number itself
    obj = db.session.get(model, ident)
    if obj is None or not can(current_user, "view", obj):
        abort(404)
    if action != "view":
        authorize(action, obj)
    return obj


# --- organisations -------------------------------------------------------------------------


def _manages(user, organisation_id):
    return user.is_partner and organisation_id in user.managed_organisation_ids


@rule(Organisation, "view")
def _view_organisation(user, organisation):
    if user.is_mission:
        return True
    if user.is_partner:
        return organisation.id in user.organisation_ids
    if user.is_embassy:
        return organisation.country_code == user.country_code
    return False


@rule(Organisation, "edit", "manage_members")
def _manage_organisation(user, organisation):
    return user.is_mission or _manages(user, organisation.id)


@rule(Organisation, "create")
def _create_organisation(user, _model):
    return user.is_mission


@scoper(Organisation)
def _scope_organisations(user, statement):
    if user.is_mission:
        return statement
    if user.is_partner:
        return statement.where(Organisation.id.in_(user.organisation_ids or [-1]))
    if user.is_embassy:
        return statement.where(Organisation.country_code == user.country_code)
    return statement.where(false())


# --- people --------------------------------------------------------------------------------


@rule(User, "view")
def _view_user(user, other):
    if user.id == other.id or user.is_mission:
        return True
    return bool(other.organisation_ids & user.managed_organisation_ids)


@rule(User, "edit")
def _edit_user(user, other):
    # Roles, activation and countries are the mission's to change, never one's own.
    return user.is_mission and user.id != other.id


@rule(User, "administer")
def _administer_users(user, _model):
    return user.is_mission


@rule(User, "see_personal_data", "export_personal_data")
def _own_personal_data(user, other):
    # What the portal holds about a person is theirs to see and take; nobody else's, the mission's included.
    return user.id == other.id


@scoper(User)
def _scope_users(user, statement):
    if user.is_mission:
        return statement
    managed = user.managed_organisation_ids
    if managed:
        members = select(Membership.user_id).where(Membership.organisation_id.in_(managed))
        return statement.where(or_(User.id == user.id, User.id.in_(members)))
    return statement.where(User.id == user.id)


@rule(Membership, "view")
def _view_membership(user, membership):
    return _view_organisation(user, membership.organisation)


@rule(Membership, "edit")
def _edit_membership(user, membership):
    if membership.user_id == user.id and not user.is_mission:
        return False  # a manager does not demote or remove themself
    return user.is_mission or _manages(user, membership.organisation_id)


@scoper(Membership)
def _scope_memberships(user, statement):
    # Was missing, so lists showed no membership even to the mission; follows the "view" rule.
    visible = _scope_organisations(user, select(Organisation.id))
    return statement.where(Membership.organisation_id.in_(visible))


@rule(Invitation, "view", "revoke")
def _view_invitation(user, invitation):
    if user.is_mission:
        return True
    return invitation.organisation_id is not None and _manages(user, invitation.organisation_id)


@scoper(Invitation)
def _scope_invitations(user, statement):
    if user.is_mission:
        return statement
    managed = user.managed_organisation_ids
    if managed:
        return statement.where(Invitation.organisation_id.in_(managed))
    return statement.where(false())


def can_invite(user, role, organisation=None):
    """The mission invites anyone; an organisation's manager invites colleagues to it."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_mission:
        return True
    return role == "partner" and organisation is not None and _manages(user, organisation.id)


# --- the mission's own screens ------------------------------------------------------------


@rule(OutboxMessage, "view", "retry")
@rule(AuditEvent, "view", "browse", "export")
def _mission_only(user, _obj):
    return user.is_mission


@scoper(OutboxMessage)
@scoper(AuditEvent)
def _scope_mission_only(user, statement):
    return statement if user.is_mission else statement.where(false())


# --- reference data: everyone signed in reads it, the mission edits it --------------------

for _model in REFERENCE_DATA:
    rule(_model, "view")(lambda user, _obj: True)
    rule(_model, "edit", "create", "delete")(lambda user, _obj: user.is_mission)
    scoper(_model)(lambda user, statement: statement)
