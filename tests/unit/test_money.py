"""Converting a partner's spending to euros: Decimal throughout, amount / rate, rounded half up
to the cent (the stated rounding), on worked examples."""

from decimal import Decimal

import pytest

from portal.core.money import convert_to_eur


@pytest.mark.parametrize(("amount", "rate", "euros"), [
    # Serbian dinars at the National Bank of Serbia's middle rate.
    ("10000.00", "117.1750", "85.34"),  # 85.342436...
    ("117.35", "117.35", "1.00"),
    ("1000.00", "117.35", "8.52"),  # 8.521516...
    # The fixed rates of the kuna and the lev to the euro.
    ("7534.50", "7.53450", "1000.00"),
    ("1955.83", "1.95583", "1000.00"),
    ("100.00", "1.95583", "51.13"),  # 51.129188...
    # Euros stay euros.
    ("12.34", "1", "12.34"),
    ("0.00", "61.5", "0.00"),
])
def test_worked_examples(amount, rate, euros):
    assert convert_to_eur(Decimal(amount), Decimal(rate)) == Decimal(euros)


@pytest.mark.parametrize(("amount", "rate", "euros"), [
    ("2.01", "2", "1.01"),  # 1.005: half a cent goes up (banker's rounding would give 1.00)
    ("0.03", "2", "0.02"),  # 0.015
    ("234.57", "2", "117.29"),  # 117.285
    ("0.05", "10", "0.01"),  # 0.005
])
def test_half_a_cent_goes_up(amount, rate, euros):
    assert convert_to_eur(Decimal(amount), Decimal(rate)) == Decimal(euros)


def test_just_under_half_a_cent_goes_down():
    # 1.005 / 1.00000001 = 1.00499998995...: never pushed up to the half before rounding.
    assert convert_to_eur(Decimal("1.005"), Decimal("1.00000001")) == Decimal("1.00")
    assert convert_to_eur(Decimal("2.01"), Decimal("2.00000001")) == Decimal("1.00")


def test_the_result_is_a_decimal_to_the_cent():
    euros = convert_to_eur("1000", "117.35")
    assert isinstance(euros, Decimal)
    assert euros.as_tuple().exponent == -2


@pytest.mark.parametrize("rate", ["0", "-1", "NaN", "Infinity"])
def test_a_rate_must_be_a_positive_number(rate):
    with pytest.raises(ValueError):
        convert_to_eur(Decimal("10"), Decimal(rate))


def test_floats_are_refused():
    with pytest.raises(TypeError):
        convert_to_eur(0.1, Decimal("1"))
    with pytest.raises(TypeError):
        convert_to_eur(Decimal("1"), 117.35)
