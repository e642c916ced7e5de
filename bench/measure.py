"""What the benchmark times: the roll-up against a hand-written GROUP BY over the same rows, the
annual review page through the test client, and the XLSX export in a child process."""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from portal.extensions import db

# The roll-up's semantics written by hand: accepted reports of the year's grants; a bilateral
# grant's whole-grant values count under its country, a regional grant's under each country it
# reported for; per grant first (sum over periods, largest period, or latest period), then over
# grants. Text indicators have no figures.
ACTUALS_SQL = """
WITH cells AS (
    SELECT r.grant_id, iv.indicator_id, iv.category_id, pc.country_code, i.rollup,
           iv.value, iv.numerator, iv.denominator, r.period_end, r.id AS report_id
    FROM indicator_values iv
    JOIN reports r ON r.id = iv.report_id AND r.status = 'accepted'
    JOIN grants g ON g.id = r.grant_id
    JOIN proposals p ON p.id = g.proposal_id
    JOIN calls c ON c.id = p.call_id
    JOIN programme_years y ON y.id = c.programme_year_id AND y.year = :year
    JOIN indicators i ON i.id = iv.indicator_id AND i.kind <> 'text'
    JOIN proposal_countries pc ON pc.proposal_id = p.id
         AND ((p.scope = 'bilateral' AND iv.country_code IS NULL)
              OR (p.scope = 'regional' AND iv.country_code = pc.country_code))
),
per_grant AS (
    SELECT grant_id, indicator_id, category_id, country_code,
           CASE WHEN rollup = 'maximum' THEN MAX(value) ELSE SUM(value) END AS value,
           SUM(numerator) AS numerator, SUM(denominator) AS denominator
    FROM cells
    WHERE rollup <> 'latest'
    GROUP BY grant_id, indicator_id, category_id, country_code, rollup
    UNION ALL
    SELECT grant_id, indicator_id, category_id, country_code, value, numerator, denominator
    FROM (
        SELECT grant_id, indicator_id, category_id, country_code, value, numerator, denominator,
               ROW_NUMBER() OVER (PARTITION BY grant_id, indicator_id, category_id, country_code
                                  ORDER BY period_end DESC, report_id DESC) AS position
        FROM cells
        WHERE rollup = 'latest'
    ) ranked
    WHERE position = 1
)
SELECT indicator_id, category_id, country_code, SUM(value), SUM(numerator), SUM(denominator), COUNT(*)
FROM per_grant
GROUP BY indicator_id, category_id, country_code
"""

# Targets of the same grants, per country they cover.
TARGETS_SQL = """
SELECT t.indicator_id, t.category_id, pc.country_code, SUM(t.target), SUM(t.baseline)
FROM indicator_targets t
JOIN grants g ON g.proposal_id = t.proposal_id
JOIN proposals p ON p.id = g.proposal_id
JOIN calls c ON c.id = p.call_id
JOIN programme_years y ON y.id = c.programme_year_id AND y.year = :year
JOIN proposal_countries pc ON pc.proposal_id = p.id
GROUP BY t.indicator_id, t.category_id, pc.country_code
"""


class BenchmarkMismatch(RuntimeError):
    """The roll-up and the hand-written SQL disagree: their timings would not compare equal work."""


