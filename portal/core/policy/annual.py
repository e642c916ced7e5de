"""Who reads the annual review, plans and signs off a year and takes its exports: the mission
only. The IATI file publishes every approved grant of a year with its money and results;
partners and embassies see their share of it in the portal itself."""

from portal.grants.models import Grant
from portal.programme.models import ProgrammeYear


def mission_only(user, _target):
    return user.is_mission


RULES = {
    (Grant, "export_iati"): mission_only,  # the IATI activity file of a programme year
    (ProgrammeYear, "review"): mission_only,  # the annual review page, with exact figures
    (ProgrammeYear, "programme"): mission_only,  # plan the year's envelopes
    (ProgrammeYear, "sign_off"): mission_only,  # freeze the year's figures
    (ProgrammeYear, "set_threshold"): mission_only,  # the smallest count of victims shown outside
}

SCOPES = {}
