"""The home page: one dashboard per role."""
