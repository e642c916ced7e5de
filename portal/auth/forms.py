"""Forms of sign-in, invitations, profiles and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, URLField
from wtforms.validators import Email, EqualTo, Length, Optional, ValidationError

from portal.auth.models import OrganisationKind
from portal.auth.passwords import MAX_LENGTH, password_problem
from portal.auth.roles import role_choices
from portal.core.forms import TIMEZONES, NotBlank


class NewPassword:
    def __call__(self, form, field):
        email = getattr(form, "email_for_check", None)
        problem = password_problem(field.data or "", email)
        if problem:
            raise ValidationError(problem)


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[NotBlank(), NewPassword()],
        description=_l("At least 12 characters. A few unrelated words make a strong password."),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[NotBlank(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    return password, confirm


EMAIL_VALIDATORS = [
    NotBlank(),
    Length(max=254),
    Email(message=_l("Enter a valid email address."), check_deliverability=False),
]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[NotBlank(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[NotBlank()],
                             render_kw={"autocomplete": "current-password"})


class TwoFactorForm(FlaskForm):
    code = StringField(
        _l("Six-digit code"),
        validators=[NotBlank(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=EMAIL_VALIDATORS,
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[NotBlank(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    locale = SelectField(_l("Language of the portal and of its messages"))
    password, confirm = _new_password_fields()


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[NotBlank(), Length(max=200)])
    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"), choices=[(tz, tz) for tz in TIMEZONES])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[NotBlank()],
                                     render_kw={"autocomplete": "current-password"})
    password, confirm = _new_password_fields()


class InviteForm(FlaskForm):
    """The mission invites anyone: staff, reviewers, embassies, an organisation's first member."""

    name = StringField(_l("Name"), validators=[NotBlank(), Length(max=200)])
    email = EmailField(_l("Email"), validators=EMAIL_VALIDATORS)
    role = SelectField(_l("Role"), choices=role_choices())
    locale = SelectField(_l("Language of the invitation"))
    organisation_id = SelectField(_l("Organisation (partners)"), coerce=int, validate_choice=False)
    country_code = SelectField(_l("Country (embassies)"), validate_choice=False)
    as_manager = BooleanField(_l("May manage the organisation's members"))

    def validate_organisation_id(self, field):
        if self.role.data == "partner" and not field.data:
            raise ValidationError(_l("Choose the partner's organisation."))

    def validate_country_code(self, field):
        if self.role.data == "embassy" and not field.data:
            raise ValidationError(_l("Choose the embassy's country."))


class InviteColleagueForm(FlaskForm):
    name = StringField(_l("Name"), validators=[NotBlank(), Length(max=200)])
    email = EmailField(_l("Email"), validators=EMAIL_VALIDATORS)
    locale = SelectField(_l("Language of the invitation"))
    as_manager = BooleanField(_l("May manage the organisation's members"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[NotBlank(), Length(max=200)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=40)])
    kind = SelectField(_l("Kind"), choices=[(k.value, k.title) for k in OrganisationKind])
    country_code = SelectField(_l("Country"))
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)])
    locale = SelectField(_l("Working language"))

    def validate_website(self, field):
        if field.data and not field.data.startswith(("http://", "https://")):
            raise ValidationError(_l("Start the address with https:// or http://."))


class UserAccessForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices())
    country_code = SelectField(_l("Country (embassies)"), validate_choice=False)
    is_active = BooleanField(_l("Account active"))

    def validate_country_code(self, field):
        if self.role.data == "embassy" and not field.data:
            raise ValidationError(_l("Choose the embassy's country."))
