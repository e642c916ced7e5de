"""The 16 countries of the region, the languages their partners write in, their currencies."""

import sqlalchemy as sa

from portal.core.i18n import country_name, currency_name
from portal.extensions import db


class Currency(db.Model):
    __tablename__ = "currencies"

    code = db.Column(db.String(3), primary_key=True)  # ISO 4217

    __table_args__ = (sa.CheckConstraint("length(code) = 3", name="iso_code"),)

    @property
    def name(self):
        return currency_name(self.code)

    def __repr__(self):
        return f"<Currency {self.code}>"


class Country(db.Model):
    __tablename__ = "countries"

    code = db.Column(db.String(2), primary_key=True)  # ISO 3166-1 alpha-2 (XK for Kosovo)
    # Babel identifiers of the languages partners there write in, most used first.
    languages = db.Column(db.JSON, nullable=False, default=list)
    timezone = db.Column(db.String(64), nullable=False, default="Europe/Paris")
    is_active = db.Column(db.Boolean, nullable=False, default=True)

    currencies = db.relationship(
        "CountryCurrency",
        back_populates="country",
        # "Since before the records" (no date) comes first on every backend.
        order_by=lambda: sa.nullsfirst(CountryCurrency.valid_from),
        cascade="all, delete-orphan",
    )

    __table_args__ = (sa.CheckConstraint("length(code) = 2", name="iso_code"),)

    @property
    def name(self):
        return country_name(self.code)

    def currency_on(self, day):
        """The currency in use on a given day, following the history (Croatia, Bulgaria)."""
        current = None
        for period in self.currencies:
            if period.valid_from is None or period.valid_from <= day:
                current = period
        return current.currency_code if current else None

    def __repr__(self):
        return f"<Country {self.code}>"


class CountryCurrency(db.Model):
    """One period of a country's currency: from `valid_from` until the next period starts."""

    __tablename__ = "country_currencies"

    id = db.Column(db.Integer, primary_key=True)
    country_code = db.Column(db.ForeignKey("countries.code", ondelete="CASCADE"), nullable=False)
    currency_code = db.Column(db.ForeignKey("currencies.code"), nullable=False)
    # None means "since before the portal's records begin".
    valid_from = db.Column(db.Date, nullable=True)

    country = db.relationship("Country", back_populates="currencies")
    currency = db.relationship("Currency")

    __table_args__ = (
        sa.UniqueConstraint("country_code", "valid_from"),
        # NULLs are all different to a unique constraint: one undated period per country.
        sa.Index(
            "uq_country_currencies_undated", "country_code", unique=True,
            sqlite_where=sa.text("valid_from IS NULL"), postgresql_where=sa.text("valid_from IS NULL"),
        ),
    )
