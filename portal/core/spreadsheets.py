"""Cells of files a spreadsheet opens (CSV, XLSX): text a person wrote never runs as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text):
    """Text as a spreadsheet must show it: a leading quote keeps "=..." from becoming a formula."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
