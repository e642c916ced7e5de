"""A country's share of a programme year: the money and the indicators of the grants there,
regional ones included, the reports still awaiting acceptance and the list of projects. The
embassy reads it with small numbers of victims masked, the mission with exact figures."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.annual.review import money_by_component, money_by_partner
from portal.annual.rollup import Filters, MoneyFigure, money_rollup, report_tally, year_grants
from portal.annual.suppression import is_masked, masks_for, victim_threshold
from portal.annual.tables import indicator_lines
from portal.core.access import scope
from portal.extensions import db
from portal.grants.models import Call, Grant, Proposal
from portal.grants.models.proposal import proposal_countries
from portal.programme.models import ProgrammeYear


@dataclass
class CountryShare:
    country: object  # Country
    year: int
    money_total: MoneyFigure  # every grant reaching the country once, regional ones whole
    money_by_component: list  # (Component, MoneyFigure)
    money_by_partner: list  # (Organisation, MoneyFigure)
    indicators: list  # (Component, [IndicatorLine]): each total, then its breakdown categories
    tally: object  # ReportTally
    projects: list  # Grant
    threshold: int | None  # the mission's threshold, when figures are masked

    @property
    def has_masked_figures(self):
        return any(is_masked(line.actual) for _component, lines in self.indicators for line in lines)

    @property
    def has_people_indicators(self):
        return any(line.may_double_count for _component, lines in self.indicators for line in lines)


def share_of(country, year, user, today):
    """The country's share of `year`, as `user` may read it."""
    filters = Filters(country=country.code)
    masked = masks_for(user)
    threshold = victim_threshold() if masked else None
    lines = indicator_lines(year, filters, by_country=True, user=user, masked=masked)
    totals = money_rollup(year, filters, user=user)
    return CountryShare(
        country=country, year=year,
        money_total=totals[0] if totals else MoneyFigure(),
        money_by_component=money_by_component(year, filters, user),
        money_by_partner=money_by_partner(year, filters, user),
        indicators=_by_indicator_component(lines),
        tally=report_tally(year, today, filters, user=user),
        projects=db.session.scalars(
            select(Grant).where(Grant.id.in_(year_grants(year, filters, user)))
            .options(selectinload(Grant.organisation), selectinload(Grant.proposal).selectinload(Proposal.countries))
            .order_by(Grant.reference)
        ).all(),
        threshold=threshold,
    )


def latest_year_with_grants(country_code, user):
    """The latest programme year with a grant in the country that the user sees, if any."""
    return db.session.scalar(
        select(func.max(ProgrammeYear.year))
        .join(Call, Call.programme_year_id == ProgrammeYear.id)
        .join(Proposal, Proposal.call_id == Call.id)
        .join(Grant, Grant.proposal_id == Proposal.id)
        .where(Proposal.id.in_(select(proposal_countries.c.proposal_id)
                               .where(proposal_countries.c.country_code == country_code)),
               Grant.id.in_(scope(user, Grant, select(Grant.id))))
    )


def _by_indicator_component(lines):
    groups = {}
    for line in lines:
        groups.setdefault(line.component.id, (line.component, []))[1].append(line)
    return list(groups.values())
