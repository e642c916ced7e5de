"""Which reminder went out for which report: so that none is ever sent twice."""

import sqlalchemy as sa

from portal.core.db import created_at_column
from portal.extensions import db


class ReminderSent(db.Model):
    __tablename__ = "reminders_sent"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(10), nullable=False)  # "21", "7", "1" days before, or "late"
    created_at = created_at_column()

    __table_args__ = (sa.UniqueConstraint("report_id", "kind"),)
