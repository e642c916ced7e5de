"""What a report needs before it can be submitted: every problem, listed at once."""

from flask_babel import lazy_gettext as _l

from portal.reports.financial import EUR, currency_problem
from portal.reports.indicators import breakdown_problems


def submission_problems(report, no_spending=False):
    """A list of translated messages; empty when the report may be submitted.

    `no_spending` is the partner's explicit statement, made with the submission, that nothing
    was spent this period: a report without financial lines needs it, so that a forgotten
    financial report is never mistaken for an empty one.
    """
    problems = []
    problems.extend(_narrative_problems(report))
    problems.extend(_financial_problems(report, no_spending))
    problems.extend(breakdown_problems(report))
    return problems


def _narrative_problems(report):
    written = {section.component_id: section for section in report.narrative}
    problems = []
    for component in report.grant.proposal.components:
        section = written.get(component.id)
        if section is None or not section.done.strip():
            problems.append(_l("Narrative, %(component)s: say what was done this period.",
                               component=f"{component.code} {component.name}"))
    return problems


def _financial_problems(report, no_spending):
    lines = report.financial_lines
    if not lines and not no_spending:
        return [_l("Financial report: add the spending of the period, or state that nothing was spent.")]
    if lines and no_spending:
        return [_l("Financial report: you stated that nothing was spent, but the report has spending lines.")]
    grant = report.grant
    problems = []
    for number, line in enumerate(lines, start=1):
        if line.spent_on is None:
            problems.append(_l("Financial line %(number)d: give the date of the spending.", number=number))
            continue
        if not grant.start_date <= line.spent_on <= grant.end_date:
            problems.append(_l("Financial line %(number)d: spent on %(date)s, outside the grant's dates.",
                               number=number, date=line.spent_on.isoformat()))
        problem = currency_problem(grant, line.currency, line.spent_on)
        if problem:
            problems.append(_l("Financial line %(number)d: %(problem)s", number=number, problem=problem))
        if line.currency != EUR and (line.rate_date is None or not line.rate_source.strip()):
            problems.append(_l("Financial line %(number)d: give the date and the source of the exchange rate.",
                               number=number))
    return problems
