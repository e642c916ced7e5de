"""Load run of the portal (issue 8, "Load"): gunicorn with several workers on PostgreSQL, rate limits
in Redis, and virtual users on the loopback for a bounded time and number of requests.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--requests 20000] [--think 1.0]
                                   [--workers 4] [--database URL] [--redis URL] [--json]

Builds a fresh `load` database (the app's migrations, the demo, and an account of its own with
its own work for each virtual user), starts gunicorn in the production configuration, and plays
partners saving and submitting reports, reviewers declaring and scoring, and the mission opening
the annual review and taking its exports. Prints requests per second, median and 95th percentile
per page and the errors, then compares what the server confirmed with the database ("lost").
With --json, one JSON object. Not a test: it measures this machine.
"""

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench import load_mail, load_report, load_server, load_setup, load_users  # noqa: E402
from bench.load_client import TIMEOUT_S, Recorder  # noqa: E402

NOTE = ("PORTAL_ENV=production; sign-in limits per address and per account raised to "
        f"{load_server.LOGIN_LIMIT} (every user comes from 127.0.0.1); the Secure session cookie is sent "
        "back over plain HTTP (the loopback stands for the TLS proxy); mail by SMTP to a sink of the run.")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users (60%% partners, "
                                                             "20%% reviewers, 20%% mission)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of the run, sign-ins included")
    parser.add_argument("--requests", type=int, default=20000, help="no request starts beyond this number")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time between two requests of a user, in seconds (0.5 to 1.5 times it)")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the users start")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (above 1: gthread workers)")
    parser.add_argument("--database", default="postgresql",
                        help="postgresql (the local `load` database, emptied first) or a SQLAlchemy URL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5",
                        help="rate-limit storage; its database is emptied first")
    parser.add_argument("--mail-after-request", action="store_true",
                        help="MAIL_DELIVER_AFTER_REQUEST=1: each request sends its mail (production leaves it to "
                             "`flask portal send-mail` every minute, the default here too)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    arguments = parser.parse_args(argv)
    if arguments.users < 3 or arguments.duration <= 0 or arguments.requests < 1 or arguments.think < 0:
        parser.error("--users at least 3, --duration and --requests positive, --think not negative")
    if not 0 <= arguments.ramp < arguments.duration:
        parser.error("--ramp must be shorter than --duration")
    return arguments


def database_url(choice):
    if choice == "postgresql":
        return load_setup.POSTGRESQL_URL
    if choice.startswith("postgresql://"):
        return choice.replace("postgresql://", "postgresql+psycopg://", 1)
    return choice


def say(arguments, text):
    if not arguments.json:
        print(text, file=sys.stderr, flush=True)


def run(arguments):
    url = database_url(arguments.database)
    say(arguments, f"Preparing {url} (migrations, demo, load accounts)...")
    started = time.monotonic()
    with contextlib.redirect_stderr(io.StringIO()) if arguments.json else contextlib.nullcontext():
        plan = load_setup.prepare(url, arguments.users, arguments.duration, arguments.think)
    say(arguments, f"  ready in {time.monotonic() - started:.1f} s: {len(plan.partners)} partners, "
                   f"{len(plan.reviewers)} reviewers, {len(plan.missions)} mission staff")
    limits = redis.Redis.from_url(arguments.redis)
    limits.flushdb()  # this database number is the run's own
    limits.close()
    run_id = time.strftime("%Y%m%d-%H%M%S")
    with load_mail.MailSink() as sink:
        server = load_server.Server(url, arguments.redis, sink.port, arguments.workers, arguments.threads,
                                    deliver_after_request=arguments.mail_after_request)
        try:
            with server:
                say(arguments, f"gunicorn at {server.url} ({arguments.workers} workers); {arguments.users} users "
                               f"for {arguments.duration:g} s...")
                load_before, cpu_before = os.getloadavg()[0], _cpu_seconds()
                database_before = _database_cpu_seconds(url)  # the pools' connections stay open
                server_before = server.cpu_seconds()
                samples, elapsed, ledger, not_signed_in = play(plan, server.url, arguments, run_id)
                load_after, generator_cpu = os.getloadavg()[0], _cpu_seconds() - cpu_before
                server_cpu = _difference(server.cpu_seconds(), server_before)
                database_cpu = _difference(_database_cpu_seconds(url), database_before)
                log = server.log_text()
        finally:
            server.cleanup()
        mail = dict(sink.figures(), outbox=load_report.outbox(url))
    lost = load_report.lost_records(url, ledger)
    settings = {
        "users": arguments.users, "duration_s": arguments.duration, "max_requests": arguments.requests,
        "think_s": arguments.think, "ramp_s": arguments.ramp, "workers": arguments.workers,
        "threads": arguments.threads, "mail_after_request": arguments.mail_after_request,
        "database": _without_password(url), "redis": arguments.redis,
        "roles": f"{len(plan.partners)} partners, {len(plan.reviewers)} reviewers, {len(plan.missions)} mission",
        "exports": [path for _name, path in plan.exports], "note": NOTE,
        # The load generator shares the machine with the server, PostgreSQL and anything else running.
        "cpus": os.cpu_count(), "load_average_before": round(load_before, 2),
        "load_average_after": round(load_after, 2), "generator_cpu_s": round(generator_cpu, 1),
        "server_cpu_s": server_cpu, "database_cpu_s": database_cpu,
    }
    server_errors, durations = read_log(log)
    figures = load_report.result(samples, elapsed, ledger, lost, settings, durations)
    figures["server_errors"] = server_errors
    figures["mail"] = mail
    figures["users_not_signed_in"] = not_signed_in
    return figures


def play(plan, base_url, arguments, run_id):
    """Run the virtual users until the duration or the number of requests is reached."""
    recorder = Recorder(arguments.requests, time.monotonic() + arguments.duration)
    ledger = load_users.Ledger(run=run_id)
    users = load_users.virtual_users(plan, base_url, recorder, ledger, arguments.think, arguments.ramp)
    for user in users:
        user.start()
    for user in users:
        user.join(max(0.0, recorder.deadline - time.monotonic()) + TIMEOUT_S + 5)
    recorder.stop.set()
    elapsed = time.monotonic() - recorder.origin
    not_signed_in = sum(1 for user in users if not user.signed_in)
    return list(recorder.samples), elapsed, ledger, not_signed_in


def read_log(log):
    """The server's error lines (JSON logs of level ERROR, gunicorn's own) and the duration it
    logged for each request id."""
    errors, durations = [], {}
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            if "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line:
                errors.append(line.strip()[:300])
            continue
        if not isinstance(entry, dict):
            continue
        if entry.get("level") in ("ERROR", "CRITICAL"):
            errors.append(f"{entry.get('method', '')} {entry.get('path', '')}: {entry.get('message', '')}"[:300])
        if entry.get("request_id") and entry.get("duration_ms") is not None:
            durations[entry["request_id"]] = entry["duration_ms"] / 1000
    return errors, durations


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _database_cpu_seconds(url):
    """CPU seconds of the PostgreSQL backends serving the run's database (None on SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    marker = f" {parsed.username or 'postgres'} {parsed.database} "
    return load_server.process_cpu_seconds(lambda _pgrp, command: command.startswith("postgres:")
                                           and marker in command)


def _difference(after, before):
    return None if after is None or before is None else round(after - before, 1)


def _without_password(url):
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv=None):
    arguments = parse(argv)
    figures = run(arguments)
    if arguments.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(load_report.table(figures))
        mail = figures["mail"]
        if figures["users_not_signed_in"]:
            print(f"{figures['users_not_signed_in']} users never signed in")
        how = "sent after the request that queued it" if figures["settings"]["mail_after_request"] else "left to cron"
        print(f"mail ({how}): {mail['received']} received by SMTP ({mail['distinct']} distinct, "
              f"{mail['received_more_than_once']} more than once); outbox {mail['outbox']}")
        for line in figures["server_errors"][:10]:
            print(f"  server log: {line}")
    return 0 if all(figures["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
