"""Access rules by domain. Each module offers RULES {(Model, action): rule(user, obj)} and
SCOPES {Model: scoper(user, select)}; portal.core.access gathers them, and only it."""
