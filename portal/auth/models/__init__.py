from portal.auth.models.invitation import Invitation
from portal.auth.models.membership import Membership
from portal.auth.models.organisation import Organisation, OrganisationKind
from portal.auth.models.password_reset import PasswordReset
from portal.auth.models.user import User

__all__ = ["Invitation", "Membership", "Organisation", "OrganisationKind", "PasswordReset", "User"]
