"""A working translation of a proposal, added by a reviewer or the mission beside the
partner's original: it helps reading, and never replaces the text the partner wrote."""

import sqlalchemy as sa

from portal.core.db import UTCDateTime, created_at_column, utcnow
from portal.extensions import db


class ProposalTranslation(db.Model):
    __tablename__ = "proposal_translations"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True)
    language = db.Column(db.String(16), nullable=False)  # what it is translated into
    version_number = db.Column(db.Integer, nullable=True)  # the submitted version it translates
    title = db.Column(db.String(300), nullable=False, default="")
    text = db.Column(db.Text, nullable=False, default="")
    translator_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = db.Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    proposal = db.relationship("Proposal")
    translator = db.relationship("User")

    __table_args__ = (sa.UniqueConstraint("proposal_id", "language"),)

    def __repr__(self):
        return f"<ProposalTranslation {self.proposal_id} {self.language}>"
