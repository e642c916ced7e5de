"""Request handling of the indicator catalogue: load, check access, call an operation, render."""
