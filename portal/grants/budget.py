"""Budget arithmetic of a proposal: totals by category, direct and indirect costs."""

from portal.core.money import percentage_of, total
from portal.grants.models import BudgetCategory


def requested_total(lines):
    return total(line.amount_eur for line in lines)


def cofunding_total(lines):
    return total(line.cofunding_eur for line in lines)


def direct_costs(lines):
    return total(line.amount_eur for line in lines if line.category != BudgetCategory.INDIRECT)


def indirect_costs(lines):
    return total(line.amount_eur for line in lines if line.category == BudgetCategory.INDIRECT)


def indirect_ceiling(lines, ceiling_pct):
    """The most the indirect line may ask: a percentage of the direct costs."""
    return percentage_of(direct_costs(lines), ceiling_pct)


def totals_by_category(lines):
    return {
        category: total(line.amount_eur for line in lines if line.category == category)
        for category in BudgetCategory
    }
