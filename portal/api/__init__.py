"""A read-only JSON API for other systems, under the pages' access policy."""
