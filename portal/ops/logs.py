"""Logs as one JSON object a line, each request with its id.

The id comes from the proxy's X-Request-ID when it sends one (so a request can be followed
from the proxy's log to the app's), otherwise it is made here; it goes back in the response
header. Set LOG_FORMAT=json in production; development keeps readable text lines."""

import json
import logging
import sys
import time
import uuid

from flask import current_app, g, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["method"], entry["path"] = request.method, request.path
        for key in ("status", "duration_ms", "user_id", "remote_addr"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def register(app):
    if app.config.get("LOG_FORMAT") == "json":
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        app.logger.handlers[:] = [handler]
        app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
        app.logger.propagate = False
    app.before_request(_start)
    app.after_request(_finish)


def _start():
    given = request.headers.get(REQUEST_ID_HEADER, "")
    # Only a plausible id is kept: a header is input like any other.
    g.request_id = given if 8 <= len(given) <= 64 and given.replace("-", "").isalnum() else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    if request.endpoint != "static" and "request_started" in g:
        current_app.logger.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                "user_id": current_user.get_id() if current_user and current_user.is_authenticated else None,
                "remote_addr": request.remote_addr,
            },
        )
    return response
