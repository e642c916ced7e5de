"""Who reads a country's share of the programme: the embassy of that country, and the mission
for any country. Registered in the one access policy (portal.core.access) through its `rule`."""

from portal.core.access import rule
from portal.programme.models import Country


@rule(Country, "see_share")
def _see_country_share(user, country):
    # The class asks "may this user see some country's share at all" (the page before a choice).
    if user.is_mission:
        return True
    return user.is_embassy and (isinstance(country, type) or country.code == user.country_code)
