from portal.programme.models.component import Component
from portal.programme.models.country import Country, CountryCurrency, Currency
from portal.programme.models.priority import Priority
from portal.programme.models.programme_year import ProgrammeYear

__all__ = ["Component", "Country", "CountryCurrency", "Currency", "Priority", "ProgrammeYear"]
