"""In production the rate-limit counts live in Redis, shared by every worker process."""

import socket
import subprocess
import sys
import textwrap
import uuid

import pytest

from tests.conftest import ROOT


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379")
def test_two_app_processes_share_login_limits_through_redis(tmp_path):
    # Each process is a separate app, as two gunicorn workers would be.
    script = textwrap.dedent(f"""
        import sys, uuid
        from portal import create_app
        from portal.config import TestingConfig
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite:///{tmp_path}/x.sqlite3",
                         RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                         RATELIMIT_KEY_PREFIX=sys.argv[1],
                         LOGIN_RATE_LIMIT_PER_ADDRESS="3 per minute")
        from flask_migrate import upgrade
        with app.app_context():
            upgrade()
        client = app.test_client()
        print(",".join(str(client.post("/login", data={{"email": "a@b.c", "password": "x"}}).status_code)
                       for _ in range(2)))
    """)
    prefix = f"test-{uuid.uuid4().hex}"  # a fresh count each run
    runs = [subprocess.run([sys.executable, "-c", script, prefix], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip().splitlines()[-1] for _ in range(2)]
    assert runs == ["200,200", "200,429"]
