"""What a proposal needs before it can be submitted: every problem, listed at once."""

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from portal.core.db import utcnow
from portal.grants import budget


def submission_problems(proposal):
    """A list of translated messages; empty when the proposal may be submitted."""
    call = proposal.call
    problems = []
    if not proposal.title.strip():
        problems.append(_l("Give the proposal a title."))
    if not proposal.summary.strip():
        problems.append(_l("Write a summary."))
    if not proposal.components:
        problems.append(_l("Choose at least one component."))
    countries = proposal.country_codes
    if proposal.scope == "bilateral" and len(countries) != 1:
        problems.append(_l("A bilateral project takes place in exactly one country."))
    if proposal.scope == "regional" and len(countries) < 2:
        problems.append(_l("A regional project takes place in two countries or more."))
    if countries - call.country_codes:
        problems.append(_l("Some countries chosen are not eligible for this call."))
    if not proposal.start_date or not proposal.end_date:
        problems.append(_l("Give the start and end dates."))
    elif proposal.end_date < proposal.start_date:
        problems.append(_l("The end date comes before the start date."))
    problems.extend(_activity_problems(proposal))
    problems.extend(_budget_problems(proposal))
    problems.extend(_target_problems(proposal))
    if utcnow() > proposal.submission_deadline:
        problems.append(_l("The deadline of the call has passed."))
    return problems


def _activity_problems(proposal):
    if not proposal.activities:
        return [_l("Describe at least one activity.")]
    problems = []
    component_ids = {c.id for c in proposal.components}
    for number, activity in enumerate(proposal.activities, start=1):
        if not activity.title.strip():
            problems.append(_l("Activity %(number)d has no title.", number=number))
        if activity.component_id not in component_ids:
            problems.append(_l("Activity %(number)d must sit under one of the chosen components.", number=number))
        if activity.country_code not in proposal.country_codes:
            problems.append(_l("Activity %(number)d must take place in one of the chosen countries.", number=number))
    return problems


def _budget_problems(proposal):
    lines = proposal.budget_lines
    if not lines:
        return [_l("Fill in the budget.")]
    call = proposal.call
    problems = []
    requested = budget.requested_total(lines)
    if requested < call.min_amount_eur or requested > call.max_amount_eur:
        problems.append(_l(
            "The amount asked (%(amount)s EUR) must lie between %(low)s and %(high)s EUR.",
            amount=format_decimal(requested), low=format_decimal(call.min_amount_eur),
            high=format_decimal(call.max_amount_eur),
        ))
    ceiling = budget.indirect_ceiling(lines, call.indirect_ceiling_pct)
    if budget.indirect_costs(lines) > ceiling:
        problems.append(_l(
            "Indirect costs may not exceed %(percent)s%% of direct costs, that is %(ceiling)s EUR.",
            percent=format_decimal(call.indirect_ceiling_pct), ceiling=format_decimal(ceiling),
        ))
    return problems


def _target_problems(proposal):
    with_target = {t.indicator.component_id for t in proposal.indicator_targets
                   if t.category_id is None and t.target is not None}
    return [
        _l("Set a target for at least one indicator of %(component)s.", component=component.code)
        for component in proposal.components if component.id not in with_target
    ]
