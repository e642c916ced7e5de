"""Building the report form from a report, checking its lines, and reading it back into plain
data for `save_draft`."""

from flask_babel import gettext as _

from portal.core.i18n import language_choices
from portal.reports.financial import EUR, budget_categories, currency_choices, line_errors
from portal.reports.forms import ReportForm
from portal.reports.indicators import value_key, value_rows

BLANK_LINES = 3
NARRATIVE_TEXTS = ("done", "results", "difficulties", "next_steps")
LINE_FIELDS = ("category", "description", "spent_on", "currency", "amount", "rate", "rate_date", "rate_source")


def build_form(report, formdata=None):
    """The saved values on GET, the posted ones (kept as typed) on POST."""
    if formdata is not None:
        form = ReportForm(formdata=formdata)
    else:
        form = ReportForm(formdata=None, data=_saved_data(report))
        for _row in range(BLANK_LINES):
            form.lines.append_entry()
    grant = report.grant
    form.language.choices = language_choices()
    categories = [(c.value, c.title) for c in budget_categories(grant)]
    currencies = [("", _("Local, by date spent"))] + [(c, c) for c in currency_choices(grant)]
    for entry in form.lines.entries:
        entry.form.category.choices = categories
        entry.form.currency.choices = currencies
    return form


def _saved_data(report):
    saved = {value_key(v.indicator_id, v.category_id, v.country_code): v for v in report.indicator_values}
    sections = {s.component_id: s for s in report.narrative}
    last = report.versions[-1].snapshot if report.versions else {}
    return {
        "revision": str(report.revision),
        "language": report.language,
        "narrative": [
            {"component_id": str(c.id), **{key: getattr(sections.get(c.id), key, "") for key in NARRATIVE_TEXTS}}
            for c in report.grant.proposal.components
        ],
        "lines": [
            {"line_id": str(line.id), **{key: getattr(line, key) for key in LINE_FIELDS}}
            for line in report.financial_lines
        ],
        # A statement made with a submission: offered again only while there is still no line.
        "no_spending": bool(last.get("no_spending")) and not report.financial_lines,
        "values": [
            {"indicator_id": str(row.indicator.id), "category_id": str(row.category.id) if row.category else "",
             "country_code": row.country.code if row.country else "",
             **_value_fields(saved.get(row.key))}
            for row in value_rows(report.grant)
        ],
    }


def _value_fields(value):
    if value is None:
        return {}
    return {"value": value.value, "numerator": value.numerator, "denominator": value.denominator,
            "text_value": value.text_value}


def check_lines(form, grant):
    """Put on each line's fields what makes it impossible to keep; True when nothing does."""
    valid = True
    for entry in form.lines.entries:
        line = entry.form
        if line.is_blank or any(line[name].errors for name in LINE_FIELDS):
            continue
        errors = line_errors(grant, category=line.category.data, spent_on=line.spent_on.data,
                             currency=line.currency.data or None, amount=line.amount.data, rate=line.rate.data)
        for name, message in errors.items():
            line[name].errors = [*line[name].errors, message]
            valid = False
    return valid


def read_form(form, report):
    """The form's content as plain data for `save_draft`; unknown ids are dropped."""
    grant = report.grant
    line_ids = {line.id for line in report.financial_lines}
    allowed_values = {row.key for row in value_rows(grant)}
    values = []
    for entry in form.values.entries:
        f = entry.form
        key = value_key(_int(f.indicator_id.data), _int(f.category_id.data), f.country_code.data or None)
        if key in allowed_values and not f.is_blank:
            values.append({"indicator_id": key[0], "category_id": key[1], "country_code": key[2],
                           "value": f.value.data, "numerator": f.numerator.data, "denominator": f.denominator.data,
                           "text_value": (f.text_value.data or "").strip() or None})
    return {
        "language": form.language.data,
        "narrative": [
            {"component_id": _int(e.form.component_id.data),
             **{key: (e.form[key].data or "").strip() for key in NARRATIVE_TEXTS}}
            for e in form.narrative.entries
        ],
        "lines": [
            {"line_id": _int(e.form.line_id.data) if _int(e.form.line_id.data) in line_ids else None,
             "category": e.form.category.data, "description": (e.form.description.data or "").strip(),
             "spent_on": e.form.spent_on.data, "currency": e.form.currency.data or None,
             "amount": e.form.amount.data, "rate": e.form.rate.data if (e.form.currency.data or "") != EUR else None,
             "rate_date": e.form.rate_date.data, "rate_source": (e.form.rate_source.data or "").strip()}
            for e in form.lines.entries if not e.form.is_blank
        ],
        "values": values,
    }


def value_groups(form, grant):
    """The value rows of the form grouped for the page: by indicator, then by scope (the whole
    grant, then each country of a regional grant), each row with its form entry."""
    rows = {row.key: row for row in value_rows(grant)}
    groups = {}
    for entry in form.values.entries:
        f = entry.form
        row = rows.get(value_key(_int(f.indicator_id.data), _int(f.category_id.data), f.country_code.data or None))
        if row is None:
            continue
        group = groups.setdefault(row.indicator.id, {"indicator": row.indicator, "scopes": {}})
        scope = group["scopes"].setdefault(row.country.code if row.country else "", {"country": row.country,
                                                                                      "rows": []})
        scope["rows"].append((entry, row))
    return [{"indicator": g["indicator"], "scopes": list(g["scopes"].values())} for g in groups.values()]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
