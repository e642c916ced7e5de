"""Small numbers of victims, masked outside the mission: a count below the threshold reads
"< 5", and a second cell of the same breakdown is hidden with it, so that nobody gets it back
by taking the others from the total."""

import itertools
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from portal import create_app
from portal.annual.suppression import Masked, is_masked, mask_breakdown, mask_value, masks_for
from portal.config import TestingConfig


@pytest.fixture(scope="module")
def app():
    return create_app(TestingConfig)


@pytest.fixture(autouse=True)
def english(app):
    """Masked figures render through Babel: read them as an English-speaking reader would."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def shown(value):
    """What the reader sees of a figure: its text, "< 5" for a masked one."""
    return None if value is None else str(value)


# --- one breakdown, worked by hand ------------------------------------------------------------


def test_a_small_count_of_victims_reads_below_the_threshold():
    total, parts = mask_breakdown(Decimal("15"), {"female": Decimal("3"), "male": Decimal("12")}, 5)
    assert shown(parts["female"]) == "< 5"
    assert parts["female"] == Masked(5)


def test_the_complementary_cell_is_hidden_so_that_the_total_gives_nothing_back():
    # 15 victims, 3 women, 12 men: with the total and "12 men" shown, 15 - 12 = 3 women.
    total, parts = mask_breakdown(Decimal("15"), {"female": Decimal("3"), "male": Decimal("12")}, 5)
    assert is_masked(parts["female"]) and is_masked(parts["male"])
    assert total == Decimal("15")  # the total itself is not small: it shows


def test_the_complement_is_the_next_smallest_cell():
    # 3 + 12 + 7 = 22: the 7 is hidden with the 3, the 12 stays.
    total, parts = mask_breakdown(22, {"female": 3, "male": 12, "other": 7}, 5)
    assert is_masked(parts["female"]) and is_masked(parts["other"])
    assert parts["male"] == 12
    assert total == 22


def test_a_zero_can_be_the_complement():
    # 3 + 0 + 9 = 12: "0 men, 9 other" with the total 12 would give the 3 women back.
    total, parts = mask_breakdown(12, {"female": 3, "male": 0, "other": 9}, 5)
    assert is_masked(parts["female"]) and is_masked(parts["male"])
    assert parts["other"] == 9
    assert total == 12


def test_small_cells_alone_do_not_protect_each_other():
    # 4 + 4 + 10 = 18: "< 5" and "< 5" beside 10 and 18 could only be 4 and 4, so the 10 hides
    # too, as "x": it is not small.
    total, parts = mask_breakdown(18, {"female": 4, "male": 4, "other": 10}, 5)
    assert shown(parts["female"]) == shown(parts["male"]) == "< 5"
    assert is_masked(parts["other"]) and shown(parts["other"]) == "x"
    assert total == 18


def test_a_small_total_is_masked():
    # 4 victims, all women: the total is as telling as the cell.
    total, parts = mask_breakdown(4, {"female": 4, "male": 0}, 5)
    assert shown(total) == "< 5"
    assert is_masked(parts["female"])
    assert parts["male"] == 0  # nothing to protect in a zero once the total is hidden


def test_with_no_other_part_given_the_total_is_hidden():
    # 20 victims, 3 of them sexually exploited, no other type given: 20 and "< 5" are safe,
    # but the breakdown has no second cell to hide, so the total goes.
    total, parts = mask_breakdown(20, {"sexual": 3, "labour": None}, 5)
    assert is_masked(parts["sexual"])
    assert is_masked(total)
    assert parts["labour"] is None


def test_a_breakdown_without_its_total_masks_only_the_small_cell():
    # Nothing to subtract from: the 12 shows.
    total, parts = mask_breakdown(None, {"female": 3, "male": 12}, 5)
    assert total is None
    assert is_masked(parts["female"])
    assert parts["male"] == 12


@pytest.mark.parametrize(("threshold", "parts", "total", "masked", "text"), [
    # 3 is not below 3: nothing to hide.
    (3, {"female": 3, "male": 12}, 15, set(), None),
    (3, {"female": 2, "male": 12}, 14, {"female", "male"}, "< 3"),
    # Below 10, the 7 and the 9 are both small; the 12 hides with them, as "x".
    (10, {"female": 7, "male": 12, "other": 9}, 28, {"female", "male", "other"}, "< 10"),
    # 12 is not below 10, 4 is: the 4 and its complement, the 12, are hidden.
    (10, {"female": 4, "male": 12, "other": 30}, 46, {"female", "male"}, "< 10"),
])
def test_the_threshold_is_the_missions(threshold, parts, total, masked, text):
    masked_total, masked_parts = mask_breakdown(total, parts, threshold)
    assert {key for key, value in masked_parts.items() if is_masked(value)} == masked
    # Small cells read "< threshold"; a cell hidden only to protect them reads "x".
    assert {shown(masked_parts[key]) for key in masked if 0 < parts[key] < threshold} <= {text}
    assert {shown(masked_parts[key]) for key in masked if not 0 < parts[key] < threshold} <= {"x"}
    assert {key: value for key, value in masked_parts.items() if key not in masked} == {
        key: value for key, value in parts.items() if key not in masked}
    assert masked_total == total


def test_exact_values_are_left_as_they_are():
    female, male, other = Decimal("30.00"), Decimal("12"), Decimal("0")
    total, parts = mask_breakdown(Decimal("42.00"), {"female": female, "male": male, "other": other}, 5)
    assert parts == {"female": female, "male": male, "other": other}
    assert parts["female"] is female and parts["male"] is male
    assert total == Decimal("42.00")


def test_figures_not_given_stay_not_given():
    total, parts = mask_breakdown(None, {"female": None, "male": None}, 5)
    assert total is None and parts == {"female": None, "male": None}
    total, parts = mask_breakdown(Decimal("7"), {"female": None, "male": Decimal("7")}, 5)
    assert total == Decimal("7") and parts == {"female": None, "male": Decimal("7")}


def test_the_breakdown_given_is_not_changed_in_place():
    given = {"female": 3, "male": 12}
    mask_breakdown(15, given, 5)
    assert given == {"female": 3, "male": 12}


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("3"), "< 5"), (Decimal("4.00"), "< 5"), (Decimal("5"), "5"), (Decimal("0"), "0"), (None, None),
])
def test_a_lone_count_is_masked_when_small(value, expected):
    assert shown(mask_value(value, 5)) == expected


def test_a_masked_figure_renders_escaped_in_html():
    assert Masked(5).__html__() == "&lt; 5"
    assert str(Masked(10)) == "< 10"


def test_only_the_mission_reads_exact_figures():
    mission = SimpleNamespace(is_authenticated=True, is_mission=True)
    embassy = SimpleNamespace(is_authenticated=True, is_mission=False)
    visitor = SimpleNamespace(is_authenticated=False, is_mission=False)
    assert masks_for(mission) is False
    assert masks_for(embassy) is True
    assert masks_for(visitor) is True
    assert masks_for(None) is True  # an export with nobody signed in leaves the mission


# --- every small breakdown, by brute force ----------------------------------------------------

KEYS = ("female", "male", "other", "unknown")


def check_breakdown(values, threshold):
    """Mask the breakdown `values` (total = their sum) and check what a reader could do with it."""
    parts = dict(zip(KEYS, values, strict=False))
    total = sum(v for v in values if v is not None)
    masked_total, masked_parts = mask_breakdown(total, parts, threshold)
    small = {key for key, value in parts.items() if value is not None and 0 < value < threshold}
    hidden = {key for key, value in masked_parts.items() if is_masked(value)}
    where = f"{values} below {threshold}"
    # Every small cell is hidden; what shows is exact.
    assert small <= hidden, where
    assert all(masked_parts[key] == parts[key] for key in parts if key not in hidden), where
    # At most one cell is hidden beyond the small ones, and only to protect them.
    assert len(hidden - small) <= (1 if small else 0), where
    # Cells hidden only to protect small ones do not claim to be small.
    assert all(shown(masked_parts[key]) == "x" for key in hidden - small), where
    # The total hides when it is small, or when it alone could give the lone small cell back.
    if 0 < total < threshold:
        assert is_masked(masked_total), where
    elif not is_masked(masked_total):
        assert masked_total == total, where
        # The one thing the total allows: total - (the cells shown) = (the cells hidden). With a
        # single hidden cell, that is the cell itself; with only small cells hidden, each known
        # to lie below the threshold, their sum may pin them down: a cell that is not small hides too.
        assert len(hidden) != 1, f"{where}: {sorted(hidden)} can be worked out from the total"
        assert not hidden or hidden - small, f"{where}: only small cells hidden beside the total"


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_no_small_count_comes_back_by_subtraction_in_any_small_breakdown(threshold):
    checked = 0
    for size in (2, 3, 4):
        for values in itertools.product(range(threshold + 3), repeat=size):
            check_breakdown(values, threshold)
            checked += 1
    assert checked == sum((threshold + 3) ** size for size in (2, 3, 4))


def test_no_small_count_comes_back_by_subtraction_in_random_breakdowns():
    randomly = random.Random(20260)  # fixed: the same breakdowns on every run
    for _ in range(5000):
        threshold = randomly.choice((3, 5, 10))
        size = randomly.randint(2, 4)
        # Mostly small numbers, some large, some categories not given.
        values = tuple(None if randomly.random() < 0.15 else randomly.choice(
            (randomly.randint(0, threshold), randomly.randint(0, 60))) for _ in range(size))
        if sum(value is not None for value in values) < 2:
            continue
        check_breakdown(values, threshold)


# --- what a reader could work out (closed gaps) ----------------------------------------------------


def readings(total, parts, threshold):
    """Every split of the hidden cells that agrees with what a reader is shown, taking "< 5" at
    its word (0 to 4). `total` and `parts` are the masked figures; the total must show."""
    hidden = [key for key, value in parts.items() if is_masked(value)]
    left = total - sum(value for value in parts.values() if value is not None and not is_masked(value))
    return [split for split in itertools.product(range(threshold), repeat=len(hidden)) if sum(split) == left]


def test_two_small_cells_that_fill_the_threshold_cannot_be_read_back():
    # 8 victims: 4 women, 4 men. "< 5", "< 5" and a total of 8 could only be 4 and 4.
    total, parts = mask_breakdown(8, {"female": 4, "male": 4}, 5)
    assert is_masked(total) or len(readings(total, parts, 5)) > 1


def test_a_cell_hidden_only_to_protect_another_does_not_claim_to_be_small():
    # 15 victims, 3 women, 12 men: the men are hidden to protect the women, but 12 is not "< 5".
    total, parts = mask_breakdown(15, {"female": 3, "male": 12}, 5)
    assert is_masked(parts["male"])
    assert shown(parts["male"]) != "< 5"


def test_a_count_masks_every_breakdown_against_the_exact_total():
    from portal.annual.suppression import mask_count

    # 20 victims: "sexual 3" alone hides the total, yet women and men (10 + 10) still give it,
    # so the foreigners' 3 needs its complement among the nationalities all the same.
    total, parts = mask_count(20, {
        "sex": {"female": 10, "male": 10},
        "exploitation": {"sexual": 3},
        "nationality": {"national": 17, "foreign": 3},
    }, 5)
    assert is_masked(total)
    assert (parts["female"], parts["male"]) == (10, 10)
    assert is_masked(parts["sexual"]) and is_masked(parts["foreign"]) and is_masked(parts["national"])
    # A small total with no breakdown is masked on its own.
    assert shown(mask_count(2, {}, 5)[0]) == "< 5"
