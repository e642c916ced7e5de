"""Reads for the account pages, always through the access policy's scope."""

from flask_login import current_user
from sqlalchemy import func, select

from portal.auth.models import Invitation, Membership, Organisation, User
from portal.core.access import scope
from portal.core.db import utcnow
from portal.core.i18n import language_choices
from portal.core.search import matches
from portal.extensions import db
from portal.programme.models import Country


def visible_organisations(country_code=None, search=None):
    statement = scope(current_user, Organisation)
    if country_code:
        statement = statement.where(Organisation.country_code == country_code)
    if search and search.strip():
        # Any script, any case: "Атина" finds Atina, "İSTANBUL" finds Istanbul.
        statement = statement.where(matches(Organisation.search_key, search))
    return db.session.scalars(statement.order_by(Organisation.country_code, Organisation.name)).all()


def member_counts(organisation_ids):
    rows = db.session.execute(
        select(Membership.organisation_id, func.count(Membership.id))
        .where(Membership.organisation_id.in_(organisation_ids))
        .group_by(Membership.organisation_id)
    )
    return dict(rows.all())


def visible_users(role=None, search=None):
    statement = scope(current_user, User)
    if role:
        statement = statement.where(User.role == role)
    if search:
        pattern = f"%{search.strip().lower()}%"
        statement = statement.where(func.lower(User.name).like(pattern) | User.email.like(pattern))
    return db.session.scalars(statement.order_by(User.role, User.name)).all()


def pending_invitations(organisation=None):
    statement = scope(current_user, Invitation).where(
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )
    if organisation is not None:
        statement = statement.where(Invitation.organisation_id == organisation.id)
    return db.session.scalars(statement.order_by(Invitation.created_at.desc())).all()


def country_choices(blank=None):
    countries = db.session.scalars(select(Country).where(Country.is_active)).all()
    choices = sorted(((c.code, c.name) for c in countries), key=lambda choice: choice[1])
    return ([("", blank)] if blank else []) + choices


def organisation_choices(blank=None):
    organisations = db.session.scalars(
        scope(current_user, Organisation).order_by(Organisation.name)
    ).all()
    choices = [(o.id, f"{o.name} ({o.country_code})") for o in organisations]
    return ([(0, blank)] if blank else []) + choices


def locale_choices():
    return language_choices()
