"""Refusals by domain rules, and the translated error pages."""

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from portal.extensions import db


class OperationRefused(Exception):
    """A rule of the domain refuses the change; its message, translated, is shown to the user."""


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Not allowed"), _l("Your account is not allowed to do this.")),
    404: (_l("Page not found"), _l("This page does not exist, or you cannot see it.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    413: (_l("File too large"), _l("The file you sent is larger than the portal accepts.")),
    409: (_l("Already changed"), _l("This was changed at the same moment by another request, perhaps a double "
                                    "click. Go back, reload the page and check before trying again.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Please wait a little and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. Nothing you sent was half-saved; please try again later."),
    ),
}


def render_error(code, detail=None):
    title, message = ERROR_PAGES.get(code, ERROR_PAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register_error_pages(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code not in ERROR_PAGES:
            return error
        detail = None
        if isinstance(error, CSRFError):
            detail = _l("This form had expired. Please go back, reload the page and send it again.")
        return render_error(error.code, detail)

    @app.errorhandler(IntegrityError)
    def conflicting_write(error):
        # Two requests racing to create the same thing (a double click, two tabs): the
        # database's constraints refuse the second, and the person is told, not crashed on.
        db.session.rollback()
        app.logger.warning("Integrity error on %s %s: %s", request.method, request.path, error.orig)
        return render_error(409)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
