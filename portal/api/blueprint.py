"""URL rules of the JSON API (token authenticated, under /api/v1) and of the pages where each
user manages their API tokens (signed in, under their account)."""

from flask import Blueprint

from portal.api import errors, policy, token_pages, views  # noqa: F401  (policy: the tokens' access rules)
from portal.api.authentication import authenticate, keep_api_requests_sessionless, rate_limit, rate_limit_key
from portal.core.access import public
from portal.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
tokens_bp = Blueprint("api_tokens", __name__, template_folder="templates", url_prefix="/account/api-tokens")

ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def api_rule(path, endpoint, view, **options):
    # "public" to the page's sign-in: the API asks for its token itself, with a JSON 401.
    bp.add_url_rule(path, endpoint, public(view), **options)


api_rule("/openapi.json", "openapi", views.openapi)
api_rule("/programme-years", "programme_years", views.programme_years)
api_rule("/programme-years/<int:year>", "programme_year", views.programme_year)
api_rule("/components", "components", views.components)
api_rule("/calls", "calls", views.calls)
api_rule("/calls/<int:call_id>", "call", views.call)
api_rule("/grants", "grants", views.grants)
api_rule("/grants/<int:grant_id>", "grant", views.grant)
api_rule("/grants/<int:grant_id>/indicator-values", "grant_indicator_values", views.grant_indicator_values)
api_rule("/indicator-values", "indicator_values", views.indicator_values)
api_rule("/indicators", "indicators", views.indicators)
api_rule("/indicators/<int:indicator_id>", "indicator", views.indicator)
# Anything else under the prefix: a JSON 404 (or 405), never the HTML error page.
api_rule("/<path:path>", "unknown", errors.unknown_path, methods=ANY_METHOD)


def no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


bp.before_request(authenticate)
bp.after_request(no_store)
bp.record_once(keep_api_requests_sessionless)
errors.register(bp)
csrf.exempt(bp)  # it only reads, and a token, not a cookie, says who asks
# One count per user across every API route.
limiter.shared_limit(rate_limit, scope="api", key_func=rate_limit_key)(bp)

tokens_bp.add_url_rule("/", "tokens", token_pages.tokens)
tokens_bp.add_url_rule("/new", "create_token", token_pages.create_token, methods=["POST"])
tokens_bp.add_url_rule("/<int:token_id>/revoke", "revoke_token", token_pages.revoke_token, methods=["POST"])
