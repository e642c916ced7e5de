"""Thematic priorities: cross-cutting tags that change from one programme year to the next."""

import sqlalchemy as sa

from portal.core.i18n import translated
from portal.extensions import db


class Priority(db.Model):
    __tablename__ = "priorities"

    id = db.Column(db.Integer, primary_key=True)
    programme_year_id = db.Column(
        db.ForeignKey("programme_years.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code = db.Column(db.String(40), nullable=False)
    names = db.Column(db.JSON, nullable=False, default=dict)
    position = db.Column(db.Integer, nullable=False, default=0)

    programme_year = db.relationship("ProgrammeYear", back_populates="priorities")

    __table_args__ = (sa.UniqueConstraint("programme_year_id", "code"),)

    @property
    def name(self):
        return translated(self.names)

    def __repr__(self):
        return f"<Priority {self.code}>"
