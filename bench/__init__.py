"""Benchmarks of the annual review: a synthetic ten-year programme and the figures measured on it.

Not part of the portal and not a test: run `python bench/annual_review.py --help`.
"""
