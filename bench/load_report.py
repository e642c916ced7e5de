"""The figures of a load run: per page and in total, the targets, and what was lost (records the
server confirmed writing that the database does not hold as confirmed)."""

import math

import sqlalchemy as sa

PAGE_P95_TARGET_S = 0.3
EXPORT_P95_TARGET_S = 2.0


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples, durations=None):
    """Counts and latencies as the users saw them; with the server's `durations` (by request id),
    the time the app itself took, the rest being the wait for a free worker and the network."""
    seconds = [s.seconds for s in samples]
    figures = {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.error),
        "p50_s": _round(percentile(seconds, 0.5)),
        "p95_s": _round(percentile(seconds, 0.95)),
        "max_s": _round(max(seconds) if seconds else None),
    }
    if durations is not None:
        served = [durations[s.request_id] for s in samples if s.request_id in durations]
        figures["server_p50_s"] = _round(percentile(served, 0.5))
        figures["server_p95_s"] = _round(percentile(served, 0.95))
        figures["server_max_s"] = _round(max(served) if served else None)
    return figures


def _round(value):
    return None if value is None else round(value, 4)


def per_page(samples, durations):
    pages = {}
    for sample in samples:
        pages.setdefault((sample.kind, sample.name), []).append(sample)
    order = {"sign-in": 0, "page": 1, "export": 2}
    return {name: {"kind": kind, **summary(group, durations)}
            for (kind, name), group in sorted(pages.items(), key=lambda item: (order.get(item[0][0], 9), item[0][1]))}


