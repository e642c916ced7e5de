"""The financial report's rules: which currencies a line may be in, and spending by budget
category against the proposal's budget, with the grant's overspend tolerance."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core.money import ZERO, total
from portal.grants.models import BudgetCategory

EUR = "EUR"


def grant_countries(grant):
    return list(grant.proposal.countries)


def home_country(grant):
    """The country whose currency a line defaults to: the partner's own when the grant reaches
    it, else the grant's first country (a regional grant run from elsewhere)."""
    countries = grant_countries(grant)
    own = [c for c in countries if c.code == grant.organisation.country_code]
    return (own or countries or [None])[0]


def allowed_currencies(grant, day):
    """EUR, and the currency each country of the grant used on that day (HRK in Croatia until
    2022, BGN in Bulgaria until 2025): a line is in one of them."""
    allowed = {EUR}
    for country in grant_countries(grant):
        currency = country.currency_on(day)
        if currency:
            allowed.add(currency)
    return allowed


def default_currency(grant, day):
    country = home_country(grant)
    return (country.currency_on(day) if country is not None else None) or EUR


def currency_choices(grant):
    """Every currency a line of this grant may ever be in, whatever its date."""
    codes = {EUR}
    for country in grant_countries(grant):
        codes.update(period.currency_code for period in country.currencies)
    return sorted(codes)


def currency_problem(grant, currency, day):
    """A message when a line spent on `day` may not be in `currency`, else None."""
    allowed = allowed_currencies(grant, day)
    if currency in allowed:
        return None
    return _l("A line spent on %(date)s may be in %(allowed)s, not in %(currency)s.",
              date=day.isoformat(), allowed=", ".join(sorted(allowed)), currency=currency)


def budget_categories(grant):
    """The categories of the proposal's budget, in the budget's order of categories."""
    used = {line.category for line in grant.proposal.budget_lines}
    return [category for category in BudgetCategory if category in used]


@dataclass
class CategoryTotal:
    category: BudgetCategory
    budget: Decimal
    spent: Decimal
    tolerance_pct: Decimal

    @property
    def variance(self):
        """Spent minus budget: above zero, more was spent than planned."""
        return self.spent - self.budget

    @property
    def over_tolerance(self):
        # Exact, without rounding: spent > budget x (1 + tolerance / 100).
        return self.spent * 100 > self.budget * (100 + self.tolerance_pct)


def totals_by_category(grant, lines):
    """Spending in EUR by category against the budget of that category, for every category
    that has a budget or some spending."""
    budget = {c: total(b.amount_eur for b in grant.proposal.budget_lines if b.category == c) for c in BudgetCategory}
    spent = {c: total(line.amount_eur for line in lines if line.category == c) for c in BudgetCategory}
    tolerance = Decimal(grant.overspend_tolerance_pct if grant.overspend_tolerance_pct is not None else 0)
    return [
        CategoryTotal(category, budget[category], spent[category], tolerance)
        for category in BudgetCategory if budget[category] != ZERO or spent[category] != ZERO
    ]


def spent_total(lines):
    return total(line.amount_eur for line in lines)


def line_errors(grant, *, category, spent_on, currency, amount, rate):
    """What makes a line impossible to keep, by field: without these, it cannot be converted
    to euros or it breaks the currency rule. Empty when the line can be saved."""
    errors = {}
    if category not in budget_categories(grant):
        errors["category"] = _l("Choose one of the categories of the grant's budget.")
    if amount is None:
        errors["amount"] = _l("Give the amount spent.")
    if spent_on is None:
        errors["spent_on"] = _l("Give the date spent: it tells which currencies the line may be in.")
        return errors
    problem = currency_problem(grant, currency or default_currency(grant, spent_on), spent_on)
    if problem:
        errors["currency"] = problem
    elif (currency or default_currency(grant, spent_on)) != EUR and (rate is None or rate <= 0):
        errors["rate"] = _l("Give the exchange rate: how many units of the currency for one euro.")
    return errors
