"""Benchmark of the annual review on a synthetic ten-year programme (issue 6, "Performance").

    .venv/bin/python bench/annual_review.py [--database sqlite|postgresql|URL] [--scale 1.0]
                                            [--json] [--year YEAR] [--repeat N] [--regenerate]

Generates the programme once per database (reused while scale, seed, generator and migrations
match), then measures on it: the indicator roll-up of one year by country (and so by component
and indicator) against a hand-written SQL GROUP BY over the same rows, the annual review page
through the test client, and the XLSX export of all ten years with its peak memory. Prints a
table, or with --json one JSON object. One backend per run.
"""

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database, generate, measure  # noqa: E402

ROLLUP_TARGET_S = 1.0
RATIO_TARGET = 1.5
EXPORT_TARGET_MB = 300


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite",
                        help="sqlite (a file under instance/bench/), postgresql (the local `bench` database) or a URL")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the programme; 1.0 is 10,000 grants")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--year", type=int, help="the year rolled up and shown (default: the last one)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the roll-up (the page: 4 times as many)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--regenerate", action="store_true", help="generate the programme again even if present")
    parser.add_argument("--skip-export", action="store_true", help="do not run the XLSX export")
    # The export's child process.
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-path", help=argparse.SUPPRESS)
    parser.add_argument("--export-years", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.scale <= 0 or arguments.repeat < 1:
        parser.error("--scale must be positive and --repeat at least 1")
    last = generate.FIRST_YEAR + generate.YEARS - 1
    if arguments.year is not None and not generate.FIRST_YEAR <= arguments.year <= last:
        parser.error(f"--year must be one of the generated years, {generate.FIRST_YEAR} to {last}")
    return arguments


def run(arguments):
    url = database.database_url(arguments.database, arguments.scale)
    quiet = arguments.json
    # Alembic's logging writes to stderr while the schema is built: kept out of --json runs.
    with contextlib.redirect_stderr(io.StringIO()) if quiet else contextlib.nullcontext():
        generation_s, marker = database.prepare(url, arguments.scale, arguments.seed, arguments.regenerate,
                                                progress=not quiet)
    years = [generate.FIRST_YEAR + i for i in range(generate.YEARS)]
    year = arguments.year or years[-1]
    notes = []
    app = database.make_app(url)
    with app.app_context():
        timings, checked = measure.time_rollup(year, arguments.repeat)
        user = database.mission_user()
        page = measure.time_page(app, user, year, 4 * arguments.repeat)
        if page is None:
            notes.append("the annual review page (endpoint annual.review) does not exist yet")
    export = None
    if arguments.skip_export:
        notes.append("the export was skipped (--skip-export)")
    else:
        export = measure.time_export(url, years)
        if export is None:
            notes.append("portal.annual.exports.write_indicator_workbook does not exist yet")
    rollup_s, sql_s = timings["rollup"][0], timings["sql"][0]
    counts = marker.get("counts", {})
    return {
        "backend": database.backend_of(url),
        "database": _shown(url),
        "scale": arguments.scale,
        "seed": arguments.seed,
        "year": year,
        "grants": counts.get("grants"),
        "organisations": counts.get("organisations"),
        "reports": counts.get("reports"),
        "indicator_values": counts.get("indicator_values"),
        "generation_s": _round(generation_s if generation_s is not None else marker.get("generation_s")),
        "generated_now": generation_s is not None,
        "rollup_s": _round(rollup_s),
        "rollup_best_s": _round(timings["rollup"][1]),
        "sql_groupby_s": _round(sql_s),
        "sql_groupby_best_s": _round(timings["sql"][1]),
        "ratio": round(rollup_s / sql_s, 2),
        "ratio_best": round(timings["rollup"][1] / timings["sql"][1], 2),
        "rollup_cells": checked["cells"],
        "rollup_cells_with_actuals": checked["cells_with_actuals"],
        "page_median_s": _round(page and page["median"]),
        "page_p95_s": _round(page and page["p95"]),
        "page_requests": page and page["requests"],
        "page_statements": page and page["statements"],
        "page_sql_s": _round(page and page["sql_s"]),
        "page_slowest_statements": page and [[_round(s), text[:160]] for s, text in page["slowest"]],
        "export_s": _round(export and export["seconds"]),
        "export_peak_mb": export and export["peak_mb"],
        "export_baseline_mb": export and export["baseline_mb"],
        "export_size_mb": export and export["size_mb"],
        "export_years": len(years),
        "repeat": arguments.repeat,
        "notes": notes,
    }


def _round(value):
    return None if value is None else round(value, 4)


def _shown(url):
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _verdict(ok):
    if ok is None:
        return "n/a"
    return "ok" if ok else "NOT OK"


def table(result):
    def seconds(value):
        return "n/a" if value is None else f"{value:.3f} s"

    rollup, sql, ratio = result["rollup_s"], result["sql_groupby_s"], result["ratio"]
    peak = result["export_peak_mb"]
    generated = "generated now" if result["generated_now"] else "reused"
    lines = [
        f"Annual review benchmark: {result['backend']} ({result['database']})",
        f"programme: scale {result['scale']:g} (seed {result['seed']}), {result['organisations']:,} organisations, "
        f"{result['grants']:,} grants, {result['reports']:,} reports, {result['indicator_values']:,} indicator "
        f"values; {generated}, generation took {result['generation_s']:.1f} s",
        f"year rolled up and shown: {result['year']}; the roll-up gives {result['rollup_cells']:,} cells "
        f"({result['rollup_cells_with_actuals']:,} with accepted values), equal to the hand-written SQL's",
        "",
    ]
    rows = [
        ("figure", "value", "target", "verdict"),
        (f"roll-up by country x indicator (median of {result['repeat']})", seconds(rollup),
         f"< {ROLLUP_TARGET_S:g} s", _verdict(rollup < ROLLUP_TARGET_S)),
        ("  best run", seconds(result["rollup_best_s"]), "", ""),
        (f"hand-written SQL GROUP BY (median of {result['repeat']})", seconds(sql), "", ""),
        ("  best run", seconds(result["sql_groupby_best_s"]), "", ""),
        ("ratio roll-up / SQL (medians)", f"{ratio:.2f}", f"<= {RATIO_TARGET:g}", _verdict(ratio <= RATIO_TARGET)),
        ("  of the best runs", f"{result['ratio_best']:.2f}", "", ""),
        (f"annual review page, median ({result['page_requests'] or 0} requests)", seconds(result["page_median_s"]),
         "", ""),
        ("annual review page, 95th percentile", seconds(result["page_p95_s"]), "", ""),
        (f"  of one request: SQL ({result['page_statements'] or 0} statements)", seconds(result["page_sql_s"]),
         "", ""),
        (f"XLSX export of {result['export_years']} years", seconds(result["export_s"]), "", ""),
        ("XLSX export, peak memory of its process", "n/a" if peak is None else f"{peak:.0f} MB",
         f"< {EXPORT_TARGET_MB} MB", _verdict(None if peak is None else peak < EXPORT_TARGET_MB)),
    ]
    if result["export_baseline_mb"] is not None:
        rows.append(("  of which before the export began", f"{result['export_baseline_mb']:.0f} MB", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines += [f"note: {note}" for note in result["notes"]]
    for duration, text in result["page_slowest_statements"] or []:
        lines.append(f"page statement {duration:.3f} s: {text}")
    return "\n".join(lines)


def main(argv=None):
    arguments = parse(argv)
    if arguments.export_child:
        measure.export_child(arguments.database, arguments.export_path,
                             [int(y) for y in arguments.export_years.split(",")])
        return 0
    try:
        result = run(arguments)
    except measure.BenchmarkMismatch as error:
        print(f"bench: the roll-up and the hand-written SQL disagree: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result) if arguments.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
