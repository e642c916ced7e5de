"""Secret tokens for links sent by mail: the link holds the token, the database its hash."""

import hashlib
import secrets


def new_token():
    """A (token, token_hash) pair: send the token, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()
