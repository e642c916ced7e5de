"""Everything that changes accounts, organisations and memberships. Operations flush; the
request (or the command) commits once at its end."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import Invitation, Membership, Organisation, PasswordReset, User
from portal.auth.passwords import set_password
from portal.auth.roles import Role
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import OperationRefused
from portal.core.outbox import queue_message
from portal.core.tokens import new_token
from portal.core.urls import absolute_url
from portal.extensions import db


def normalise_email(email):
    return email.strip().lower()


def user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def invite(inviter, *, email, name, role, locale, organisation=None, country_code=None,
           as_manager=False):
    """Create a single-use invitation and queue its message in the invitee's language.

    A pending invitation to the same address is replaced, so only the newest link works.
    """
    email = normalise_email(email)
    if user_by_email(email):
        raise OperationRefused(_l("An account with this email address already exists."))
    for previous in db.session.scalars(
        select(Invitation).where(
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        previous.revoked_at = utcnow()
    token, token_hash = new_token()
    invitation = Invitation(
        token_hash=token_hash,
        email=email,
        name=name.strip(),
        role=Role(role).value,
        locale=locale,
        organisation=organisation if role == Role.PARTNER else None,
        country_code=country_code if role == Role.EMBASSY else None,
        as_manager=bool(as_manager and role == Role.PARTNER),
        invited_by=inviter,
        expires_at=utcnow() + current_app.config["INVITATION_VALID_FOR"],
    )
    db.session.add(invitation)
    queue_message(
        "invitation",
        email,
        locale,
        {
            "invitation": invitation,
            "link": absolute_url("auth.accept_invitation", token=token),
            "inviter_name": inviter.name if inviter else None,
        },
    )
    audit.record("invitation.create", invitation, after={"email": email, "role": role})
    return invitation


def accept_invitation(invitation, *, name, password, locale):
    """Turn a pending invitation into an account; the invitation cannot be used again."""
    if not invitation.is_pending:
        raise OperationRefused(_l("This invitation has already been used, was withdrawn or has expired."))
    if user_by_email(invitation.email):
        raise OperationRefused(_l("An account with this email address already exists."))
    country_timezone = _timezone_for(invitation)
    user = User(
        email=invitation.email,
        name=name.strip(),
        role=invitation.role,
        country_code=invitation.country_code,
        locale=locale,
        timezone=country_timezone,
    )
    set_password(user, password)
    db.session.add(user)
    if invitation.organisation is not None:
        db.session.add(
            Membership(
                user=user, organisation=invitation.organisation, is_manager=invitation.as_manager
            )
        )
    invitation.accepted_at = utcnow()
    db.session.flush()
    invitation.user_id = user.id
    audit.record("invitation.accept", invitation, actor=user, after={"user_id": user.id})
    return user


def _timezone_for(invitation):
    country = invitation.country or (invitation.organisation and invitation.organisation.country)
    return country.timezone if country else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def revoke_invitation(invitation):
    if not invitation.is_pending:
        raise OperationRefused(_l("This invitation has already been used, was withdrawn or has expired."))
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", invitation)


def request_password_reset(email):
    """Queue a reset link when an active account has this address; say nothing otherwise."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        return None
    token, token_hash = new_token()
    reset = PasswordReset(
        token_hash=token_hash,
        user=user,
        expires_at=utcnow() + current_app.config["PASSWORD_RESET_VALID_FOR"],
    )
    db.session.add(reset)
    queue_message(
        "password_reset",
        user.email,
        user.locale,
        {"user": user, "link": absolute_url("auth.reset_password", token=token)},
        recipient=user,
    )
    audit.record("password.reset_requested", user, actor=user)
    return reset


def reset_password(reset, password):
    if not reset.is_usable:
        raise OperationRefused(_l("This password reset link has already been used or has expired."))
    user = reset.user
    set_password(user, password)
    reset.used_at = utcnow()
    # The reset proves who they are: lift any slow-down and end every other session.
    user.failed_logins = 0
    user.session_version += 1
    audit.record("password.reset", user, actor=user)
    return user


def change_password(user, new_password):
    set_password(user, new_password)
    user.session_version += 1
    audit.record("password.change", user, actor=user)


def log_out_everywhere(user):
    user.session_version += 1
    audit.record("session.logout_everywhere", user, actor=user)


def update_profile(user, *, name, locale, timezone):
    before = {"name": user.name, "locale": user.locale, "timezone": user.timezone}
    user.name, user.locale, user.timezone = name.strip(), locale, timezone
    audit.record("user.profile", user, before=before,
                 after={"name": user.name, "locale": locale, "timezone": timezone})


def enable_two_factor(user, secret):
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    audit.record("two_factor.enable", user, actor=user)


def update_user(user, *, role, country_code, is_active):
    """The mission changes a person's role, embassy country or access."""
    before = {"role": user.role, "country": user.country_code, "active": user.is_active_account}
    if role != Role.PARTNER and user.memberships:
        raise OperationRefused(_l("This person is a member of an organisation: only partners can be members."))
    country_code = country_code if role == Role.EMBASSY else None
    if (role, country_code) != (user.role, user.country_code) or not is_active:
        user.session_version += 1  # new rights, or none: their open sessions end at once
    user.role = role
    user.country_code = country_code
    user.is_active_account = is_active
    audit.record("user.access", user, before=before,
                 after={"role": role, "country": user.country_code, "active": is_active})


def save_organisation(organisation, **fields):
    """Create or update an organisation; its name is unique within its country."""
    fields = {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}
    with db.session.no_autoflush:
        duplicate = db.session.scalar(
            select(func.count(Organisation.id)).where(
                func.lower(Organisation.name) == fields["name"].lower(),
                Organisation.country_code == fields["country_code"],
                Organisation.id != (organisation.id or -1),
            )
        )
    if duplicate:
        raise OperationRefused(_l("An organisation with this name already exists in this country."))
    before = {key: getattr(organisation, key) for key in fields} if organisation.id else None
    for key, value in fields.items():
        setattr(organisation, key, value)
    db.session.add(organisation)
    audit.record("organisation.save", organisation, before=before, after=fields)
    return organisation


def set_manager(membership, is_manager):
    if not is_manager and _is_last_manager(membership):
        raise OperationRefused(_l("An organisation keeps at least one manager: make someone else a manager first."))
    membership.is_manager = is_manager
    audit.record("membership.manager", membership, after={"is_manager": is_manager})


def remove_member(membership):
    if _is_last_manager(membership):
        raise OperationRefused(_l("An organisation keeps at least one manager: make someone else a manager first."))
    audit.record("membership.remove", membership,
                 before={"user_id": membership.user_id, "organisation": membership.organisation_id})
    db.session.delete(membership)


def _is_last_manager(membership):
    managers = [m for m in membership.organisation.memberships if m.is_manager]
    return membership.is_manager and len(managers) == 1
