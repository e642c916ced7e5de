"""Who reads the annual review, plans and signs off a year and takes its exports: the mission,
with exact figures. An embassy takes its own country's share of the indicator tables, masked.
The IATI file publishes every approved grant of a year with its money and results."""

from portal.grants.models import Grant
from portal.programme.models import ProgrammeYear


def mission_only(user, _target):
    return user.is_mission


def embassy_only(user, _target):
    return user.is_embassy


RULES = {
    (Grant, "export_iati"): mission_only,  # the IATI activity file of a programme year
    (ProgrammeYear, "review"): mission_only,  # the annual review page, with exact figures
    (ProgrammeYear, "programme"): mission_only,  # plan the year's envelopes
    (ProgrammeYear, "sign_off"): mission_only,  # freeze the year's figures
    (ProgrammeYear, "set_threshold"): mission_only,  # the smallest count of victims shown outside
    # Indicator tables (XLSX, CSV) of every country, exact or masked, and the review's PDF
    (ProgrammeYear, "export"): mission_only,
    # An embassy's own country's share of the indicator tables, always masked
    (ProgrammeYear, "export_country"): embassy_only,
}

SCOPES = {}
