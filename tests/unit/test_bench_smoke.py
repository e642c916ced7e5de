"""The benchmark of bench/ still runs: a tiny programme on SQLite, its figures as one JSON object.
Only that it works; the figures themselves are the benchmark's to print, not a test's to judge."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = {"rollup_s", "sql_groupby_s", "ratio", "page_median_s", "page_p95_s", "export_s", "export_peak_mb"}


def test_benchmark_generates_a_tiny_programme_and_prints_its_figures_as_json(tmp_path):
    database = tmp_path / "bench.sqlite3"
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "bench", "annual_review.py"), "--database", f"sqlite:///{database}",
         "--scale", "0.002", "--repeat", "1", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert KEYS <= figures.keys()
    assert figures["backend"] == "sqlite"
    assert figures["indicator_values"] > 0
    assert figures["rollup_s"] > 0 and figures["sql_groupby_s"] > 0
