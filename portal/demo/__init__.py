"""The demo programme: believable data for `make run`, built on the reference data."""
