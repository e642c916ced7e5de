"""The API's OpenAPI 3 document, generated with apispec from the marshmallow schemas and the
URL rules: each API view says what it answers with `documented`, and a view that does not is
left out (a test then fails, so no route goes undocumented)."""

import re
from dataclasses import dataclass

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from portal.api.schemas import MAX_PER_PAGE, DecimalString, ErrorSchema

API_VERSION = "1.0.0"
OPENAPI_VERSION = "3.0.3"
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")

DESCRIPTION = f"""Read-only access to the portal's programme years, calls, grants, indicator catalogue and
indicator values, under the same access policy as its pages: a partner reads its organisation's
grants, an embassy those of its country (regional ones included), the mission everything.

**Tokens.** Each user makes personal tokens on their account page and sends one as
`Authorization: Bearer <token>`. A token reads what its user may read, until it expires or is
revoked.

**Lists** come a page at a time: `?page=` (from 1) and `?per_page=` (1 to {MAX_PER_PAGE}), in the
envelope `{{items, page, per_page, total, next, previous}}`.

**Numbers.** Money and decimals are strings (`"50000.00"`), never floats; dates and moments are
ISO 8601, moments in UTC.

**Small numbers of victims.** For every reader but the mission, a count of victims below the
mission's threshold is masked: `value` is null, `masked` true and `below` gives the threshold,
and a second figure of the same breakdown is masked too, so that none can be recovered by
subtraction.

**Errors** are JSON `{{error, message}}`: 400 (with `fields` for bad parameters), 401, 404, 405,
429 (with `Retry-After`)."""

ERROR_RESPONSES = {
    "400": ("BadRequest", "Unknown or malformed query parameters"),
    "401": ("Unauthorized", "No token, or one that is unknown, expired or revoked"),
    "404": ("NotFound", "Absent, or not visible to the token's user"),
    "429": ("TooManyRequests", "Too many requests: wait for the time Retry-After gives"),
}


@dataclass(frozen=True)
class Operation:
    summary: str
    schema: type | dict  # a marshmallow schema, or a JSON schema as is
    args: type | None = None


def documented(summary, schema, args=None):
    """Say what a GET view of the API answers: its summary, the schema of its answer and the
    schema of its query parameters."""

    def mark(view):
        view.openapi = Operation(summary, schema, args)
        return view

    return mark


def openapi_document(app, blueprint):
    """The document of every documented rule of the blueprint, built once per app."""
    cached = app.extensions.get("api_openapi_document")
    if cached is None:
        cached = app.extensions["api_openapi_document"] = _build(app, blueprint).to_dict()
    return cached


def _build(app, blueprint):
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="THB partner portal API", version=API_VERSION, openapi_version=OPENAPI_VERSION, plugins=[plugin],
        info={"description": DESCRIPTION}, servers=[{"url": blueprint.url_prefix}], security=[{"bearer": []}],
    )
    plugin.map_to_openapi_type(DecimalString, "string", "decimal")
    spec.components.security_scheme("bearer", {
        "type": "http", "scheme": "bearer", "description": "A personal API token, made on one's account page"})
    spec.components.schema("Error", schema=ErrorSchema)
    for name, description in ERROR_RESPONSES.values():
        spec.components.response(name, {
            "description": description, "content": {"application/json": {"schema": "Error"}}})
    prefix = blueprint.url_prefix
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
    for rule in rules:
        view = app.view_functions[rule.endpoint]
        operation = getattr(view, "openapi", None)
        if not rule.endpoint.startswith(blueprint.name + ".") or operation is None:
            continue
        path = _ARGUMENT.sub(lambda match: "{" + match["name"] + "}", rule.rule.removeprefix(prefix))
        spec.path(path=path, operations={"get": _operation(rule, view, operation, _tag(path))})
    return spec


def _operation(rule, view, operation, tag):
    parameters = [
        {"name": match["name"], "in": "path", "required": True,
         "schema": {"type": "integer" if match["converter"] == "int" else "string"}}
        for match in _ARGUMENT.finditer(rule.rule)
    ]
    if operation.args is not None:
        parameters.append({"in": "query", "schema": operation.args})
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": operation.schema}}}}
    public = getattr(view, "takes_no_token", False)
    for code, (name, _description) in ERROR_RESPONSES.items():
        if (code == "400" and operation.args is None) or (code == "404" and not rule.arguments) or \
                (code == "401" and public):
            continue
        responses[code] = name
    described = {
        "operationId": rule.endpoint.partition(".")[2],
        "summary": operation.summary,
        "tags": [tag],
        "parameters": parameters,
        "responses": responses,
    }
    if view.__doc__:
        described["description"] = " ".join(view.__doc__.split())
    if public:
        described["security"] = []
    return described


def _tag(path):
    """Operations grouped by the first segment of their path: grants, calls, ..."""
    return path.split("/")[1].removesuffix(".json")
