"""Building the proposal form from a proposal, and reading it back into plain data."""

from sqlalchemy import select

from portal.core.i18n import language_choices
from portal.extensions import db
from portal.grants.forms.proposals import ProposalForm
from portal.grants.models import BudgetCategory
from portal.indicators.models import BreakdownCategory, Indicator

BLANK_ROWS = 2
# Too many categories to set targets for each; still reported by country later.
NO_TARGETS_BY = {"participant_country"}


def target_rows(proposal, component_ids=None):
    """(indicator, category or None) for every target a partner may set: the total and each
    breakdown category of the indicators of the chosen components."""
    if component_ids is None:
        component_ids = [c.id for c in proposal.components]
    indicators = db.session.scalars(
        select(Indicator)
        .where(Indicator.component_id.in_(component_ids or [-1]), Indicator.is_retired.is_(False))
        .order_by(Indicator.position)
    ).all()
    rows = []
    for indicator in indicators:
        rows.append((indicator, None))
        for dimension in indicator.breakdowns:
            if dimension.code not in NO_TARGETS_BY:
                rows.extend((indicator, category) for category in dimension.categories)
    return rows


def build_form(proposal, formdata=None):
    """The form for a proposal: the saved values on GET, the posted ones (kept as typed) on POST."""
    form = ProposalForm(formdata=formdata) if formdata is not None else ProposalForm(formdata=None,
                                                                                        data=_saved_data(proposal))
    call = proposal.call
    form.language.choices = language_choices()
    form.country_codes.choices = sorted(((c.code, c.name) for c in call.countries), key=lambda c: c[1])
    form.component_ids.choices = [(c.id, f"{c.code} {c.name}") for c in call.components]
    form.priority_ids.choices = [(p.id, p.name) for p in call.priorities]
    if formdata is None:
        for _ in range(BLANK_ROWS):
            form.activities.append_entry()
            form.budget.append_entry()
    component_choices = [("", "—")] + [(str(c.id), f"{c.code} {c.name}") for c in call.components]
    country_choices = [("", "—")] + form.country_codes.choices
    for entry in form.activities.entries:
        entry.form.component_id.choices = component_choices
        entry.form.country_code.choices = country_choices
    return form


def _saved_data(proposal):
    targets = {(t.indicator_id, t.category_id): t for t in proposal.indicator_targets}
    return {
        "revision": str(proposal.revision),
        "title": proposal.title,
        "summary": proposal.summary,
        "language": proposal.language,
        "scope": proposal.scope,
        "country_codes": sorted(proposal.country_codes),
        "component_ids": [c.id for c in proposal.components],
        "priority_ids": [p.id for p in proposal.priorities],
        "start_date": proposal.start_date,
        "end_date": proposal.end_date,
        "activities": [
            {"title": a.title, "description": a.description, "component_id": a.component_id,
             "country_code": a.country_code or ""}
            for a in proposal.activities
        ],
        "budget": [
            {"category": line.category, "description": line.description, "amount_eur": line.amount_eur,
             "cofunding_eur": line.cofunding_eur, "cofunding_source": line.cofunding_source}
            for line in proposal.budget_lines
        ] or [{"category": category.value} for category in BudgetCategory],
        "targets": [
            {"indicator_id": str(indicator.id), "category_id": str(category.id) if category else "",
             "baseline": getattr(targets.get((indicator.id, category.id if category else None)), "baseline", None),
             "target": getattr(targets.get((indicator.id, category.id if category else None)), "target", None)}
            for indicator, category in target_rows(proposal)
        ],
    }


def target_labels(form):
    """Indicators and categories named by the posted ids, for the targets table."""
    indicator_ids = {_int(e.form.indicator_id.data) for e in form.targets.entries} - {None}
    category_ids = {_int(e.form.category_id.data) for e in form.targets.entries} - {None}
    indicators = {i.id: i for i in db.session.scalars(select(Indicator).where(Indicator.id.in_(indicator_ids)))}
    categories = {c.id: c for c in
                  db.session.scalars(select(BreakdownCategory).where(BreakdownCategory.id.in_(category_ids)))}
    return indicators, categories


def read_form(form, proposal):
    """The form's content as plain data for `save_draft`; unknown ids are dropped."""
    # Targets of the components chosen in this very form, even before they are saved.
    chosen = [c.id for c in proposal.call.components if c.id in set(form.component_ids.data or [])]
    allowed_targets = {(i.id, c.id if c else None) for i, c in target_rows(proposal, chosen)}
    targets = []
    for entry in form.targets.entries:
        key = (_int(entry.form.indicator_id.data), _int(entry.form.category_id.data))
        if key in allowed_targets and (entry.form.baseline.data is not None or entry.form.target.data is not None):
            targets.append({"indicator_id": key[0], "category_id": key[1],
                            "baseline": entry.form.baseline.data, "target": entry.form.target.data})
    call = proposal.call
    component_ids = {c.id for c in call.components}
    country_codes = call.country_codes
    return {
        "title": (form.title.data or "").strip(),
        "summary": (form.summary.data or "").strip(),
        "language": form.language.data,
        "scope": form.scope.data or "bilateral",
        "country_codes": form.country_codes.data or [],
        "component_ids": form.component_ids.data or [],
        "priority_ids": form.priority_ids.data or [],
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "activities": [
            {"title": (e.form.title.data or "").strip(), "description": (e.form.description.data or "").strip(),
             "component_id": e.form.component_id.data if e.form.component_id.data in component_ids else None,
             "country_code": e.form.country_code.data if e.form.country_code.data in country_codes else None}
            for e in form.activities.entries if not e.form.is_blank
        ],
        "budget_lines": [
            {"category": e.form.category.data, "description": (e.form.description.data or "").strip(),
             "amount_eur": e.form.amount_eur.data or 0, "cofunding_eur": e.form.cofunding_eur.data or 0,
             "cofunding_source": (e.form.cofunding_source.data or "").strip()}
            for e in form.budget.entries if not e.form.is_blank
        ],
        "targets": targets,
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
