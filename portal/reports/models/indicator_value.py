"""Indicator values a report gives for its period: a total, or one breakdown category, possibly
for one country of a regional grant."""

import sqlalchemy as sa

from portal.extensions import db


class IndicatorValue(db.Model):
    __tablename__ = "indicator_values"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    indicator_id = db.Column(db.ForeignKey("indicators.id"), nullable=False, index=True)
    category_id = db.Column(db.ForeignKey("breakdown_categories.id"), nullable=True)  # None: the total
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=True)  # None: the whole grant
    value = db.Column(db.Numeric(14, 2), nullable=True)
    # Percentages are kept as their two terms, so that they can be added up correctly.
    numerator = db.Column(db.Numeric(14, 2), nullable=True)
    denominator = db.Column(db.Numeric(14, 2), nullable=True)
    text_value = db.Column(db.Text, nullable=True)

    report = db.relationship("Report", back_populates="indicator_values")
    indicator = db.relationship("Indicator")
    category = db.relationship("BreakdownCategory")

    __table_args__ = (
        sa.CheckConstraint("value IS NULL OR value >= 0", name="value_not_negative"),
        sa.CheckConstraint("denominator IS NULL OR denominator > 0", name="denominator_positive"),
        sa.Index("ix_indicator_values_rollup", "indicator_id", "category_id", "country_code"),
    )
