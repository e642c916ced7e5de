"""Money: Decimal everywhere, rounded in one place (half up, to the cent)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")


def to_money(value):
    """A Decimal amount rounded to the cent; None and empty stay zero."""
    if value is None or value == "":
        return ZERO.quantize(CENT)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percentage_of(amount, percent):
    return to_money(Decimal(amount) * Decimal(percent) / Decimal(100))


def total(amounts):
    return to_money(sum((Decimal(a) for a in amounts if a is not None), ZERO))
