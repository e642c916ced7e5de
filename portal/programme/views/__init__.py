"""Request handling of the reference data pages: load, check access, call an operation, render."""
