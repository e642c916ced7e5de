"""Absolute links for messages, whether built during a request or from the command line."""

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint, **values):
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)
