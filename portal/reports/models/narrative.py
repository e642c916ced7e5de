"""The narrative report: for each component of the grant, what was done and what comes next."""

import sqlalchemy as sa

from portal.extensions import db


class NarrativeSection(db.Model):
    __tablename__ = "narrative_sections"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True)
    component_id = db.Column(db.ForeignKey("components.id"), nullable=False)
    done = db.Column(db.Text, nullable=False, default="")
    results = db.Column(db.Text, nullable=False, default="")
    difficulties = db.Column(db.Text, nullable=False, default="")
    next_steps = db.Column(db.Text, nullable=False, default="")

    report = db.relationship("Report", back_populates="narrative")
    component = db.relationship("Component")

    __table_args__ = (sa.UniqueConstraint("report_id", "component_id"),)

    @property
    def is_blank(self):
        return not any(text.strip() for text in (self.done, self.results, self.difficulties, self.next_steps))
