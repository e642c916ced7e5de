"""Column helpers shared by the models."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from portal.extensions import db


def utcnow():
    return datetime.now(UTC)


def end_of_day(day, timezone):
    """The last second of a day where it is lived (a deadline "until the 15th" in Paris), in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(timezone or "Europe/Paris")).astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC moment on every backend (SQLite keeps no zone of its own)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator):
    """Amounts: Decimal in Python, NUMERIC(14, 2) in the database, never float."""

    impl = sa.Numeric(14, 2, asdecimal=True)
    cache_ok = True


def created_at_column():
    return db.Column(UTCDateTime(), nullable=False, default=utcnow)
