"""A small browser for the load run: one per virtual user, with its own cookies, reading the forms
of the pages (their CSRF token included) and timing every request. Standard library and lxml only.

Redirects are not followed by themselves: a virtual user follows them, so that every page shows in
the figures under its own name. The portal's session cookie carries the Secure flag in production;
this client stands for a browser behind the TLS-terminating proxy and sends it back over the
loopback's plain HTTP all the same.
"""

import http.client
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import lxml.html

TIMEOUT_S = 30


class Stop(Exception):
    """The run is over (its duration or its number of requests reached)."""


class Failed(Exception):
    """A request ended in an error; it is recorded already."""


@dataclass
class Sample:
    started: float  # seconds since the run's start
    name: str  # the page, e.g. "report save"
    kind: str  # page, export or sign-in
    status: int | None  # None when no response came
    seconds: float
    error: str | None
    request_id: str = ""  # sent as X-Request-ID: the server logs its own duration under it


class Recorder:
    """Every request of the run, and the cap on their number."""

    def __init__(self, max_requests, deadline):
        self.samples = []
        self.max_requests = max_requests
        self.deadline = deadline  # time.monotonic() after which no request starts
        self.stop = threading.Event()
        self.origin = time.monotonic()
        self._lock = threading.Lock()
        self._started = 0

    def take_slot(self):
        with self._lock:
            if self.stop.is_set() or self._started >= self.max_requests or time.monotonic() >= self.deadline:
                self.stop.set()
                raise Stop
            self._started += 1

    def add(self, sample):
        with self._lock:
            self.samples.append(sample)

    def pause(self, seconds):
        """Think time; ends early when the run stops."""
        if self.stop.wait(min(seconds, max(0.0, self.deadline - time.monotonic()))):
            raise Stop


@dataclass
class Page:
    status: int
    location: str  # the path of a redirect, else ""
    body: bytes

    def form(self, having):
        """[(name, value)] a browser would post for the page's POST form that has a field named
        `having`, its CSRF token included."""
        document = lxml.html.fromstring(self.body)
        for form in document.forms:
            if (form.method or "").upper() == "POST" and having in form.inputs:
                return list(form.form_values())
        raise LookupError(f"no form with a field {having!r}")


def with_values(fields, changes):
    """The form's fields with the values of `changes` (a dict) replaced or added."""
    changes = dict(changes)
    result = [(name, changes.pop(name) if name in changes else value) for name, value in fields]
    return result + list(changes.items())


class Browser:
    def __init__(self, base_url, recorder):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.recorder = recorder
        self.cookies = {}

    def get(self, name, path, expect=(200,), kind="page", to=None):
        return self._send(name, kind, "GET", path, None, expect, to)

    def post(self, name, path, fields, expect=(302,), kind="page", to=None):
        """A form posted; `to`, the path its redirect must lead to."""
        return self._send(name, kind, "POST", path, urlencode(fields).encode(), expect, to)

    def _send(self, name, kind, method, path, body, expect, to):
        self.recorder.take_slot()
        request_id = uuid.uuid4().hex
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en", "Connection": "close",
                   "X-Request-ID": request_id}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self._record(name, kind, started, None, f"{method} {path}: {type(error).__name__}: {error}", request_id)
            raise Failed from error
        finally:
            connection.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        location = urlsplit(response.headers.get("Location", ""))
        page = Page(response.status, location.path + (f"?{location.query}" if location.query else ""), content)
        if response.status not in expect or (to is not None and page.location.split("?")[0] != to):
            self._record(name, kind, started, response.status,
                         f"{method} {path}: {response.status}" + (f" to {page.location}" if page.location else "")
                         + f", expected {'/'.join(map(str, expect))}" + (f" to {to}" if to else ""), request_id)
            raise Failed
        self._record(name, kind, started, response.status, None, request_id)
        return page

    def _record(self, name, kind, started, status, error, request_id):
        now = time.monotonic()
        self.recorder.add(Sample(started - self.recorder.origin, name, kind, status, now - started, error,
                                 request_id))

    def _keep_cookies(self, headers):
        for header in headers:
            pair, *attributes = header.split(";")
            key, _equals, value = pair.strip().partition("=")
            expired = any(a.strip().lower() in ("max-age=0", "max-age=-1") for a in attributes)
            if expired or not value or "1970" in ";".join(attributes):
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = value
