"""Every change to the indicator catalogue. Operations flush; the request commits once at its end.

The rule that shapes them: an indicator in use (a proposal's target or a report's value refers
to it) can be retired but never deleted or changed in meaning. Its wording can still improve,
and whether it counts victims can still change, since that only decides what is masked.
Each operation raises OperationRefused, with a translated message, when the domain says no,
and records what it changed in the audit log.
"""

import re

from flask_babel import lazy_gettext as _l

from portal.core import audit
from portal.core.errors import OperationRefused
from portal.extensions import db
from portal.indicators import queries
from portal.indicators.models import BreakdownCategory, Indicator, IndicatorKind, RollupRule

INDICATOR_CODE = re.compile(r"[A-Z0-9]+(?:[.\-][A-Z0-9]+)*")
CATEGORY_CODE = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
IN_USE = _l("This indicator is in use (by a proposal's targets or a report's values): its code, component, "
            "kind, roll-up rule and breakdowns cannot change. Improve its wording, or retire it and create "
            "another one.")


def _texts(current, changes, *, required):
    """Merge edited texts by language into a new dict (JSON columns only see reassignment).

    Languages the form does not show are kept; an emptied language is dropped. English, the
    region's common language, is required when the text is, or as soon as any language is given.
    """
    texts = dict(current or {})
    for language, text in changes.items():
        text = (text or "").strip()
        if text:
            texts[language] = text
        else:
            texts.pop(language, None)
    if (required or texts) and not texts.get("en"):
        raise OperationRefused(_l("The English text is required."))
    return texts


def _code(code, component):
    code = (code or "").strip().upper()
    if not INDICATOR_CODE.fullmatch(code) or len(code) > 20:
        raise OperationRefused(_l("Give a code of letters, digits and dots, for example C3.5."))
    # The code tells the component at a glance, in tables and exports alike.
    if not code.startswith(f"{component.code}."):
        raise OperationRefused(_l("The code of an indicator of %(component)s starts with %(prefix)s, for example "
                                  "%(example)s.", component=component.code, prefix=f"{component.code}.",
                                  example=f"{component.code}.5"))
    return code


def _meaning(code, component, kind, rollup, breakdowns):
    return code, component.id, kind, rollup, frozenset(dimension.id for dimension in breakdowns)


def _state(indicator):
    return {
        "code": indicator.code,
        "component": indicator.component.code,
        "names": indicator.names,
        "definitions": indicator.definitions,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "rollup": indicator.rollup,
        "counts_victims": indicator.counts_victims,
        "is_retired": indicator.is_retired,
        "breakdowns": [dimension.code for dimension in indicator.breakdowns],
    }


def _refuse_taken_code(code, indicator=None):
    if queries.code_is_taken(code, indicator):
        raise OperationRefused(_l("Another indicator already has the code %(code)s.", code=code))


def _kind_and_rollup(kind, rollup):
    try:
        return IndicatorKind(kind).value, RollupRule(rollup).value
    except ValueError:
        raise OperationRefused(_l("Choose a kind and a roll-up rule from the lists.")) from None


# --- indicators ----------------------------------------------------------------------------


def create_indicator(*, code, component, names, definitions, unit, kind, rollup, counts_victims, breakdowns):
    """Add an indicator at the end of the catalogue; codes are unique and start with the
    component's code. Names and definition are required in English, other languages optional."""
    code = _code(code, component)
    _refuse_taken_code(code)
    kind, rollup = _kind_and_rollup(kind, rollup)
    indicator = Indicator(
        code=code, component=component,
        names=_texts({}, names, required=True),
        definitions=_texts({}, definitions, required=True),
        unit=_texts({}, unit, required=False),
        kind=kind, rollup=rollup, counts_victims=bool(counts_victims),
        breakdowns=list(breakdowns), position=queries.next_indicator_position(),
    )
    db.session.add(indicator)
    db.session.flush()
    audit.record("indicator.create", indicator, after=_state(indicator))
    return indicator


