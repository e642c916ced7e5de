"""The API's refusals, as JSON for programs: a stable code and a message for people, never an
HTML page. Routing errors under the API's prefix come here too (see `unknown_path`)."""

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from portal.extensions import db

ERRORS = {
    400: ("bad_request", _l("The request is not valid.")),
    401: ("unauthorized", _l("A valid API token is needed: send it as “Authorization: Bearer <token>”.")),
    403: ("forbidden", _l("Your account is not allowed to do this.")),
    404: ("not_found", _l("This does not exist, or you cannot see it.")),
    405: ("method_not_allowed", _l("The API only reads: use GET.")),
    429: ("too_many_requests", _l("Too many requests in a short time. Please wait a little and try again.")),
    500: ("server_error", _l("An unexpected error occurred. Please try again later.")),
}


class BadParameters(HTTPException):
    """Query parameters that do not pass their schema: a 400 that says what is wrong."""

    code = 400

    def __init__(self, messages):
        super().__init__()
        self.messages = messages


def json_error(code, message=None, headers=None, **extra):
    slug, default = ERRORS.get(code, ("error", ERRORS[500][1]))
    response = jsonify({"error": slug, "message": str(message or default), **extra})
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_error(error):
    if isinstance(error, BadParameters):
        return json_error(400, fields=error.messages)
    headers = {}
    if error.code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    # The exception's own headers (Allow of a 405), but not those of its HTML page.
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            headers.setdefault(name, value)
    return json_error(error.code or 500, headers=headers)


def unexpected_error(error):
    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return json_error(500)


def unknown_path(path):
    """Any other path under the API: a JSON 404, or a 405 when the path exists for GET."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _values = adapter.match(method="GET")
    except HTTPException:
        endpoint = None
    if endpoint is not None and endpoint != request.endpoint:
        raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
    raise NotFound()


def register(blueprint):
    blueprint.register_error_handler(HTTPException, http_error)
    blueprint.register_error_handler(Exception, unexpected_error)
