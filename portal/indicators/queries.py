"""Reads of the indicator catalogue, always through the access policy's scope."""

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.core.access import scope
from portal.extensions import db
from portal.grants.models import IndicatorTarget
from portal.indicators.models import BreakdownDimension, Indicator
from portal.programme.models import Component
from portal.programme.queries import is_referenced
from portal.reports.models import IndicatorValue


@dataclass(frozen=True)
class Usage:
    """How much of the grants' work refers to an indicator."""

    targets: int = 0
    values: int = 0

    @property
    def in_use(self):
        return bool(self.targets or self.values)


@dataclass(frozen=True)
class Catalogue:
    """The catalogue page: each component with the indicators in use today, and the retired
    ones apart (still read in old proposals and reports, no longer offered for new ones)."""

    sections: list  # [(component, [indicator, ...])], in the programme's order
    retired: list


def catalogue():
    """Every indicator the reader may see, by component in the programme's order."""
    indicators = db.session.scalars(
        scope(current_user, Indicator)
        .options(selectinload(Indicator.breakdowns), selectinload(Indicator.component))
        .order_by(Indicator.position, Indicator.code)
    ).all()
    components = db.session.scalars(scope(current_user, Component).order_by(Component.position)).all()
    active = [indicator for indicator in indicators if not indicator.is_retired]
    sections = [(component, [i for i in active if i.component_id == component.id]) for component in components]
    retired = sorted((i for i in indicators if i.is_retired), key=lambda i: (i.component.position, i.position))
    return Catalogue(sections=sections, retired=retired)


def usage_by_indicator():
    """{indicator id: Usage} for every indicator referred to by a target or a reported value."""
    targets = dict(db.session.execute(
        select(IndicatorTarget.indicator_id, func.count()).group_by(IndicatorTarget.indicator_id)
    ).all())
    values = dict(db.session.execute(
        select(IndicatorValue.indicator_id, func.count()).group_by(IndicatorValue.indicator_id)
    ).all())
    return {ident: Usage(targets.get(ident, 0), values.get(ident, 0)) for ident in targets.keys() | values.keys()}


def usage(indicator):
    def count(model):
        return db.session.scalar(select(func.count(model.id)).where(model.indicator_id == indicator.id))

    return Usage(targets=count(IndicatorTarget), values=count(IndicatorValue))


def is_in_use(indicator):
    """Whether anything refers to the indicator: targets and values, and any table added later
    (read from the schema, so that a new reference is guarded the day it exists)."""
    if indicator.id is None:
        return False
    with db.session.no_autoflush:
        return usage(indicator).in_use or is_referenced(indicator)


def is_category_in_use(category):
    """Whether a target or a reported value is given for this breakdown category."""
    if category.id is None:
        return False
    with db.session.no_autoflush:
        return is_referenced(category)


def categories_in_use(dimension):
    """The ids of the dimension's categories that targets or reported values refer to."""
    ids = [category.id for category in dimension.categories]
    used = set(db.session.scalars(select(IndicatorTarget.category_id).where(IndicatorTarget.category_id.in_(ids))))
    used |= set(db.session.scalars(select(IndicatorValue.category_id).where(IndicatorValue.category_id.in_(ids))))
    return used


def dimensions():
    return db.session.scalars(
        scope(current_user, BreakdownDimension)
        .options(selectinload(BreakdownDimension.categories))
        .order_by(BreakdownDimension.position, BreakdownDimension.code)
    ).all()


def indicators_by_dimension():
    """{dimension id: [indicator, ...]}: which indicators take each breakdown."""
    taking = {}
    for indicator in db.session.scalars(
        scope(current_user, Indicator).options(selectinload(Indicator.breakdowns)).order_by(Indicator.position)
    ):
        for dimension in indicator.breakdowns:
            taking.setdefault(dimension.id, []).append(indicator)
    return taking


def component_options():
    return [(c.id, f"{c.code} {c.name}") for c in
            db.session.scalars(scope(current_user, Component).order_by(Component.position))]


def dimension_options():
    return [(d.id, d.name) for d in dimensions()]


def dimensions_by_id(ids):
    if not ids:
        return []
    return db.session.scalars(
        select(BreakdownDimension).where(BreakdownDimension.id.in_(ids)).order_by(BreakdownDimension.position)
    ).all()


def code_is_taken(code, indicator=None):
    statement = select(Indicator.id).where(func.upper(Indicator.code) == code.upper())
    if indicator is not None and indicator.id is not None:
        statement = statement.where(Indicator.id != indicator.id)
    with db.session.no_autoflush:
        return db.session.scalar(statement.limit(1)) is not None


def next_indicator_position():
    """The place after the last indicator: a new one goes at the end of its component."""
    with db.session.no_autoflush:
        return (db.session.scalar(select(func.max(Indicator.position))) or 0) + 1


def category_code_is_taken(dimension, code, category=None):
    return any(other.code.lower() == code.lower() and other is not category for other in dimension.categories)



def component(component_id):
    return db.session.get(Component, component_id)
