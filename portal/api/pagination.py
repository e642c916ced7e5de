"""Query parameters checked by their schema, and lists answered one page at a time."""

from flask import request, url_for
from marshmallow import ValidationError

from portal.api.errors import BadParameters
from portal.extensions import db


def load_args(schema_class):
    """The query parameters, checked: unknown or malformed ones are a 400 that names them."""
    try:
        return schema_class().load(request.args.to_dict())
    except ValidationError as error:
        raise BadParameters(error.messages)


def _page_url(number):
    args = {**request.args.to_dict(), "page": number}
    return url_for(request.endpoint, **(request.view_args or {}), **args, _external=True)


def paged(statement, page_schema, args, prepare=None):
    """One page of the rows of `statement` in the envelope {items, page, per_page, total, next,
    previous}; `prepare` turns the page's rows into what the item schema serialises."""
    page = db.paginate(statement, page=args["page"], per_page=args["per_page"], error_out=False, count=True)
    items = prepare(page.items) if prepare else page.items
    return page_schema().dump({
        "items": items,
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "next": _page_url(page.page + 1) if page.has_next else None,
        # Past the last page, "previous" leads back to the last one that has items.
        "previous": _page_url(min(page.page - 1, page.pages)) if page.page > 1 and page.pages else None,
    })
