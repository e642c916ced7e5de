"""Score arithmetic of the selection round.

For each proposal: the average score of each criterion over the submitted reviews, the
weighted total (sum of weight x average / sum of weights), the same as a share of the highest
possible total, and the spread between reviewers (the highest reviewer's weighted total minus
the lowest's). The board ranks a call's proposals by weighted total against the envelope.

Aggregates are computed by the database, one query for all the proposals of a list; Python
only combines the few aggregated rows, in Decimal.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.core.money import ZERO
from portal.extensions import db
from portal.grants.models import (
    Criterion,
    EmbassyOpinion,
    Grant,
    Proposal,
    ProposalStatus,
    Review,
    ReviewAssignment,
    Score,
)

PLACES = Decimal("0.01")
# Reviewers whose weighted totals lie this far apart (as a share of the scale) are flagged.
LARGE_SPREAD_SHARE = Decimal("0.25")
ON_THE_BOARD = (ProposalStatus.SUBMITTED, ProposalStatus.REVISION_REQUESTED, ProposalStatus.APPROVED,
                ProposalStatus.REJECTED)


def _decimal(value):
    # SQLite answers averages as floats, PostgreSQL as numerics: both become Decimals here.
    return None if value is None else Decimal(str(value))


def _rounded(value):
    return None if value is None else value.quantize(PLACES)


def weighted_total(values, criteria):
    """Sum of weight x value / sum of weights, over the criteria that have a value."""
    scored = [(Decimal(c.weight), values[c.id]) for c in criteria if values.get(c.id) is not None]
    weights = sum((weight for weight, _ in scored), ZERO)
    if not weights:
        return None
    return sum((weight * value for weight, value in scored), ZERO) / weights


def weighted_maximum(criteria):
    """The highest weighted total a proposal can reach: the scale of totals and spreads."""
    return weighted_total({c.id: Decimal(c.scale_max) for c in criteria}, criteria)


@dataclass
class ProposalScores:
    averages: dict = field(default_factory=dict)  # criterion id -> average score
    review_count: int = 0
    total: Decimal | None = None
    percent: Decimal | None = None
    spread: Decimal | None = None
    is_disputed: bool = False


def _submitted_scores(proposal_ids):
    return (
        select(ReviewAssignment.proposal_id, Review.id.label("review_id"), Score.criterion_id, Score.value)
        .join(Review, Review.assignment_id == ReviewAssignment.id)
        .join(Score, Score.review_id == Review.id)
        .where(ReviewAssignment.proposal_id.in_(proposal_ids), Review.submitted_at.is_not(None))
        .subquery()
    )


def criterion_averages(proposal_ids):
    """{proposal id: {criterion id: average}} over the submitted reviews."""
    scores = _submitted_scores(proposal_ids)
    rows = db.session.execute(
        select(scores.c.proposal_id, scores.c.criterion_id, func.avg(scores.c.value))
        .group_by(scores.c.proposal_id, scores.c.criterion_id)
    )
    averages = {}
    for proposal_id, criterion_id, average in rows:
        averages.setdefault(proposal_id, {})[criterion_id] = _decimal(average)
    return averages


def reviewer_totals(proposal_ids):
    """{proposal id: [weighted total of each submitted review]}."""
    scores = _submitted_scores(proposal_ids)
    rows = db.session.execute(
        select(scores.c.proposal_id, func.sum(Criterion.weight * scores.c.value), func.sum(Criterion.weight))
        .join(Criterion, Criterion.id == scores.c.criterion_id)
        .group_by(scores.c.proposal_id, scores.c.review_id)
    )
    totals = {}
    for proposal_id, weighted_sum, weights in rows:
        totals.setdefault(proposal_id, []).append(_decimal(weighted_sum) / _decimal(weights))
    return totals


def scores_by_proposal(proposal_ids, criteria):
    """{proposal id: ProposalScores} for proposals of one call (scored on `criteria`)."""
    proposal_ids = list(proposal_ids)
    averages, totals = criterion_averages(proposal_ids), reviewer_totals(proposal_ids)
    maximum = weighted_maximum(criteria)
    result = {}
    for proposal_id in proposal_ids:
        scores = ProposalScores(averages=averages.get(proposal_id, {}))
        per_reviewer = totals.get(proposal_id, [])
        scores.review_count = len(per_reviewer)
        total = weighted_total(scores.averages, criteria)
        if total is not None:
            scores.total = _rounded(total)
            scores.percent = _rounded(total * 100 / maximum) if maximum else None
        if per_reviewer:
            spread = max(per_reviewer) - min(per_reviewer)
            scores.spread = _rounded(spread)
            scores.is_disputed = bool(maximum) and spread >= LARGE_SPREAD_SHARE * maximum
        scores.averages = {key: _rounded(value) for key, value in scores.averages.items()}
        result[proposal_id] = scores
    return result


def proposal_scores(proposal):
    return scores_by_proposal([proposal.id], proposal.call.criteria)[proposal.id]


# --- the review board ----------------------------------------------------------------------


@dataclass
class BoardRow:
    proposal: Proposal
    scores: ProposalScores
    opinions: dict  # country code -> EmbassyOpinion
    granted: Decimal | None
    rank: int | None = None
    asked_so_far: Decimal | None = None  # running total down the ranking, rejected ones left out
    granted_so_far: Decimal | None = None
    asked_beyond_envelope: bool = False
    granted_beyond_envelope: bool = False


@dataclass
class Board:
    call: object
    rows: list
    maximum: Decimal | None
    asked_total: Decimal = ZERO
    granted_total: Decimal = ZERO

    @property
    def remaining(self):
        return self.call.envelope_eur - self.granted_total


def review_board(call):
    """The call's submitted and decided proposals, ranked by weighted total (unscored last)."""
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.call_id == call.id, Proposal.status.in_(ON_THE_BOARD))
        .options(selectinload(Proposal.organisation), selectinload(Proposal.countries))
    ).all()
    ids = [p.id for p in proposals]
    scores = scores_by_proposal(ids, call.criteria)
    opinions = {}
    for opinion in db.session.scalars(select(EmbassyOpinion).where(EmbassyOpinion.proposal_id.in_(ids))):
        opinions.setdefault(opinion.proposal_id, {})[opinion.country_code] = opinion
    granted = dict(db.session.execute(
        select(Grant.proposal_id, Grant.amount_eur).where(Grant.proposal_id.in_(ids))).all())
    rows = [BoardRow(p, scores[p.id], opinions.get(p.id, {}), granted.get(p.id)) for p in proposals]
    rows.sort(key=lambda r: (r.scores.total is None, -(r.scores.total or ZERO), r.proposal.requested_eur,
                             r.proposal.id))
    board = Board(call=call, rows=rows, maximum=_rounded(weighted_maximum(call.criteria)))
    _rank_and_run(board)
    return board


def _rank_and_run(board):
    envelope = board.call.envelope_eur
    previous, rank = None, 0
    for position, row in enumerate(board.rows, start=1):
        if row.scores.total is not None:
            rank = rank if row.scores.total == previous else position  # ties share a rank
            row.rank, previous = rank, row.scores.total
        if row.proposal.status == ProposalStatus.REJECTED:
            continue
        board.asked_total += row.proposal.requested_eur
        row.asked_so_far = board.asked_total
        row.asked_beyond_envelope = board.asked_total > envelope
        if row.granted is not None:
            board.granted_total += row.granted
            row.granted_so_far = board.granted_total
            row.granted_beyond_envelope = board.granted_total > envelope


def granted_in_call(call):
    """The total already granted to the call's proposals."""
    granted = db.session.scalar(
        select(func.sum(Grant.amount_eur)).join(Proposal, Proposal.id == Grant.proposal_id)
        .where(Proposal.call_id == call.id))
    return granted if granted is not None else ZERO
