"""What the people who run the portal rely on: the health check and the structured logs."""

import json
import logging

from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.ops.logs import JsonFormatter


def test_the_health_check_answers_ok_with_the_database_up(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_the_health_check_says_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_every_response_carries_a_request_id_and_keeps_the_proxys(client):
    made = client.get("/login").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/login", headers={"X-Request-ID": "proxy-1234abcd"}).headers["X-Request-ID"] == "proxy-1234abcd"
    # A header is input: markup or an overlong value is replaced, not echoed.
    assert client.get("/login", headers={"X-Request-ID": "<script>x</script>"}).headers["X-Request-ID"] != \
        "<script>x</script>"


def test_a_json_log_line_names_the_request(app):
    record = logging.LogRecord("portal", logging.INFO, __file__, 1, "GET %s %s", ("/login", 200), None)
    record.status, record.duration_ms = 200, 3.2
    with app.test_request_context("/login", headers={"X-Request-ID": "abcd1234abcd"}):
        from flask import g

        g.request_id = "abcd1234abcd"
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /login 200"
    assert line["request_id"] == "abcd1234abcd" and line["status"] == 200 and line["path"] == "/login"
