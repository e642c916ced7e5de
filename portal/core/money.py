"""Money: Decimal everywhere, rounded in one place (half up, to the cent)."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

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


def convert_to_eur(amount, rate):
    """Euros for an amount in another currency, at `rate` units of that currency per euro.

    The stated rounding: amount / rate, rounded half up to the cent (0.005 goes up), computed
    in Decimal. The quotient is first cut (never rounded) far below the cent, so that a value
    just under half a cent can never be pushed up to it before the one rounding that counts.
    """
    if isinstance(amount, float) or isinstance(rate, float):
        raise TypeError("money is never a float: give a Decimal or a string")
    amount, rate = Decimal(amount), Decimal(rate)
    if not rate.is_finite() or rate <= 0:
        raise ValueError("an exchange rate must be a positive number")
    with localcontext() as context:
        context.prec = 60
        context.rounding = ROUND_DOWN
        quotient = amount / rate
    return quotient.quantize(CENT, rounding=ROUND_HALF_UP)
