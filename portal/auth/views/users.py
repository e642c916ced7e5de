"""People: the mission's list of every account, and each person's page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import operations
from portal.auth.forms import UserAccessForm
from portal.auth.models import User
from portal.auth.queries import country_choices, pending_invitations, visible_users
from portal.auth.roles import Role
from portal.core.access import authorize, can, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm


def users():
    authorize("administer", User)
    role = request.args.get("role") if request.args.get("role") in set(Role) else None
    search = request.args.get("q", "")[:100]
    return render_template(
        "auth/users.html",
        users=visible_users(role=role, search=search),
        invitations=pending_invitations(),
        role=role,
        search=search,
        roles=list(Role),
        confirm=ConfirmForm(),
    )


def user(user_id):
    person = visible_or_404(User, user_id)
    form = None
    if can(current_user, "edit", person):
        form = UserAccessForm(
            data={"role": person.role, "country_code": person.country_code or "",
                  "is_active": person.is_active_account}
        )
        form.country_code.choices = country_choices(blank=_("Not an embassy"))
    return render_template("auth/user.html", person=person, form=form)


def update_user_access(user_id):
    person = visible_or_404(User, user_id, "edit")
    form = UserAccessForm()
    form.country_code.choices = country_choices(blank=_("Not an embassy"))
    if form.validate_on_submit():
        try:
            operations.update_user(
                person, role=form.role.data, country_code=form.country_code.data or None,
                is_active=form.is_active.data,
            )
        except OperationRefused as refusal:
            form.role.errors.append(str(refusal))
        else:
            flash(_("The access of %(name)s is saved.", name=person.name), "success")
            return redirect(url_for("auth.user", user_id=person.id))
    return render_template("auth/user.html", person=person, form=form), 422
