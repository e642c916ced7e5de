"""Opening calls for proposals. Operations flush; the request commits."""

from datetime import UTC

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.errors import OperationRefused
from portal.extensions import db
from portal.grants.models import Criterion
from portal.programme.models import Component, Country, Priority


def save_call(call, *, titles, descriptions, programme_year_id, timezone, opens_at, deadline_at,
              envelope_eur, min_amount_eur, max_amount_eur, indirect_ceiling_pct, component_ids,
              priority_ids, country_codes, criteria):
    """Create or update a call. Its criteria are published with it: frozen once it is."""
    before = _summary(call) if call.id else None
    call.titles, call.descriptions = titles, descriptions
    call.programme_year_id = programme_year_id
    call.timezone = timezone
    call.opens_at, call.deadline_at = opens_at.astimezone(UTC), deadline_at.astimezone(UTC)
    call.envelope_eur, call.min_amount_eur, call.max_amount_eur = envelope_eur, min_amount_eur, max_amount_eur
    call.indirect_ceiling_pct = indirect_ceiling_pct
    call.components = db.session.scalars(select(Component).where(Component.id.in_(component_ids))).all()
    call.priorities = db.session.scalars(
        select(Priority).where(Priority.id.in_(priority_ids), Priority.programme_year_id == programme_year_id)
    ).all()
    call.countries = db.session.scalars(select(Country).where(Country.code.in_(country_codes))).all()
    if not call.is_published:
        call.criteria = [
            Criterion(names=c["names"], guidance=c["guidance"], weight=c["weight"], scale_max=c["scale_max"],
                      position=position)
            for position, c in enumerate(criteria, start=1)
        ]
    db.session.add(call)
    db.session.flush()
    audit.record("call.save", call, before=before, after=_summary(call))
    return call


def publish_call(call):
    if call.is_published:
        raise OperationRefused(_l("This call is already published."))
    if not call.criteria:
        raise OperationRefused(_l("A call needs its scoring criteria before it is published."))
    call.is_published = True
    audit.record("call.publish", call)


def _summary(call):
    return {
        "title": call.titles.get("en"),
        "opens_at": call.opens_at.isoformat() if call.opens_at else None,
        "deadline_at": call.deadline_at.isoformat() if call.deadline_at else None,
        "envelope_eur": str(call.envelope_eur),
        "countries": sorted(c.code for c in call.countries),
    }
