"""An indicator of the catalogue: what is counted, in which unit, and how it adds up."""

from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core.i18n import translated
from portal.extensions import db


class IndicatorKind(StrEnum):
    COUNT = "count"
    CURRENCY = "currency"
    PERCENTAGE = "percentage"  # kept as numerator and denominator
    TEXT = "text"

    @property
    def title(self):
        return {
            IndicatorKind.COUNT: _l("Count"),
            IndicatorKind.CURRENCY: _l("Amount"),
            IndicatorKind.PERCENTAGE: _l("Percentage"),
            IndicatorKind.TEXT: _l("Text"),
        }[self]


class RollupRule(StrEnum):
    SUM = "sum"  # summed over periods and grants
    LATEST = "latest"  # a stock, such as shelter places: the latest value
    MAXIMUM = "maximum"
    # People whom several partners may count: never summed across grants without a warning.
    PEOPLE = "people"

    @property
    def title(self):
        return {
            RollupRule.SUM: _l("Sum over periods"),
            RollupRule.LATEST: _l("Latest value"),
            RollupRule.MAXIMUM: _l("Maximum"),
            RollupRule.PEOPLE: _l("People possibly counted by several partners"),
        }[self]


indicator_breakdowns = db.Table(
    "indicator_breakdowns",
    db.Column("indicator_id", db.ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True),
    db.Column(
        "dimension_id", db.ForeignKey("breakdown_dimensions.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Indicator(db.Model):
    __tablename__ = "indicators"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)  # e.g. "C3.2"
    component_id = db.Column(db.ForeignKey("components.id"), nullable=False, index=True)
    names = db.Column(db.JSON, nullable=False, default=dict)
    definitions = db.Column(db.JSON, nullable=False, default=dict)
    unit = db.Column(db.JSON, nullable=False, default=dict)  # {"en": "people", "fr": "personnes"}
    kind = db.Column(db.String(20), nullable=False, default=IndicatorKind.COUNT)
    rollup = db.Column(db.String(20), nullable=False, default=RollupRule.SUM)
    # Counts of victims below the mission's threshold are masked outside the mission.
    counts_victims = db.Column(db.Boolean, nullable=False, default=False)
    is_retired = db.Column(db.Boolean, nullable=False, default=False)
    position = db.Column(db.Integer, nullable=False, default=0)

    component = db.relationship("Component")
    breakdowns = db.relationship(
        "BreakdownDimension", secondary=indicator_breakdowns, order_by="BreakdownDimension.position"
    )

    __table_args__ = (
        sa.CheckConstraint("kind IN ('count', 'currency', 'percentage', 'text')", name="known_kind"),
        sa.CheckConstraint("rollup IN ('sum', 'latest', 'maximum', 'people')", name="known_rollup"),
    )

    @property
    def name(self):
        return translated(self.names)

    @property
    def definition(self):
        return translated(self.definitions)

    @property
    def unit_name(self):
        return translated(self.unit)

    @property
    def kind_enum(self):
        return IndicatorKind(self.kind)

    @property
    def rollup_enum(self):
        return RollupRule(self.rollup)

    def __repr__(self):
        return f"<Indicator {self.code}>"
