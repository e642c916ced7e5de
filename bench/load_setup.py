"""The load run's database: a fresh schema built by the app's migrations, the demo programme, and
the accounts the virtual users play, each with its own work so that no two of them ever edit the
same record (a conflict between two people saving one draft is the portal's to report, not the
load's to cause).

- partners: one organisation each, with grants of the 2025 programme year and draft reports;
- reviewers: proposals of a 2026 call in review assigned to them, their conflicts not yet declared;
- mission staff: each with an account of their own, since a TOTP code is accepted once per account.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.exceptions import HTTPException

from portal import create_app
from portal.auth import two_factor
from portal.auth.models import Membership, Organisation, User
from portal.auth.passwords import hasher
from portal.config import ProductionConfig
from portal.core.db import utcnow
from portal.demo.loader import load_demo
from portal.extensions import db
from portal.grants import budget
from portal.grants.models import (
    BudgetLine,
    Call,
    Criterion,
    Decision,
    Grant,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    ProposalVersion,
    ReviewAssignment,
)
from portal.grants.snapshot import take_snapshot
from portal.indicators.models import Indicator
from portal.programme.models import Component, Country, ProgrammeYear
from portal.reports.models import Report

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/load"
PASSWORD = "load-Skopje-Sarajevo-2026"  # noqa: S105 (the load accounts' shared password)
YEAR = 2025  # the demo's programme year with grants: the annual review the mission opens
# A partner's cycle is about 7 requests, a reviewer's about 9: work for the whole run, with spare.
PARTNER_REQUESTS_PER_CYCLE = 7
REVIEWER_REQUESTS_PER_CYCLE = 9


@dataclass
class Account:
    email: str
    role: str
    secret: str | None = None  # TOTP secret, for mission and reviewer accounts
    reports: list = field(default_factory=list)  # partner: (report id, period start) of draft reports
    assignments: list = field(default_factory=list)  # reviewer: (assignment id, proposal id)


@dataclass
class Plan:
    partners: list
    reviewers: list
    missions: list
    year: int
    exports: list  # (page name, path) the mission downloads
    password: str = PASSWORD


def split_users(users):
    """Virtual users by role: 20 % reviewers, 20 % mission staff (one of each at least), the rest
    partners."""
    if users < 3:
        raise ValueError("at least 3 users: a partner, a reviewer and the mission")
    reviewers = missions = max(1, round(users * 0.2))
    return users - reviewers - missions, reviewers, missions


def work_per_user(duration_s, think_s, requests_per_cycle):
    """Enough drafts (or proposals) for a user who never waits for the server, plus two."""
    return math.ceil(duration_s / (requests_per_cycle * max(think_s, 0.2))) + 2


def make_app(url):
    """The production configuration on the load database, its mail kept in memory."""
    return create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="load-setup-only",  # noqa: S106
                      MAIL_SENDER="memory")


def fresh_schema(url):
    """Create the database if the server has none of that name, then empty it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                     {"name": parsed.database}):
                connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
        server.dispose()
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    elif parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).unlink(missing_ok=True)


def prepare(url, users, duration_s, think_s):
    """Build the database and return the Plan the virtual users follow."""
    fresh_schema(url)
    app = make_app(url)
    with app.app_context():
        upgrade()
        load_demo()
        partners, reviewers, missions = split_users(users)
        plan = Plan(
            partners=_partners(partners, work_per_user(duration_s, think_s, PARTNER_REQUESTS_PER_CYCLE)),
            reviewers=_reviewers(reviewers, work_per_user(duration_s, think_s, REVIEWER_REQUESTS_PER_CYCLE)),
            missions=[_account(f"load.mission{n:02d}@load.example", "mission", f"Load mission {n:02d}")[0]
                      for n in range(1, missions + 1)],
            year=YEAR, exports=_exports(app, YEAR),
        )
        db.session.commit()
        db.engine.dispose()
    return plan


def _exports(app, year):
    """The annual exports this version of the portal has: the XLSX indicator tables of the year
    and the IATI file; the first of them at least."""
    adapter = app.url_map.bind("localhost")
    wanted = [("export xlsx", f"/annual/{year}/indicators.xlsx"), ("export iati", f"/annual/iati.xml?year={year}")]
    found = []
    for name, path in wanted:
        try:
            adapter.match(path.split("?")[0])
        except HTTPException:
            continue
        found.append((name, path))
    if not found:
        raise RuntimeError("the portal has neither /annual/<year>/indicators.xlsx nor /annual/iati.xml")
    return found


_password_hash = None


def _account(email, role, name, locale="en", organisation=None):
    """(Account, User) with the load password; mission and reviewer accounts with TOTP enrolled."""
    global _password_hash
    if _password_hash is None:  # one Argon2id hash (production parameters) for every load account
        _password_hash = hasher().hash(PASSWORD)
    user = User(email=email, name=name, role=role, locale=locale, password_hash=_password_hash)
    account = Account(email=email, role=role)
    if role in ("mission", "reviewer"):
        user.totp_secret = account.secret = two_factor.new_secret()
        user.totp_enabled_at = utcnow()
    db.session.add(user)
    if organisation is not None:
        db.session.add(Membership(user=user, organisation=organisation, is_manager=True))
    return account, user


