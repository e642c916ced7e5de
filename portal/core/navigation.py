"""Where to send someone after a form: only back inside the portal."""

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(default_endpoint="dashboard.index", value=None):
    target = value if value is not None else (request.args.get("next") or request.form.get("next"))
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for(default_endpoint)
