"""What the mission does to a programme year: plan its envelopes and sign off its figures."""

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from portal.annual.models import MissionSetting, ProgrammingLine, YearSignoff
from portal.annual.review import programming_lines
from portal.annual.signoff import take_snapshot
from portal.annual.suppression import THRESHOLD_KEY, victim_threshold
from portal.core.audit import record
from portal.core.money import ZERO, to_money
from portal.extensions import db


class ProgrammingProblems(Exception):
    """Everything wrong with a programming, each message in the reader's language."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def programming_problems(envelope_eur, component_amounts, detail_rows, component_names):
    problems = []
    amounts = [a for a in component_amounts.values() if a is not None]
    if any(a < 0 for a in amounts) or any(r["amount_eur"] is not None and r["amount_eur"] < 0 for r in detail_rows):
        problems.append(_l("Envelopes cannot be negative."))
    if envelope_eur is not None and amounts and sum(amounts, ZERO) > envelope_eur:
        problems.append(_l("The components' envelopes add up to more than the envelope of the year."))
    seen = set()
    details = defaultdict(lambda: ZERO)
    for row in detail_rows:
        if row["component_id"] is None or row["amount_eur"] is None:
            problems.append(_l("Each envelope within a component needs its component and its amount."))
            continue
        if (row["country_code"] is None) == (row["priority_id"] is None):
            problems.append(_l("An envelope within a component is for one country or for one priority, not both."))
            continue
        key = (row["component_id"], row["country_code"], row["priority_id"])
        if key in seen:
            problems.append(_l("The same envelope is given twice."))
        seen.add(key)
        details[(row["component_id"], "country" if row["country_code"] else "priority")] += row["amount_eur"]
    for (component_id, _kind), subtotal in details.items():
        whole = component_amounts.get(component_id)
        if whole is not None and subtotal > whole:
            problems.append(_l("The envelopes within %(component)s add up to more than its envelope.",
                               component=component_names.get(component_id, "")))
    return problems


def save_programming(programme_year, envelope_eur, component_amounts, detail_rows, component_names):
    """Replace the year's programming; refuse it whole when anything does not add up."""
    problems = programming_problems(envelope_eur, component_amounts, detail_rows, component_names)
    if problems:
        raise ProgrammingProblems(problems)
    before = _as_audit(programme_year)
    db.session.execute(delete(ProgrammingLine).where(ProgrammingLine.programme_year_id == programme_year.id))
    programme_year.envelope_eur = to_money(envelope_eur) if envelope_eur is not None else None
    for component_id, amount in component_amounts.items():
        if amount is not None:
            db.session.add(ProgrammingLine(programme_year=programme_year, component_id=component_id,
                                           amount_eur=to_money(amount)))
    for row in detail_rows:
        db.session.add(ProgrammingLine(programme_year=programme_year, component_id=row["component_id"],
                                       country_code=row["country_code"], priority_id=row["priority_id"],
                                       amount_eur=to_money(row["amount_eur"])))
    db.session.flush()
    record("annual.programming", programme_year, before=before, after=_as_audit(programme_year))


def _as_audit(programme_year):
    lines = programming_lines(programme_year)
    return {
        "envelope_eur": str(programme_year.envelope_eur) if programme_year.envelope_eur is not None else None,
        "lines": [[line.component_id, line.country_code, line.priority_id, str(line.amount_eur)] for line in lines],
    }


def sign_off(programme_year, review, user, note=""):
    """Freeze the year's figures as the mission signs them off (the mission's exact figures)."""
    signoff = YearSignoff(programme_year=programme_year, signed_by=user, note=note or "",
                          snapshot=take_snapshot(review))
    db.session.add(signoff)
    record("annual.sign_off", programme_year, after={"figures": len(signoff.snapshot["figures"]), "note": note})
    return signoff




def set_victim_threshold(threshold, user):
    before = victim_threshold()
    setting = db.session.get(MissionSetting, THRESHOLD_KEY) or MissionSetting(key=THRESHOLD_KEY)
    setting.value, setting.updated_by_id = int(threshold), user.id
    db.session.add(setting)
    db.session.flush()
    record("annual.victim_threshold", setting, before={"threshold": before}, after={"threshold": int(threshold)})
