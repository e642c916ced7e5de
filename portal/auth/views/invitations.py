"""Invitations: the mission invites anyone, a manager invites colleagues, the invitee accepts."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.auth import operations
from portal.auth.forms import AcceptInvitationForm, InviteColleagueForm, InviteForm
from portal.auth.models import Invitation, Organisation, User
from portal.auth.queries import country_choices, locale_choices, organisation_choices
from portal.auth.sessions import end_session, set_pending, start_session
from portal.core.access import authorize, can_invite, public, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.core.tokens import hash_token
from portal.extensions import db, limiter


def _invitation_limit():
    return current_app.config["INVITATION_RATE_LIMIT"]


def _inviter():
    return f"invitation:{current_user.get_id()}"


# Each invitation sends an e-mail: one budget per person over both invitation forms.
invitation_rate_limit = limiter.shared_limit(_invitation_limit, scope="invitation", key_func=_inviter,
                                             methods=["POST"])


@invitation_rate_limit
def invite():
    """The mission's invitation form, for every role."""
    authorize("administer", User)
    form = InviteForm()
    form.locale.choices = locale_choices()
    form.organisation_id.choices = organisation_choices(blank=_("Not a partner"))
    form.country_code.choices = country_choices(blank=_("Not an embassy"))
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data or 0)
        try:
            operations.invite(
                current_user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                locale=form.locale.data,
                organisation=organisation,
                country_code=form.country_code.data or None,
                as_manager=form.as_manager.data,
            )
        except OperationRefused as refusal:
            form.email.errors.append(str(refusal))
        else:
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/invite.html", form=form), 422 if form.errors else 200


@invitation_rate_limit
def invite_colleague(organisation_id):
    organisation = visible_or_404(Organisation, organisation_id)
    if not can_invite(current_user, "partner", organisation):
        abort(403)
    form = InviteColleagueForm()
    form.locale.choices = locale_choices()
    if not form.is_submitted():
        form.locale.data = organisation.locale
    if form.validate_on_submit():
        try:
            operations.invite(
                current_user,
                email=form.email.data,
                name=form.name.data,
                role="partner",
                locale=form.locale.data,
                organisation=organisation,
                as_manager=form.as_manager.data,
            )
        except OperationRefused as refusal:
            form.email.errors.append(str(refusal))
        else:
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("auth.organisation", organisation_id=organisation.id))
    return render_template(
        "auth/invite_colleague.html", form=form, organisation=organisation
    ), 422 if form.errors else 200


def revoke_invitation(invitation_id):
    invitation = visible_or_404(Invitation, invitation_id, "revoke")
    if ConfirmForm().validate_on_submit():
        try:
            operations.revoke_invitation(invitation)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "info")
    if invitation.organisation_id and not current_user.is_mission:
        return redirect(url_for("auth.organisation", organisation_id=invitation.organisation_id))
    return redirect(url_for("auth.users"))


@public
def accept_invitation(token):
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None or not invitation.is_pending:
        return render_template("auth/link_unusable.html"), 410
    form = AcceptInvitationForm()
    form.locale.choices = locale_choices()
    form.email_for_check = invitation.email
    if not form.is_submitted():
        form.name.data = invitation.name
        form.locale.data = invitation.locale
    if form.validate_on_submit():
        if current_user.is_authenticated:
            end_session()  # whoever was signed in here, the new account takes over
        try:
            user = operations.accept_invitation(
                invitation, name=form.name.data, password=form.password.data,
                locale=form.locale.data,
            )
        except OperationRefused as refusal:
            flash(str(refusal), "danger")
            return render_template("auth/link_unusable.html"), 410
        if user.needs_two_factor:
            set_pending(user)
            flash(_("Your account is ready. Now protect it with a second factor."), "success")
            return redirect(url_for("auth.two_factor_setup"))
        start_session(user)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
        return redirect(url_for("dashboard.index"))
    return render_template(
        "auth/accept_invitation.html", form=form, invitation=invitation
    ), 422 if form.errors else 200
