"""The mission's own screens: the outbox of every message the portal sends."""