def _call(year, title, deadline, components):
    now = utcnow().replace(microsecond=0)
    call = Call(
        programme_year=db.session.scalar(select(ProgrammeYear).where(ProgrammeYear.year == year)),
        titles={"en": title, "fr": title}, descriptions={"en": "Load run.", "fr": "Essai de charge."},
        opens_at=deadline - timedelta(days=60) if deadline < now else now - timedelta(days=60),
        deadline_at=deadline, timezone="Europe/Paris", envelope_eur=Decimal("5000000"),
        min_amount_eur=Decimal("5000"), max_amount_eur=Decimal("200000"), indirect_ceiling_pct=Decimal("7"),
        is_published=True, components=components, countries=db.session.scalars(select(Country)).all(),
        criteria=[Criterion(names={"en": name, "fr": name}, guidance={}, weight=Decimal(weight), scale_max=5,
                            position=position)
                  for position, (name, weight) in enumerate([("Relevance", "3"), ("Feasibility", "2"),
                                                             ("Value for money", "1")], 1)],
    )
    db.session.add(call)
    return call


def _proposal(call, organisation, author, title, start, component, indicator):
    lines = [BudgetLine(category="personnel", description="Staff", amount_eur=Decimal("30000"), position=1),
             BudgetLine(category="activities", description="Activities", amount_eur=Decimal("15000"), position=2)]
    proposal = Proposal(
        call=call, organisation=organisation, created_by=author, title=title, summary="Shelter and assistance.",
        language="en", scope="bilateral", start_date=start, end_date=start + timedelta(days=364),
        countries=[db.session.get(Country, organisation.country_code)], components=[component],
        activities=[ProposalActivity(title=title, description="Shelter.", component=component,
                                     country_code=organisation.country_code, position=1)],
        budget_lines=lines, requested_eur=budget.requested_total(lines),
        indicator_targets=[IndicatorTarget(indicator=indicator, baseline=Decimal("0"), target=Decimal("40"))],
    )
    db.session.add(proposal)
    db.session.flush()
    submitted_at = call.deadline_at - timedelta(days=3)
    proposal.versions.append(ProposalVersion(number=1, snapshot=take_snapshot(proposal), submitted_by=author,
                                             submitted_at=submitted_at))
    proposal.status, proposal.submitted_at = "submitted", submitted_at
    return proposal


def _organisations(count):
    countries = db.session.scalars(select(Country).order_by(Country.code)).all()
    for number in range(1, count + 1):
        country = countries[(number - 1) % len(countries)]
        organisation = Organisation(name=f"Load association {number:02d}", kind="association",
                                    country_code=country.code, city="", locale=country.languages[0])
        db.session.add(organisation)
        yield number, organisation, country


def _partners(count, reports_each):
    """Each partner: an organisation, grants of YEAR (three reports each) and so `reports_each`
    draft reports to fill and submit."""
    protect = db.session.scalar(select(Component).where(Component.code == "C3"))
    indicator = db.session.scalar(select(Indicator).where(Indicator.component_id == protect.id)
                                  .order_by(Indicator.position))
    mission = db.session.scalar(select(User).where(User.role == "mission").order_by(User.id))
    call = _call(YEAR, "Load call 2025", utcnow().replace(microsecond=0) - timedelta(days=400), [protect])
    accounts, grants = [], 0
    for number, organisation, country in _organisations(count):
        account, user = _account(f"load.partner{number:02d}@load.example", "partner", f"Load partner {number:02d}",
                                 locale=country.languages[0], organisation=organisation)
        db.session.flush()
        reports = []
        while len(reports) < reports_each:
            grants += 1
            start = date(YEAR, 1 + grants % 6, 1)
            proposal = _proposal(call, organisation, user, f"Shelter and assistance {grants}", start,
                                 protect, indicator)
            proposal.status = "approved"
            db.session.add(Decision(proposal=proposal, outcome="approve", amount_eur=proposal.requested_eur,
                                    version_number=1, decided_by=mission))
            grant = Grant(reference=f"THB-{YEAR}-{100 + grants:03d}", proposal=proposal, organisation=organisation,
                          amount_eur=proposal.requested_eur, start_date=start, end_date=proposal.end_date,
                          agreement_date=start - timedelta(days=10))
            grant.reports = [Report(kind="final" if n == 2 else "interim", period_start=start + timedelta(days=120 * n),
                                    period_end=start + timedelta(days=120 * n + 119),
                                    due_date=start + timedelta(days=120 * n + 150), language=organisation.locale)
                             for n in range(3)]
            db.session.add(grant)
            db.session.flush()
            reports.extend((report.id, report.period_start.isoformat()) for report in grant.reports)
        account.reports = reports[:reports_each]
        accounts.append(account)
    return accounts


def _reviewers(count, proposals_each):
    """Each reviewer: `proposals_each` submitted proposals of a call in review, assigned to them
    alone; they declare their (absence of) conflict through the page."""
    cooperate = db.session.scalar(select(Component).where(Component.code == "C4"))
    indicator = db.session.scalar(select(Indicator).where(Indicator.component_id == cooperate.id)
                                  .order_by(Indicator.position))
    mission = db.session.scalar(select(User).where(User.role == "mission").order_by(User.id))
    call = _call(YEAR + 1, "Load call 2026 in review", utcnow().replace(microsecond=0) - timedelta(days=5),
                 [cooperate])
    applicants = db.session.scalars(select(Organisation).where(~Organisation.name.like("Load %"))
                                    .order_by(Organisation.id)).all()
    accounts = []
    for number in range(1, count + 1):
        account, user = _account(f"load.reviewer{number:02d}@load.example", "reviewer", f"Load reviewer {number:02d}")
        db.session.flush()
        for item in range(proposals_each):
            organisation = applicants[(number * proposals_each + item) % len(applicants)]
            proposal = _proposal(call, organisation, organisation.memberships[0].user,
                                 f"Referral of victims {number}-{item + 1}", date(YEAR + 1, 9, 1), cooperate,
                                 indicator)
            assignment = ReviewAssignment(proposal=proposal, reviewer=user, assigned_by=mission)
            db.session.add(assignment)
            db.session.flush()
            account.assignments.append((assignment.id, proposal.id))
        accounts.append(account)
    return accounts
