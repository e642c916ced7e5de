"""Writes of partner reporting: drafts and receipts, then submission and review."""
