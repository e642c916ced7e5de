"""Who takes the annual review's exports: the mission only. The IATI file publishes every
approved grant of a year with its money and results; partners, reviewers and embassies see
their share of it in the portal itself."""

from portal.grants.models import Grant


def mission_only(user, _target):
    return user.is_mission


RULES = {
    (Grant, "export_iati"): mission_only,  # the IATI activity file of a programme year
}

SCOPES = {}
