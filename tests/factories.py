"""Factories: callables that create objects with sensible defaults; override what matters."""

import itertools

from portal.auth import two_factor
from portal.auth.models import Membership, Organisation, User
from portal.auth.passwords import set_password
from portal.core.db import utcnow
from portal.extensions import db

PASSWORD = "correct horse battery staple"  # noqa: S105
_sequence = itertools.count(1)


def make_organisation(name=None, country_code="RS", kind="association", locale="sr", **fields):
    organisation = Organisation(
        name=name or f"Organisation {next(_sequence)}",
        country_code=country_code,
        kind=kind,
        locale=locale,
        **fields,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_user(role="partner", email=None, name=None, organisation=None, manager=False,
              country_code=None, locale="en", password=PASSWORD, two_factor_on=None, **fields):
    number = next(_sequence)
    if role == "embassy" and country_code is None:
        country_code = "RS"
    user = User(
        email=email or f"{role}{number}@example.org",
        name=name or f"{role.title()} {number}",
        role=role,
        country_code=country_code if role == "embassy" else None,
        locale=locale,
        **fields,
    )
    set_password(user, password)
    if two_factor_on if two_factor_on is not None else role in ("mission", "reviewer"):
        user.totp_secret = two_factor.new_secret()
        user.totp_enabled_at = utcnow()
    db.session.add(user)
    if organisation is not None:
        db.session.add(Membership(user=user, organisation=organisation, is_manager=manager))
    db.session.commit()
    return user


def make_partner(organisation=None, manager=True, **fields):
    """A partner user with their organisation (created unless given)."""
    organisation = organisation or make_organisation()
    return make_user("partner", organisation=organisation, manager=manager, **fields)


def make_call(countries=("RS", "AL", "XK", "ME"), components=("C2", "C3"), published=True, opens_in_days=-10,
              deadline_in_days=20, **fields):
    """A call of the current programme year with two criteria."""
    from datetime import timedelta
    from decimal import Decimal

    from portal.grants.models import Call, Criterion
    from portal.programme.models import Component, Country, ProgrammeYear

    year = db.session.scalar(db.select(ProgrammeYear).where(ProgrammeYear.year == 2026))
    if year is None:
        year = ProgrammeYear(year=2026, envelope_eur=Decimal("900000"))
        db.session.add(year)
    now = utcnow()
    call = Call(
        programme_year=year,
        titles={"en": "Protecting victims 2026", "fr": "Protéger les victimes 2026"},
        descriptions={"en": "Shelters and assistance.", "fr": "Hébergement et assistance."},
        opens_at=now + timedelta(days=opens_in_days),
        deadline_at=now + timedelta(days=deadline_in_days),
        envelope_eur=Decimal("300000"), min_amount_eur=Decimal("5000"), max_amount_eur=Decimal("150000"),
        indirect_ceiling_pct=Decimal("7"), is_published=published,
        components=db.session.scalars(db.select(Component).where(Component.code.in_(components))).all(),
        countries=db.session.scalars(db.select(Country).where(Country.code.in_(countries))).all(),
        criteria=[
            Criterion(names={"en": "Relevance", "fr": "Pertinence"}, weight=Decimal("2"), scale_max=5, position=1),
            Criterion(names={"en": "Feasibility", "fr": "Faisabilité"}, weight=Decimal("1"), scale_max=5, position=2),
        ],
        **fields,
    )
    db.session.add(call)
    db.session.commit()
    return call


def make_grant(organisation=None, countries=("RS",), components=("C3",), start=None, months=12,
               amount="50000", reports=()):
    """An approved grant with its proposal (budget lines and a target) and the given reports:
    `reports` holds (kind, period_start, period_end, due_date) tuples."""
    from datetime import date, timedelta
    from decimal import Decimal

    from portal.grants.models import BudgetLine, Grant, IndicatorTarget, Proposal, ProposalStatus
    from portal.indicators.models import Indicator
    from portal.programme.models import Component, Country
    from portal.reports.models import Report

    organisation = organisation or make_organisation()
    call = make_call(countries=countries, components=components)
    start = start or date(2026, 1, 1)
    end = start + timedelta(days=30 * months)
    chosen = db.session.scalars(db.select(Component).where(Component.code.in_(components))).all()
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.component_id == chosen[0].id)
                                  .order_by(Indicator.position))
    proposal = Proposal(
        call=call, organisation=organisation, title="Shelter and assistance", summary="Summary.", language="en",
        scope="regional" if len(countries) > 1 else "bilateral", start_date=start, end_date=end,
        status=ProposalStatus.APPROVED, requested_eur=Decimal(amount),
        countries=db.session.scalars(db.select(Country).where(Country.code.in_(countries))).all(),
        components=chosen,
        budget_lines=[BudgetLine(category="personnel", description="Staff", amount_eur=Decimal(amount), position=1)],
        indicator_targets=[IndicatorTarget(indicator=indicator, baseline=Decimal("0"), target=Decimal("40"))],
    )
    grant = Grant(reference=f"THB-2026-{next(_sequence):03d}", proposal=proposal, organisation=organisation,
                  amount_eur=Decimal(amount), start_date=start, end_date=end)
    grant.reports = [Report(kind=kind, period_start=period_start, period_end=period_end, due_date=due,
                            language=organisation.locale) for kind, period_start, period_end, due in reports]
    db.session.add(grant)
    db.session.commit()
    return grant
