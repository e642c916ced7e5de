"""Paging long lists: ?page=N, a fixed page size."""

from flask import request

from portal.extensions import db


def paginate(statement, per_page=50):
    page = request.args.get("page", 1, type=int) or 1
    return db.paginate(statement, page=max(page, 1), per_page=per_page, error_out=False)
