"""A submitted report frozen as plain data, and two versions compared side by side."""

from flask_babel import lazy_gettext as _l

from portal.reports.financial import spent_total


def _text(value):
    return None if value is None else str(value)


def _day(value):
    return value.isoformat() if value else None


def take_snapshot(report, no_spending=False):
    """Everything the partner submitted, as JSON-ready data that never changes afterwards."""
    positions = {line.id: number for number, line in enumerate(report.financial_lines, start=1)}
    return {
        "period_start": _day(report.period_start),
        "period_end": _day(report.period_end),
        "language": report.language,
        "narrative": [
            {"component": s.component.code, "done": s.done, "results": s.results,
             "difficulties": s.difficulties, "next_steps": s.next_steps}
            for s in sorted(report.narrative, key=lambda s: s.component.position)
        ],
        "no_spending": bool(no_spending),
        "financial_lines": [
            {"category": line.category, "description": line.description, "spent_on": _day(line.spent_on),
             "currency": line.currency, "amount": _text(line.amount), "rate": _text(line.rate),
             "rate_date": _day(line.rate_date), "rate_source": line.rate_source,
             "amount_eur": _text(line.amount_eur)}
            for line in report.financial_lines
        ],
        "spent_eur": _text(spent_total(report.financial_lines)),
        "indicator_values": sorted(
            ({"indicator": v.indicator.code,
              "category": f"{v.category.dimension.code}:{v.category.code}" if v.category else None,
              "country": v.country_code, "value": _text(v.value), "numerator": _text(v.numerator),
              "denominator": _text(v.denominator), "text": v.text_value}
             for v in report.indicator_values),
            key=lambda v: (v["indicator"], v["country"] or "", v["category"] or ""),
        ),
        "receipts": [
            {"filename": a.file.filename, "sha256": a.file.sha256, "size": a.file.size,
             "line": positions.get(a.line_id), "description": a.description}
            for a in sorted(report.attachments, key=lambda a: a.id)
        ],
    }


NARRATIVE_FIELDS = [
    ("done", _l("What was done")),
    ("results", _l("Results")),
    ("difficulties", _l("Difficulties")),
    ("next_steps", _l("Next steps")),
]
OTHER_FIELDS = [
    ("language", _l("Language")),
    ("no_spending", _l("No spending this period")),
    ("financial_lines", _l("Financial report")),
    ("spent_eur", _l("Spent (EUR)")),
    ("indicator_values", _l("Indicator values")),
    ("receipts", _l("Receipts")),
]


def _lines(value):
    """A readable rendering of one snapshot field, as lines of text."""
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return [str(_l("Yes") if value else _l("No"))]
    if isinstance(value, list):
        return [" · ".join(str(v) for v in item.values() if v not in (None, "")) if isinstance(item, dict)
                else str(item) for item in value]
    return [str(value)]


def _narrative_rows(older, newer):
    """One row per component and question, for the components in either version."""
    old = {s["component"]: s for s in older.get("narrative", [])}
    new = {s["component"]: s for s in newer.get("narrative", [])}
    codes = list(dict.fromkeys([*old, *new]))
    rows = []
    for code in codes:
        for key, label in NARRATIVE_FIELDS:
            before, after = old.get(code, {}).get(key), new.get(code, {}).get(key)
            rows.append((f"{code} · {label}", _lines(before), _lines(after), before != after))
    return rows


def compare(older, newer):
    """Rows of (label, older lines, newer lines, changed) for every field of two snapshots."""
    return _narrative_rows(older, newer) + [
        (label, _lines(older.get(key)), _lines(newer.get(key)), older.get(key) != newer.get(key))
        for key, label in OTHER_FIELDS
    ]
