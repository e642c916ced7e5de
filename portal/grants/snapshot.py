"""A submitted proposal frozen as plain data, and two versions compared side by side."""

from flask_babel import lazy_gettext as _l

from portal.grants import budget


def _amount(value):
    return None if value is None else str(value)


def take_snapshot(proposal):
    """Everything the partner submitted, as JSON-ready data that never changes afterwards."""
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "language": proposal.language,
        "scope": proposal.scope,
        "countries": sorted(proposal.country_codes),
        "components": [c.code for c in proposal.components],
        "priorities": [p.code for p in proposal.priorities],
        "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
        "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
        "activities": [
            {"title": a.title, "description": a.description,
             "component": a.component.code if a.component else None, "country": a.country_code}
            for a in proposal.activities
        ],
        "budget": [
            {"category": line.category, "description": line.description,
             "amount_eur": _amount(line.amount_eur), "cofunding_eur": _amount(line.cofunding_eur),
             "cofunding_source": line.cofunding_source}
            for line in proposal.budget_lines
        ],
        "requested_eur": _amount(budget.requested_total(proposal.budget_lines)),
        "targets": sorted(
            ({"indicator": t.indicator.code, "category": t.category.code if t.category else None,
              "baseline": _amount(t.baseline), "target": _amount(t.target)}
             for t in proposal.indicator_targets),
            key=lambda t: (t["indicator"], t["category"] or ""),
        ),
        "attachments": [
            {"filename": a.file.filename, "sha256": a.file.sha256, "size": a.file.size}
            for a in proposal.attachments
        ],
    }


FIELDS = [
    ("title", _l("Title")),
    ("summary", _l("Summary")),
    ("language", _l("Language")),
    ("scope", _l("Scope")),
    ("countries", _l("Countries")),
    ("components", _l("Components")),
    ("priorities", _l("Thematic priorities")),
    ("start_date", _l("Start")),
    ("end_date", _l("End")),
    ("activities", _l("Activities")),
    ("budget", _l("Budget")),
    ("requested_eur", _l("Amount asked (EUR)")),
    ("targets", _l("Indicator targets")),
    ("attachments", _l("Attachments")),
]


def _lines(value):
    """A readable rendering of one snapshot field, as lines of text."""
    if value is None:
        return []
    if isinstance(value, list):
        return [" · ".join(str(v) for v in item.values() if v not in (None, "")) if isinstance(item, dict)
                else str(item) for item in value]
    return [str(value)]


def compare(older, newer):
    """Rows of (label, older lines, newer lines, changed) for every field of two snapshots."""
    return [
        (label, _lines(older.get(key)), _lines(newer.get(key)), older.get(key) != newer.get(key))
        for key, label in FIELDS
    ]