def timeline(samples, window_s=10):
    """Requests per second, median and 95th percentile of the pages, and sign-ins, by window."""
    windows = {}
    for sample in samples:
        windows.setdefault(int(sample.started // window_s), []).append(sample)
    rows = []
    for index in sorted(windows):
        group = windows[index]
        pages = [s.seconds for s in group if s.kind == "page"]
        rows.append({"from_s": index * window_s, "rps": round(len(group) / window_s, 1),
                     "sign_ins": sum(1 for s in group if s.name == "sign-in"),
                     "pages_p50_s": _round(percentile(pages, 0.5)), "pages_p95_s": _round(percentile(pages, 0.95)),
                     "errors": sum(1 for s in group if s.error)})
    return rows


# --- lost records -------------------------------------------------------------------------------------


def lost_records(database_url, ledger):
    """(expected, found, [what is missing]) of the records the load was told were saved.

    A report counts once: found when its narrative is the last one confirmed, its revision shows
    every confirmed save (each bumps it) and, when its submission was confirmed, it is submitted
    with a frozen version. A declaration is found declared free of conflict; a review holds its
    last confirmed comment and, when submitted, is submitted.
    """
    engine = sa.create_engine(database_url)
    missing, expected = [], 0
    try:
        with engine.connect() as connection:
            report_ids = sorted(ledger.report_saves)
            expected += len(report_ids)
            reports = _rows(connection, "SELECT id, status, revision FROM reports WHERE id IN :ids", report_ids)
            texts = _grouped(connection, "SELECT report_id, done FROM narrative_sections WHERE report_id IN :ids",
                             report_ids)
            versions = _grouped(connection, "SELECT report_id, number FROM report_versions WHERE report_id IN :ids",
                                report_ids)
            for report_id in report_ids:
                problem = _report_problem(report_id, reports.get(report_id), texts.get(report_id, []),
                                          versions.get(report_id, []), ledger)
                if problem:
                    missing.append(f"report {report_id}: {problem}")
            assignment_ids = sorted(ledger.declared | set(ledger.review_text))
            declarations = _rows(connection, "SELECT id, has_conflict FROM review_assignments WHERE id IN :ids",
                                 assignment_ids)
            reviews = _rows(connection, "SELECT assignment_id, comment, submitted_at FROM reviews "
                                        "WHERE assignment_id IN :ids", assignment_ids)
            expected += len(ledger.declared) + len(ledger.review_text)
            for assignment_id in sorted(ledger.declared):
                row = declarations.get(assignment_id)
                if row is None or row[1] is not False:
                    missing.append(f"declaration of assignment {assignment_id}: {row and row[1]}")
            for assignment_id, text in sorted(ledger.review_text.items()):
                row = reviews.get(assignment_id)
                if row is None:
                    missing.append(f"review of assignment {assignment_id}: absent")
                elif row[1] != text:
                    missing.append(f"review of assignment {assignment_id}: comment {row[1]!r}, expected {text!r}")
                elif assignment_id in ledger.review_submitted and row[2] is None:
                    missing.append(f"review of assignment {assignment_id}: not submitted")
    finally:
        engine.dispose()
    return expected, expected - len(missing), missing


def outbox(database_url):
    """The outbox's messages by status once the run is over."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT status, count(*) FROM outbox_messages GROUP BY status"))
            return {status: count for status, count in rows}
    finally:
        engine.dispose()


def _report_problem(report_id, row, texts, versions, ledger):
    if row is None:
        return "absent"
    _id, status, revision = row
    saves = ledger.report_saves[report_id]
    uncertain = ("report", report_id) in ledger.uncertain
    if revision < 1 + saves:
        return f"revision {revision} after {saves} confirmed saves"
    if ledger.report_text[report_id] not in [text for _report, text in texts] and not uncertain:
        return "the narrative of its last confirmed save is not there"
    if report_id in ledger.report_submitted and (status != "submitted" or not versions):
        return f"status {status} with {len(versions)} versions after a confirmed submission"
    return None


def _rows(connection, sql, ids):
    if not ids:
        return {}
    statement = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
    return {row[0]: tuple(row) for row in connection.execute(statement, {"ids": ids})}


def _grouped(connection, sql, ids):
    groups = {}
    if ids:
        statement = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
        for row in connection.execute(statement, {"ids": ids}):
            groups.setdefault(row[0], []).append(tuple(row))
    return groups


# --- the result ------------------------------------------------------------------------------------


def result(samples, elapsed_s, ledger, lost, settings, durations):
    expected, found, missing = lost
    pages = per_page(samples, durations)
    work = [s for s in samples if s.kind != "sign-in"]
    exports = [s for s in samples if s.kind == "export"]
    plain = [s for s in samples if s.kind == "page"]
    total = summary(samples)
    figures = {
        "requests": total["requests"],
        "rps": round(total["requests"] / elapsed_s, 2) if elapsed_s else None,
        "p50_s": total["p50_s"],
        "p95_s": total["p95_s"],
        "errors": total["errors"],
        "lost": expected - found,
        "elapsed_s": round(elapsed_s, 2),
        "pages_p95_s": summary(plain)["p95_s"],
        "exports_p95_s": summary(exports)["p95_s"],
        "sign_in_p95_s": summary([s for s in samples if s.kind == "sign-in"])["p95_s"],
        "work_p50_s": summary(work)["p50_s"],
        "work_p95_s": summary(work)["p95_s"],
        "records_expected": expected,
        "records_found": found,
        "writes": {
            "report_saves": sum(ledger.report_saves.values()),
            "reports_submitted": len(ledger.report_submitted),
            "declarations": len(ledger.declared),
            "reviews_submitted": len(ledger.review_submitted),
        },
        "pages": pages,
        "timeline": timeline(samples),
        "error_samples": sorted({s.error for s in samples if s.error})[:20],
        "missing": missing[:20],
        "settings": settings,
    }
    figures["targets"] = targets(figures)
    return figures


def targets(figures):
    pages, exports = figures["pages_p95_s"], figures["exports_p95_s"]
    return {
        "no error": figures["errors"] == 0,
        "nothing lost": figures["lost"] == 0,
        f"pages p95 < {PAGE_P95_TARGET_S:g} s": pages is not None and pages < PAGE_P95_TARGET_S,
        f"exports p95 < {EXPORT_P95_TARGET_S:g} s": exports is not None and exports < EXPORT_P95_TARGET_S,
    }


def _ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def table(figures):
    settings = figures["settings"]
    lines = [
        f"Load: {settings['users']} users ({settings['roles']}) for {figures['elapsed_s']:.0f} s against gunicorn "
        f"({settings['workers']} workers) on {settings['database']}, rate limits in {settings['redis']}",
        f"  {settings['note']}",
        f"  {settings['cpus']} CPUs shared by server, database and load generator; load average "
        f"{settings['load_average_before']} before the run, {settings['load_average_after']} after; CPU used: "
        f"gunicorn {settings['server_cpu_s']} s, PostgreSQL backends {settings['database_cpu_s']} s, load generator "
        f"{settings['generator_cpu_s']} s",
        "",
        f"{'page':<18} {'kind':<8} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'errors':>7}"
        f" {'in app: median':>15} {'p95':>6}",
    ]
    for name, page in figures["pages"].items():
        lines.append(f"{name:<18} {page['kind']:<8} {page['requests']:>6} {_ms(page['p50_s']):>10} "
                     f"{_ms(page['p95_s']):>8} {_ms(page['max_s']):>8} {page['errors']:>7}"
                     f" {_ms(page.get('server_p50_s')):>15} {_ms(page.get('server_p95_s')):>6}")
    lines += [
        f"{'total':<18} {'':<8} {figures['requests']:>6} {_ms(figures['p50_s']):>10} {_ms(figures['p95_s']):>8} "
        f"{'':>8} {figures['errors']:>7}",
        "",
        f"{figures['rps']} requests per second; pages p95 {_ms(figures['pages_p95_s'])} ms, exports p95 "
        f"{_ms(figures['exports_p95_s'])} ms, sign-in p95 {_ms(figures['sign_in_p95_s'])} ms",
        "writes confirmed: {report_saves} report saves, {reports_submitted} reports submitted, {declarations} "
        "declarations, {reviews_submitted} reviews submitted".format(**figures["writes"]),
        f"records: {figures['records_expected']} expected, {figures['records_found']} found, "
        f"{figures['lost']} lost",
        "",
        "by 10 s of the run (requests started then):",
    ]
    lines += [f"  {row['from_s']:>4} s  {row['rps']:>5g} requests/s  pages median {_ms(row['pages_p50_s']):>5} ms, "
              f"p95 {_ms(row['pages_p95_s']):>5} ms  {row['sign_ins']:>3} sign-ins  {row['errors']} errors"
              for row in figures["timeline"]]
    lines += [f"  lost: {item}" for item in figures["missing"]]
    lines += [f"  error: {item}" for item in figures["error_samples"]]
    lines.append("")
    lines += [f"{'ok    ' if passed else 'NOT OK'} {name}" for name, passed in figures["targets"].items()]
    return "\n".join(lines)
