"""Who reads and who keeps the indicator catalogue: everyone signed in reads the indicators
and their breakdowns (partners set targets and report against them); only the mission
creates, edits, retires and deletes them."""

from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator


def everyone_signed_in(user, _target):
    return True  # portal.core.access already refused anyone not signed in


def mission_only(user, _target):
    return user.is_mission


def whole_catalogue(user, statement):
    return statement


RULES = {
    (Indicator, "view"): everyone_signed_in,
    (Indicator, "create"): mission_only,
    (Indicator, "edit"): mission_only,
    (Indicator, "retire"): mission_only,
    (Indicator, "delete"): mission_only,
    (BreakdownDimension, "view"): everyone_signed_in,
    (BreakdownDimension, "edit"): mission_only,  # adds categories to it
    (BreakdownCategory, "view"): everyone_signed_in,
    (BreakdownCategory, "edit"): mission_only,
    (BreakdownCategory, "delete"): mission_only,
}

SCOPES = {
    Indicator: whole_catalogue,
    BreakdownDimension: whole_catalogue,
    BreakdownCategory: whole_catalogue,
}
