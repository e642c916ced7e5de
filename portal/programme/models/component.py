"""The four programme components (C1 Know ... C4 Cooperate): data the mission can edit."""

import sqlalchemy as sa

from portal.core.i18n import translated
from portal.extensions import db


class Component(db.Model):
    __tablename__ = "components"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(8), nullable=False, unique=True)
    # Names and descriptions by language, {"en": ..., "fr": ...}; English is required.
    names = db.Column(db.JSON, nullable=False, default=dict)
    descriptions = db.Column(db.JSON, nullable=False, default=dict)
    position = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (sa.CheckConstraint("length(code) > 0", name="code_not_empty"),)

    @property
    def name(self):
        return translated(self.names)

    @property
    def description(self):
        return translated(self.descriptions)

    def __repr__(self):
        return f"<Component {self.code}>"
