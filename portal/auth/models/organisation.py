"""Organisations that receive grants: local associations and international organisations."""

from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core import search
from portal.core.db import created_at_column
from portal.extensions import db


class OrganisationKind(StrEnum):
    ASSOCIATION = "association"
    INTERNATIONAL = "international"

    @property
    def title(self):
        return {
            OrganisationKind.ASSOCIATION: _l("Local association"),
            OrganisationKind.INTERNATIONAL: _l("International organisation"),
        }[self]


class Organisation(db.Model):
    __tablename__ = "organisations"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    acronym = db.Column(db.String(40), nullable=False, default="")
    kind = db.Column(db.String(20), nullable=False, default=OrganisationKind.ASSOCIATION)
    country_code = db.Column(db.ForeignKey("countries.code"), nullable=False, index=True)
    city = db.Column(db.String(100), nullable=False, default="")
    website = db.Column(db.String(300), nullable=False, default="")
    # The language the organisation writes in by default (a Babel identifier).
    locale = db.Column(db.String(16), nullable=False, default="en")
    created_at = created_at_column()
    # Name, acronym and city folded for search in any script and case (portal.core.search).
    search_key = db.Column(db.String(400), nullable=False, default="", index=True, server_default="")

    country = db.relationship("Country")
    memberships = db.relationship(
        "Membership", back_populates="organisation", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("name", "country_code"),
        sa.CheckConstraint("kind IN ('association', 'international')", name="known_kind"),
    )

    @property
    def kind_enum(self):
        return OrganisationKind(self.kind)

    @property
    def managers(self):
        return [m.user for m in self.memberships if m.is_manager]

    def __repr__(self):
        return f"<Organisation {self.name}>"


@sa.event.listens_for(Organisation, "before_insert")
@sa.event.listens_for(Organisation, "before_update")
def _fold_for_search(_mapper, _connection, organisation):
    organisation.search_key = search.search_key(organisation.name, organisation.acronym, organisation.city)[:400]
