"""The selection round of the demo: a decided call of last year, a call in review and an
open call, with proposals in every state, reviews, embassy opinions and decisions."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.auth.models import Organisation, User
from portal.core.db import utcnow
from portal.extensions import db
from portal.grants import budget
from portal.grants.models import (
    BudgetLine,
    Call,
    Criterion,
    Decision,
    EmbassyOpinion,
    Grant,
    IndicatorTarget,
    Proposal,
    ProposalActivity,
    ProposalVersion,
    Review,
    ReviewAssignment,
    Score,
)
from portal.grants.snapshot import take_snapshot
from portal.indicators.models import Indicator
from portal.programme.models import Component, Country, ProgrammeYear

CRITERIA = [
    ({"en": "Relevance to the programme", "fr": "Pertinence au regard du programme"},
     {"en": "Does the project answer a need identified in the country?",
      "fr": "Le projet répond-il à un besoin identifié ?"},
     Decimal("3")),
    ({"en": "Quality and feasibility", "fr": "Qualité et faisabilité"},
     {"en": "Are the activities, timetable and team credible?",
      "fr": "Les activités, le calendrier et l'équipe sont-ils crédibles ?"},
     Decimal("2")),
    ({"en": "Value for money", "fr": "Rapport coût-efficacité"},
     {"en": "Is the budget reasonable for the results expected?",
      "fr": "Le budget est-il raisonnable au regard des résultats ?"},
     Decimal("1")),
]

# (organisation, title, language, scope, countries, components, personnel, activities, indicator targets,
#  summary)
DECIDED = [
    ("Atina", "Сигурна кућа и реинтеграција жртава трговине људима", "sr", "bilateral", ["RS"], ["C3"],
     Decimal("38000"), Decimal("22000"), {"C3.2": 40, "C3.4": 12},
     "Смештај, психосоцијална подршка и економско оснаживање жртава трговине људима у Србији."),
    ("Caritas Albania", "Identifikimi i fëmijëve shqiptarë në rrezik shfrytëzimi jashtë vendit", "sq",
     "regional", ["AL", "XK", "ME"], ["C2"], Decimal("25000"), Decimal("20000"), {"C2.1": 30, "C2.2": 900},
     "Parandalimi me institucionet: identifikimi i të miturve të ekspozuar ndaj shfrytëzimit në punë, "
     "kriminalitetit të detyruar ose lypjes në Kosovë dhe Mal të Zi."),
    ("UNODC Programme Office in Serbia", "Regional technical assistance against trafficking and smuggling", "en",
     "regional", ["RS", "BA", "MK", "AL", "ME", "MD"], ["C1", "C4"], Decimal("120000"), Decimal("80000"),
     {"C1.1": 3, "C4.1": 4}, "French contribution to UNODC's section against trafficking in persons and "
     "smuggling of migrants: regional studies and expert meetings."),
    ("ADPARE", "Seminar regional privind legătura dintre migrație și traficul de persoane", "ro", "regional",
     ["RO", "MD", "BG", "UA"], ["C4"], Decimal("12000"), Decimal("18000"), {"C4.1": 1, "C4.2": 90},
     "Un seminar regional cu coordonatorii naționali din 16 țări, organizații internaționale și asociații: "
     "patru mese rotunde și recomandări."),
    ("ASTRA – Anti Trafficking Action", "Mapiranje rizika radne eksploatacije u građevinarstvu", "sr_Latn",
     "bilateral", ["RS"], ["C1"], Decimal("30000"), Decimal("15000"), {"C1.1": 1, "C1.2": 60},
     "Istraživanje o radnoj eksploataciji stranih radnika na gradilištima."),
]
IN_REVIEW = [
    ("La Strada Moldova", "Asistență pentru victimele traficului repatriate", "ro", "bilateral", ["MD"], ["C3"],
     Decimal("30000"), Decimal("15000"), {"C3.1": 25, "C3.2": 60},
     "Asistență juridică și psihologică pentru victimele repatriate din Uniunea Europeană."),
    ("Open Gate – La Strada", "Превенција на трговијата со луѓе во училиштата", "mk", "bilateral", ["MK"], ["C2"],
     Decimal("18000"), Decimal("12000"), {"C2.1": 40, "C2.2": 1500},
     "Работилници за учениците и наставниците за ризиците од трговија со луѓе."),
    ("ICMPD – Western Balkans", "Transnational Referral Mechanism for victims in the Western Balkans", "en",
     "regional", ["BA", "RS", "MK", "AL"], ["C4"], Decimal("70000"), Decimal("30000"), {"C4.3": 45, "C4.4": 3},
     "Standard operating procedures for the transnational referral of victims between national coordinators."),
    ("Animus Association Foundation", "Консултиране и подслон за жертви на трафик", "bg", "bilateral", ["BG"],
     ["C3"], Decimal("26000"), Decimal("14000"), {"C3.2": 50, "C3.4": 8},
     "Кризисен център и консултации за жертви на трафик с цел сексуална експлоатация."),
]
OPEN_DRAFTS = [
    ("Different and Equal", "Riintegrimi ekonomik i të mbijetuarve", "sq", "bilateral", ["AL"], ["C3"],
     Decimal("20000"), Decimal("10000"), {"C3.2": 30}, ""),
    ("A21 Greece", "Ενημέρωση για την εκμετάλλευση στην εργασία", "el", "bilateral", ["GR"], ["C2"],
     Decimal("15000"), Decimal("9000"), {"C2.2": 700}, "Εκστρατεία ενημέρωσης σε εργάτες γης."),
]
OPEN_SUBMITTED = [
    ("Zemlja djece u BiH", "Prevencija prosjačenja i prisilnog kriminala djece", "bs", "bilateral", ["BA"], ["C2"],
     Decimal("22000"), Decimal("8000"), {"C2.1": 25, "C2.2": 600},
     "Rad na terenu s djecom u riziku od prisilnog prosjačenja u Tuzli."),
]


def load_selection_round():
    """Create the three calls with their proposals. Flushes."""
    years = {y.year: y for y in db.session.scalars(select(ProgrammeYear))}
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    decided = _call(years[2025], "Appel à propositions 2025", "Call for proposals 2025",
                    ["C1", "C2", "C3", "C4"], opens=now - timedelta(days=640), deadline=now - timedelta(days=580),
                    envelope=Decimal("400000"), maximum=Decimal("200000"))
    in_review = _call(years[2026], "Appel 2026 : protéger les victimes et coopérer",
                      "Call 2026: protecting victims and cooperating", ["C3", "C4"],
                      opens=now - timedelta(days=80), deadline=now - timedelta(days=20),
                      envelope=Decimal("250000"), maximum=Decimal("120000"))
    open_call = _call(years[2026], "Appel complémentaire 2026 : prévenir", "Complementary call 2026: prevention",
                      ["C2", "C3"], opens=now - timedelta(days=10), deadline=now + timedelta(days=45),
                      envelope=Decimal("150000"), maximum=Decimal("60000"))
    reviewers = db.session.scalars(select(User).where(User.role == "reviewer").order_by(User.id)).all()
    mission = db.session.scalar(select(User).where(User.role == "mission").order_by(User.id))

    decided_proposals = [_proposal(decided, row, submitted=True) for row in DECIDED]
    for proposal, granted in zip(decided_proposals, [Decimal("55000"), Decimal("45000"), Decimal("200000"),
                                                     Decimal("28000"), None], strict=True):
        _review(proposal, reviewers[:2], mission)
        if granted is None:
            _decide(proposal, mission, "reject", reason="The study duplicates one funded by another donor in 2024.")
        else:
            _decide(proposal, mission, "approve", amount=granted,
                    conditions="Interim report after six months." if granted < proposal.requested_eur else "")
    for number, row in enumerate(IN_REVIEW):
        proposal = _proposal(in_review, row, submitted=True)
        _review(proposal, reviewers[:2], mission, conflict=number == 2, disagree=number == 3)
    for row in OPEN_DRAFTS:
        _proposal(open_call, row, submitted=False)
    for row in OPEN_SUBMITTED:
        _proposal(open_call, row, submitted=True)
    db.session.flush()


def _call(year, title_fr, title_en, components, *, opens, deadline, envelope, maximum):
    call = Call(
        programme_year=year, titles={"en": title_en, "fr": title_fr},
        descriptions={
            "en": "The mission funds projects of local associations and international organisations against "
                  "trafficking in human beings in South-East Europe.\n\nBilateral projects take place in one "
                  "country; regional projects in two or more.",
            "fr": "La mission finance des projets d'associations locales et d'organisations internationales "
                  "contre la traite des êtres humains en Europe du Sud-Est.\n\nLes projets bilatéraux se "
                  "déroulent dans un pays ; les projets régionaux dans deux pays ou plus.",
        },
        opens_at=opens, deadline_at=deadline, timezone="Europe/Paris", envelope_eur=envelope,
        min_amount_eur=Decimal("5000"), max_amount_eur=maximum, indirect_ceiling_pct=Decimal("7"),
        is_published=True,
        components=db.session.scalars(select(Component).where(Component.code.in_(components))).all(),
        priorities=list(year.priorities),
        countries=db.session.scalars(select(Country)).all(),
        criteria=[Criterion(names=n, guidance=g, weight=w, scale_max=5, position=p)
                  for p, (n, g, w) in enumerate(CRITERIA, 1)],
    )
    db.session.add(call)
    return call


def _proposal(call, row, submitted):
    name, title, language, scope, countries, components, personnel, activities, targets, summary = row
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    author = organisation.memberships[0].user
    start = date(call.programme_year.year + 1, 1, 1) if call.deadline_at > utcnow() else date(
        call.programme_year.year, 6, 1)
    chosen = db.session.scalars(select(Component).where(Component.code.in_(components))).all()
    proposal = Proposal(
        call=call, organisation=organisation, created_by=author, title=title, summary=summary,
        language=language, scope=scope, start_date=start, end_date=start + timedelta(days=364),
        countries=db.session.scalars(select(Country).where(Country.code.in_(countries))).all(),
        components=chosen,
        # One of the call's thematic priorities, the same on every load of the demo.
        priorities=[call.priorities[len(title) % len(call.priorities)]] if call.priorities else [],
        activities=[ProposalActivity(title=title, description=summary, component=chosen[0],
                                     country_code=countries[0], position=1)],
    )
    direct = personnel + activities
    proposal.budget_lines = [
        BudgetLine(category="personnel", description="Staff", amount_eur=personnel, position=1),
        BudgetLine(category="activities", description="Activities", amount_eur=activities,
                   cofunding_eur=Decimal("5000"), cofunding_source="Council of Europe", position=2),
        BudgetLine(category="indirect", description="Overheads", amount_eur=(direct * Decimal("0.07")).quantize(
            Decimal("0.01")), position=3),
    ]
    indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
    proposal.indicator_targets = [IndicatorTarget(indicator=indicators[code], baseline=Decimal("0"),
                                                  target=Decimal(value)) for code, value in targets.items()]
    proposal.requested_eur = budget.requested_total(proposal.budget_lines)
    db.session.add(proposal)
    db.session.flush()
    if submitted:
        proposal.versions.append(ProposalVersion(number=1, snapshot=take_snapshot(proposal), submitted_by=author,
                                                 submitted_at=call.deadline_at - timedelta(days=3)))
        proposal.status = "submitted"
        proposal.submitted_at = call.deadline_at - timedelta(days=3)
    return proposal


def _review(proposal, reviewers, mission, conflict=False, disagree=False):
    """Two reviewers (the second recused when `conflict`; far apart when `disagree`) and the
    opinion of each embassy."""
    for number, reviewer in enumerate(reviewers):
        assignment = ReviewAssignment(proposal=proposal, reviewer=reviewer, assigned_by=mission,
                                      has_conflict=conflict and number == 1, declared_at=utcnow())
        db.session.add(assignment)
        if assignment.has_conflict:
            assignment.conflict_note = "I advised this organisation in 2025."
            continue
        base = 3 + (proposal.id + number) % 3  # believable, varied scores from 3 to 5
        if disagree:
            base = 5 if number == 0 else 2
        assignment.review = Review(
            recommendation="approve" if base >= 4 else "revise", comment="Solid organisation, clear budget.",
            submitted_at=utcnow(),
            scores=[Score(criterion=criterion, value=min(criterion.scale_max, base - (position % 2)),
                          comment="")
                    for position, criterion in enumerate(proposal.call.criteria)],
        )
    for code in sorted(proposal.country_codes):
        embassy = db.session.scalar(select(User).where(User.role == "embassy", User.country_code == code))
        if embassy is not None:
            db.session.add(EmbassyOpinion(proposal=proposal, country_code=code, author=embassy,
                                          opinion="favourable" if (proposal.id + len(code)) % 4 else "reserved",
                                          comment="Partenaire connu de l'ambassade, sérieux."))


def _decide(proposal, mission, outcome, amount=None, conditions="", reason=""):
    db.session.add(Decision(proposal=proposal, outcome=outcome, amount_eur=amount, conditions=conditions,
                            reason=reason, version_number=1, decided_by=mission))
    proposal.status = "approved" if outcome == "approve" else "rejected"
    if outcome == "approve":
        sequence = db.session.scalar(select(db.func.count(Grant.id))) + 1
        db.session.add(Grant(reference=f"THB-{proposal.call.programme_year.year}-{sequence:03d}",
                             proposal=proposal, organisation=proposal.organisation, amount_eur=amount,
                             conditions=conditions, start_date=proposal.start_date, end_date=proposal.end_date,
                             agreement_date=proposal.start_date - timedelta(days=10)))
