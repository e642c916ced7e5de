"""Reference data of the programme: countries, currencies, components, years, priorities."""
