"""Organisations and their members."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import operations
from portal.auth.forms import OrganisationForm
from portal.auth.models import Membership, Organisation
from portal.auth.queries import (
    country_choices,
    locale_choices,
    member_counts,
    pending_invitations,
    visible_organisations,
)
from portal.core.access import authorize, can, can_invite, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm


def organisations():
    country = request.args.get("country") or None
    search = request.args.get("q", "")[:100]
    rows = visible_organisations(country_code=country, search=search)
    return render_template(
        "auth/organisations.html",
        organisations=rows,
        member_counts=member_counts([o.id for o in rows]),
        countries=country_choices(),
        country=country,
        search=search,
        can_create=can(current_user, "create", Organisation),
    )


def organisation(organisation_id):
    organisation = visible_or_404(Organisation, organisation_id)
    members = sorted(organisation.memberships, key=lambda m: (not m.is_manager, m.user.name))
    return render_template(
        "auth/organisation.html",
        organisation=organisation,
        members=members,
        invitations=pending_invitations(organisation)
        if can(current_user, "manage_members", organisation) else [],
        may_invite=can_invite(current_user, "partner", organisation),
        confirm=ConfirmForm(),
    )


def _organisation_form(organisation):
    form = OrganisationForm(obj=organisation)
    form.country_code.choices = country_choices()
    form.locale.choices = locale_choices()
    if form.validate_on_submit():
        try:
            operations.save_organisation(
                organisation,
                name=form.name.data,
                acronym=form.acronym.data or "",
                kind=form.kind.data,
                country_code=form.country_code.data,
                city=form.city.data or "",
                website=form.website.data or "",
                locale=form.locale.data,
            )
        except OperationRefused as refusal:
            form.name.errors.append(str(refusal))
        else:
            flash(_("The organisation is saved."), "success")
            return redirect(url_for("auth.organisation", organisation_id=organisation.id))
    return render_template(
        "auth/organisation_form.html", form=form, organisation=organisation
    ), 422 if form.errors else 200


def create_organisation():
    authorize("create", Organisation)
    return _organisation_form(Organisation())


def edit_organisation(organisation_id):
    return _organisation_form(visible_or_404(Organisation, organisation_id, "edit"))


def update_membership(membership_id):
    """Make a member a manager, take that away, or remove them from the organisation."""
    membership = visible_or_404(Membership, membership_id, "edit")
    if ConfirmForm().validate_on_submit():
        action = request.form.get("action")
        try:
            if action == "remove":
                operations.remove_member(membership)
                flash(_("%(name)s is no longer a member.", name=membership.user.name), "info")
            elif action in {"make_manager", "unmake_manager"}:
                operations.set_manager(membership, action == "make_manager")
                flash(_("The member's rights are changed."), "success")
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
    return redirect(url_for("auth.organisation", organisation_id=membership.organisation_id))