def _number(value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def hand_written(year):
    """The two grouped statements; returns {(indicator, category, country): figures}."""
    actuals = db.session.execute(sa.text(ACTUALS_SQL), {"year": year}).all()
    targets = db.session.execute(sa.text(TARGETS_SQL), {"year": year}).all()
    cells = {}
    for indicator_id, category_id, country, value, numerator, denominator, grants in actuals:
        cells[(indicator_id, category_id, country)] = {
            "actual": _number(value), "numerator": _number(numerator), "denominator": _number(denominator),
            "grants": grants, "target": None, "baseline": None}
    for indicator_id, category_id, country, target, baseline in targets:
        cell = cells.setdefault((indicator_id, category_id, country), {
            "actual": None, "numerator": None, "denominator": None, "grants": 0})
        cell["target"], cell["baseline"] = _number(target), _number(baseline)
    return cells


def compare(figures, cells):
    """Fail loudly unless the roll-up's cells are the hand-written ones, figure for figure."""
    rolled = {f.key: f for f in figures}
    if len(rolled) != len(figures):
        raise BenchmarkMismatch(f"the roll-up returned {len(figures) - len(rolled)} duplicate cells")
    missing, extra = cells.keys() - rolled.keys(), rolled.keys() - cells.keys()
    if missing or extra:
        raise BenchmarkMismatch(f"cells differ: {len(rolled)} rolled up, {len(cells)} by hand; "
                                f"e.g. missing {sorted(missing, key=str)[:3]}, extra {sorted(extra, key=str)[:3]}")
    differences = []
    for key, cell in cells.items():
        figure = rolled[key]
        for name, expected in cell.items():
            got = getattr(figure, name)
            got = got if name == "grants" else _number(got)
            if got != expected:
                differences.append(f"{key} {name}: roll-up {got}, SQL {expected}")
    if differences:
        raise BenchmarkMismatch(f"{len(differences)} figures differ, e.g. " + "; ".join(differences[:5]))
    return {"cells": len(cells), "cells_with_actuals": sum(1 for c in cells.values() if c["grants"]),
            "grant_cells": sum(c["grants"] for c in cells.values())}


def time_rollup(year, repeat):
    """Median and best seconds of the roll-up and of the hand-written SQL, run alternately after
    one warm-up of each, plus what was compared."""
    from portal.annual.rollup import Filters, indicator_rollup

    def rollup():
        return indicator_rollup(year, Filters(), by=("country",))

    checked = compare(rollup(), hand_written(year))  # also the warm-up
    db.session.rollback()
    times = {"rollup": [], "sql": []}
    for _ in range(repeat):
        for name, run in (("rollup", rollup), ("sql", lambda: hand_written(year))):
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
            db.session.rollback()
    return {name: (statistics.median(values), min(values)) for name, values in times.items()}, checked


def time_page(app, user, year, requests):
    """Median and 95th percentile of GET /annual/<year> for a signed-in mission user, or None
    when the app has no such page yet."""
    from portal.core.db import utcnow

    if "annual.review" not in app.view_functions:
        return None
    client = app.test_client()
    now = utcnow().timestamp()
    with client.session_transaction() as session:  # signed in as tests/conftest.py's Auth does
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["login_at"] = now
        session["seen_at"] = now
    with app.test_request_context():
        url = app.url_for("annual.review", year=year)
    durations = []
    for number in range(requests + 1):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        if number:  # the first request warms the caches
            durations.append(elapsed)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    statements = _statements_of(client, url)
    return {"median": statistics.median(durations), "p95": p95, "requests": len(durations), "url": url,
            "statements": len(statements), "sql_s": sum(seconds for seconds, _text in statements),
            "slowest": sorted(statements, reverse=True)[:3]}


def _statements_of(client, url):
    """The SQL statements one more request of the page runs, with their durations."""
    statements, started = [], {}

    def before(connection, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(connection, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - started.pop(id(cursor), time.perf_counter()),
                           " ".join(statement.split())))

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    return statements


def time_export(url, years):
    """Run the XLSX export of `years` in a child process; its duration and peak RSS, or None
    when the portal has no export yet."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        target = Path(folder) / "indicators.xlsx"
        command = [sys.executable, str(Path(__file__).with_name("annual_review.py")), "--export-child",
                   "--database", url, "--export-path", str(target), "--export-years", ",".join(map(str, years))]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"the export child failed:\n{result.stderr[-3000:]}")
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        if outcome.get("missing"):
            return None
        outcome["size_mb"] = round(target.stat().st_size / 2**20, 1)
        return outcome


def _memory_mb(field):
    """VmHWM (peak) or VmRSS (now) of this process in MB, from /proc; None elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def export_child(url, path, years):
    """In the child: export, then report the duration and the process's peak resident memory.

    The peak is VmHWM, which starts afresh with the child's own program; getrusage's ru_maxrss
    is kept across exec on Linux and would report the parent's size when that is larger.
    """
    import resource

    from bench.database import make_app

    app = make_app(url)
    with app.app_context():
        try:
            from portal.annual.exports import write_indicator_workbook
        except ImportError:
            print(json.dumps({"missing": True}))
            return
        before = _memory_mb("VmRSS")
        started = time.perf_counter()
        write_indicator_workbook(path, years, user=None)
        elapsed = time.perf_counter() - started
    peak = _memory_mb("VmHWM")
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"seconds": elapsed, "peak_mb": round(peak, 1),
                      "baseline_mb": None if before is None else round(before, 1)}))
