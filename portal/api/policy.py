"""Who sees and revokes a personal API token: its owner only. Registered in the one access policy
(portal.core.access) through its own `rule` and `scoper`."""

from portal.api.models import ApiToken
from portal.core.access import rule, scoper


@rule(ApiToken, "view", "revoke")
def _own_token(user, token):
    return token.user_id == user.id


@scoper(ApiToken)
def _own_tokens(user, statement):
    return statement.where(ApiToken.user_id == user.id)
