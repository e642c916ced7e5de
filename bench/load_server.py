"""Gunicorn serving the portal for the load run, in the production configuration, on a free port
of the loopback; stopped with its whole process group whatever happens."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Every virtual user signs in from 127.0.0.1: the per-address limit (20 a minute) would refuse most
# of them. Raised for the run only; every other setting stays the production one.
LOGIN_LIMIT = "100000 per minute"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_seconds(chosen):
    """The CPU seconds (user and system) of the processes `chosen(pgrp, command line)` picks,
    read from /proc; None where there is no /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for folder in proc.iterdir():
        if not folder.name.isdigit():
            continue
        try:
            stat = (folder / "stat").read_text()
            command = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (name) "
        if chosen(int(fields[2]), command):
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def environment(database_url, redis_url, instance_dir, mail_port, deliver_after_request=True):
    """PORTAL_ENV=production with what a plain-HTTP loopback run needs changed, and said so."""
    env = dict(os.environ)
    for name in [key for key in env if key.startswith(("PORTAL_", "MAIL_", "LOGIN_RATE", "SESSION_"))]:
        env.pop(name)
    env.update({
        "PORTAL_ENV": "production",
        "PORTAL_INSTANCE_DIR": str(instance_dir),  # attachments and mail of the run, not instance/
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_RATE_LIMIT_PER_ADDRESS": LOGIN_LIMIT,
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": LOGIN_LIMIT,
        # Mail goes out by SMTP, as in production, to the run's own sink on the loopback (no TLS).
        "MAIL_SENDER": "smtp",
        "MAIL_SMTP_HOST": "127.0.0.1",
        "MAIL_SMTP_PORT": str(mail_port),
        "MAIL_SMTP_STARTTLS": "0",
        "MAIL_DELIVER_AFTER_REQUEST": "1" if deliver_after_request else "0",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",  # a line per request, with its id and duration: the server's side of the figures
        "PYTHONUNBUFFERED": "1",
    })
    return env


class Server:
    """`with Server(...) as server:` serves at server.url until the block ends."""

    def __init__(self, database_url, redis_url, mail_port, workers=4, threads=1, deliver_after_request=True):
        self.database_url, self.redis_url, self.mail_port = database_url, redis_url, mail_port
        self.deliver_after_request = deliver_after_request
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = tempfile.TemporaryDirectory(prefix="portal-load-")
        self.log_path = Path(self.folder.name) / "gunicorn.log"
        self.process = None

    def __enter__(self):
        command = [str(GUNICORN), "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
                   "--timeout", "60", "--log-level", "warning", "--error-logfile", "-",
                   "--preload"]  # the app is built once, before the workers fork: they start ready
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        command.append("wsgi:app")
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=environment(self.database_url, self.redis_url, self.folder.name, self.mail_port,
                            self.deliver_after_request),
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            self._wait_until_healthy()
            self._warm_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_healthy(self, timeout_s=60):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /health within {timeout_s} s:\n{self.log_tail()}")

    def _warm_up(self):
        """A few sign-in pages at once, not counted, so that each worker has compiled its base
        templates before the first virtual user comes."""

        def open_login():
            with contextlib.suppress(OSError, urllib.error.URLError):
                urllib.request.urlopen(f"{self.url}/login", timeout=30).close()  # noqa: S310

        threads = [threading.Thread(target=open_login) for _ in range(2 * self.workers * self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def cpu_seconds(self):
        """CPU time used so far by gunicorn's master and workers (Linux; None elsewhere)."""
        return process_cpu_seconds(lambda pgrp, _command: pgrp == self.process.pid)

    def log_tail(self, lines=30):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_text(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # the master and its workers
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()
        return False

    def cleanup(self):
        self.folder.cleanup()
