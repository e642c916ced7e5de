"""Breakdowns of indicator values: sex, age group, exploitation type, nationality, ..."""

import sqlalchemy as sa

from portal.core.i18n import translated
from portal.extensions import db


class BreakdownDimension(db.Model):
    __tablename__ = "breakdown_dimensions"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)  # e.g. "sex", "age_group"
    names = db.Column(db.JSON, nullable=False, default=dict)
    # Sex and age group cover everybody counted: their parts must add up to the total.
    covers_whole = db.Column(db.Boolean, nullable=False, default=False)
    position = db.Column(db.Integer, nullable=False, default=0)

    categories = db.relationship(
        "BreakdownCategory",
        back_populates="dimension",
        order_by="BreakdownCategory.position",
        cascade="all, delete-orphan",
    )

    @property
    def name(self):
        return translated(self.names)

    def __repr__(self):
        return f"<BreakdownDimension {self.code}>"


class BreakdownCategory(db.Model):
    __tablename__ = "breakdown_categories"

    id = db.Column(db.Integer, primary_key=True)
    dimension_id = db.Column(
        db.ForeignKey("breakdown_dimensions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code = db.Column(db.String(40), nullable=False)
    names = db.Column(db.JSON, nullable=False, default=dict)
    position = db.Column(db.Integer, nullable=False, default=0)

    dimension = db.relationship("BreakdownDimension", back_populates="categories")

    __table_args__ = (sa.UniqueConstraint("dimension_id", "code"),)

    @property
    def name(self):
        return translated(self.names)

    def __repr__(self):
        return f"<BreakdownCategory {self.code}>"