def update_indicator(indicator, *, code, component, names, definitions, unit, kind, rollup, counts_victims,
                     breakdowns):
    """Change an indicator. One in use keeps its meaning (code, component, kind, roll-up rule,
    breakdowns): asking to change any of these is refused and nothing is changed."""
    kind, rollup = _kind_and_rollup(kind, rollup)
    new_code = (code or "").strip().upper()
    changes_meaning = _meaning(new_code, component, kind, rollup, breakdowns) != _meaning(
        indicator.code, indicator.component, indicator.kind, indicator.rollup, indicator.breakdowns)
    if changes_meaning and queries.is_in_use(indicator):
        raise OperationRefused(IN_USE)
    if (new_code, component.id) != (indicator.code, indicator.component_id):
        new_code = _code(new_code, component)
        _refuse_taken_code(new_code, indicator)
    before = _state(indicator)
    names = _texts(indicator.names, names, required=True)
    definitions = _texts(indicator.definitions, definitions, required=True)
    unit = _texts(indicator.unit, unit, required=False)
    indicator.code, indicator.component = new_code, component
    indicator.names, indicator.definitions, indicator.unit = names, definitions, unit
    indicator.kind, indicator.rollup, indicator.counts_victims = kind, rollup, bool(counts_victims)
    if changes_meaning:
        indicator.breakdowns = list(breakdowns)
    db.session.flush()
    audit.record("indicator.edit", indicator, before=before, after=_state(indicator))
    return indicator


def set_retired(indicator, retired):
    """Retire an indicator (no longer offered for new targets; what refers to it stays) or
    bring it back into use."""
    if indicator.is_retired == retired:
        return indicator
    indicator.is_retired = retired
    db.session.flush()
    audit.record("indicator.retire" if retired else "indicator.reactivate", indicator,
                 before={"is_retired": not retired}, after={"is_retired": retired})
    return indicator


def delete_indicator(indicator):
    """Remove an indicator nothing refers to; one in use is refused (it can be retired)."""
    if queries.is_in_use(indicator):
        raise OperationRefused(_l("This indicator is in use (by a proposal's targets or a report's values) and "
                                  "cannot be deleted. Retire it instead: it will no longer be offered for new "
                                  "proposals."))
    audit.record("indicator.delete", indicator, before=_state(indicator))
    db.session.delete(indicator)  # its rows in indicator_breakdowns go with it
    db.session.flush()


# --- breakdown categories ------------------------------------------------------------------


def _category_state(category):
    return {"dimension": category.dimension.code, "code": category.code, "names": category.names,
            "position": category.position}


def add_category(dimension, *, code, names):
    """Add a category at the end of a dimension; codes are unique within it (in any case)."""
    code = (code or "").strip()
    if not CATEGORY_CODE.fullmatch(code) or len(code) > 40:
        raise OperationRefused(_l("Use only letters, digits, hyphens and underscores, for example labour."))
    if queries.category_code_is_taken(dimension, code):
        raise OperationRefused(_l("This breakdown already has a category with the code %(code)s.", code=code))
    position = max((category.position for category in dimension.categories), default=0) + 1
    category = BreakdownCategory(code=code, names=_texts({}, names, required=True), position=position)
    dimension.categories.append(category)
    db.session.flush()
    audit.record("breakdown_category.create", category, after=_category_state(category))
    return category


def rename_category(category, *, names):
    """Change a category's names; its code stays, as targets and values may refer to it."""
    before = _category_state(category)
    category.names = _texts(category.names, names, required=True)
    db.session.flush()
    audit.record("breakdown_category.edit", category, before=before, after=_category_state(category))
    return category


def delete_category(category):
    """Remove a category no target or reported value refers to."""
    if queries.is_category_in_use(category):
        raise OperationRefused(_l("This category is in use (by a proposal's targets or a report's values) and "
                                  "cannot be deleted."))
    dimension = category.dimension
    audit.record("breakdown_category.delete", category, before=_category_state(category))
    dimension.categories.remove(category)  # delete-orphan removes the row
    db.session.flush()
