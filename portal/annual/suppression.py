"""Small numbers of victims, masked outside the mission.

A count of victims below the mission's threshold (default 5) is shown as "< 5" to embassies
and in every export that leaves the mission. Masking one cell of a breakdown is not enough:
the total minus the other cells would give it back. So in each breakdown that adds up to a
total, when a single cell is masked, the next smallest cell is masked too (or, failing one,
the total). The mission's own screens show exact figures.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from portal.extensions import db

THRESHOLD_KEY = "victim_threshold"


@dataclass(frozen=True)
class Masked:
    """A figure that may not be shown. A small count renders as "< threshold"; a figure hidden
    only so that a small one cannot be worked out renders as "x" (it is not small)."""

    threshold: int
    small: bool = True

    def __str__(self):
        if not self.small:
            return str(_l("x"))
        return str(_l("< %(threshold)s", threshold=self.threshold))

    def __html__(self):
        return str(escape(str(self)))


def is_masked(value):
    return isinstance(value, Masked)


def victim_threshold():
    from portal.annual.models import MissionSetting

    setting = db.session.get(MissionSetting, THRESHOLD_KEY)
    return int(setting.value) if setting else current_app.config["VICTIM_THRESHOLD"]


def masks_for(user):
    """Whether this reader gets masked figures: everyone but the mission."""
    return not (user is not None and user.is_authenticated and user.is_mission)


def _is_small(value, threshold):
    return value is not None and not is_masked(value) and 0 < value < threshold


def mask_breakdown(total, parts, threshold):
    """Mask one breakdown of a victim count: `total` is the whole, `parts` maps each category
    to its value (None where not given). Returns the total and the parts, masked where needed.

    A part is masked when it is small. While the total shows, the masked parts must not be
    recoverable by subtraction: when only small parts are hidden (so a reader knows each lies
    between 1 and threshold - 1), the smallest other part given is hidden too (zero included:
    "0 men" beside the total would give the women's number), and when no other part is given,
    the total. A part hidden this way is not small and renders as "x".
    """
    parts = dict(parts)
    if _is_small(total, threshold):
        total = Masked(threshold)
    small = [key for key, value in parts.items() if _is_small(value, threshold)]
    for key in small:
        parts[key] = Masked(threshold)
    if small and not is_masked(total) and total is not None:
        others = [(value, key) for key, value in parts.items() if value is not None and not is_masked(value)]
        if others:
            _value, key = min(others, key=lambda pair: (pair[0], str(pair[1])))
            parts[key] = Masked(threshold, small=False)
        else:
            total = Masked(threshold, small=False)
    return total, parts


def mask_count(total, breakdowns, threshold):
    """Mask a victim count with all its breakdowns: `breakdowns` maps each dimension to its parts
    ({key: value}, keys unique across dimensions). Returns the total and {key: value} of every
    part, masked where needed.

    Each breakdown is judged against the exact total: a total hidden by one breakdown may still
    be read off another's shown parts, so none may count on it being hidden. The total is
    hidden when it is small, or when any breakdown needs it hidden.
    """
    shown_total, shown_parts = mask_value(total, threshold), {}
    for parts in breakdowns.values():
        breakdown_total, shown = mask_breakdown(total, parts, threshold)
        shown_parts.update(shown)
        if is_masked(breakdown_total) and not is_masked(shown_total):
            shown_total = breakdown_total
    return shown_total, shown_parts


def mask_value(value, threshold):
    """A lone victim count with no breakdown around it."""
    return Masked(threshold) if _is_small(value, threshold) else value


SUPPRESSION_NOTE = _l(
    "Counts of victims below %(threshold)s are shown as “< %(threshold)s”; a figure shown as “x” is hidden so "
    "that no small count can be worked out by subtraction."
)
