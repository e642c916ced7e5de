"""Indicator values as one reader may see them: counts of victims below the mission's threshold
masked for everyone but the mission, with their complementary cells (portal.annual.suppression).

A page of values may hold part of a breakdown only: the masks are worked out on the whole
breakdown of each (report, indicator, country) the page touches, then applied to the page.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.annual.suppression import is_masked, mask_count, masks_for, victim_threshold
from portal.api.queries import breakdowns_of


@dataclass
class ShownValue:
    """What IndicatorValueSchema serialises: one value, masked or not."""

    id: int
    grant_id: int
    grant_reference: str
    report_id: int
    report_kind: str
    period_start: date
    period_end: date
    indicator_id: int
    indicator: str
    dimension: str | None
    category: str | None
    country: str | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    text_value: str | None
    masked: bool = False
    below: int | None = None


def shown_values(values, user):
    """The values of one page, masked as this reader must see them."""
    masked, threshold = set(), None
    if masks_for(user):
        threshold = victim_threshold()
        masked = masked_value_ids(values, threshold)
    return [_shown(value, value.id in masked, threshold) for value in values]


def _shown(value, masked, threshold):
    report, category = value.report, value.category
    return ShownValue(
        id=value.id, grant_id=report.grant_id, grant_reference=report.grant.reference, report_id=report.id,
        report_kind=report.kind, period_start=report.period_start, period_end=report.period_end,
        indicator_id=value.indicator_id, indicator=value.indicator.code,
        dimension=category.dimension.code if category else None, category=category.code if category else None,
        country=value.country_code,
        value=None if masked else value.value,
        numerator=None if masked else value.numerator,
        denominator=None if masked else value.denominator,
        text_value=value.text_value, masked=masked, below=threshold if masked else None,
    )


def masked_value_ids(values, threshold):
    """The ids of the values to mask among `values`, each breakdown judged whole."""
    groups = {(v.report_id, v.indicator_id, v.country_code) for v in values if v.indicator.counts_victims}
    by_group = defaultdict(list)
    for value in breakdowns_of(groups):
        by_group[(value.report_id, value.indicator_id, value.country_code)].append(value)
    masked = set()
    for group in by_group.values():
        masked |= _masked_in_group(group, threshold)
    return masked


def _masked_in_group(group, threshold):
    """One indicator of one report for one country scope: its total and each breakdown."""
    total_row = next((value for value in group if value.category_id is None), None)
    breakdowns = defaultdict(dict)
    for value in group:
        if value.category_id is not None:
            breakdowns[value.category.dimension_id][value.id] = value.value
    total, parts = mask_count(total_row.value if total_row else None, breakdowns, threshold)
    masked = {value_id for value_id, part in parts.items() if is_masked(part)}
    if total_row is not None and is_masked(total):
        masked.add(total_row.id)
    return masked
