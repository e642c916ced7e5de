"""Accounts: users, organisations, memberships, invitations, sign-in and two-factor."""
