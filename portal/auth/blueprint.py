"""URL rules of the accounts pages."""

from flask import Blueprint

from portal.auth.views import account, invitations, login, organisations, personal_data, recovery, users

bp = Blueprint("auth", __name__, template_folder="templates")

GET_POST = ["GET", "POST"]

bp.add_url_rule("/login", "login", login.login, methods=GET_POST)
bp.add_url_rule("/login/two-factor", "two_factor", login.two_factor_verify, methods=GET_POST)
bp.add_url_rule("/login/two-factor/setup", "two_factor_setup", login.two_factor_setup,
                methods=GET_POST)
bp.add_url_rule("/logout", "logout", login.logout, methods=["POST"])
bp.add_url_rule("/password/forgot", "forgot_password", recovery.forgot_password, methods=GET_POST)
bp.add_url_rule("/password/reset/<token>", "reset_password", recovery.reset_password_view,
                methods=GET_POST)
bp.add_url_rule("/invitation/<token>", "accept_invitation", invitations.accept_invitation,
                methods=GET_POST)
bp.add_url_rule("/language", "switch_language", account.switch_language, methods=["POST"])

bp.add_url_rule("/account", "account", account.account, methods=GET_POST)
bp.add_url_rule("/account/logout-everywhere", "log_out_everywhere", account.log_out_everywhere,
                methods=["POST"])
bp.add_url_rule("/account/data", "personal_data", personal_data.personal_data)
bp.add_url_rule("/account/data.json", "personal_data_export", personal_data.personal_data_export)

bp.add_url_rule("/organisations/", "organisations", organisations.organisations)
bp.add_url_rule("/organisations/new", "create_organisation", organisations.create_organisation,
                methods=GET_POST)
bp.add_url_rule("/organisations/<int:organisation_id>", "organisation",
                organisations.organisation)
bp.add_url_rule("/organisations/<int:organisation_id>/edit", "edit_organisation",
                organisations.edit_organisation, methods=GET_POST)
bp.add_url_rule("/organisations/<int:organisation_id>/invite", "invite_colleague",
                invitations.invite_colleague, methods=GET_POST)
bp.add_url_rule("/memberships/<int:membership_id>", "update_membership",
                organisations.update_membership, methods=["POST"])

bp.add_url_rule("/people/", "users", users.users)
bp.add_url_rule("/people/invite", "invite", invitations.invite, methods=GET_POST)
bp.add_url_rule("/people/<int:user_id>", "user", users.user)
bp.add_url_rule("/people/<int:user_id>/access", "update_user_access", users.update_user_access,
                methods=["POST"])
bp.add_url_rule("/invitations/<int:invitation_id>/revoke", "revoke_invitation",
                invitations.revoke_invitation, methods=["POST"])
