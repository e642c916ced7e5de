"""The audit log, as the mission reads it: every recorded change, filtered, one event with its
values before and after, and the filtered list as CSV. Read only: no page changes an event."""

import csv
import io
import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import render_template, request, send_file, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.access import authorize, scope, visible_or_404
from portal.core.audit import AuditEvent, record
from portal.core.db import utcnow
from portal.core.pagination import paginate
from portal.core.search import fold
from portal.core.spreadsheets import formula_safe
from portal.extensions import db
from portal.grants.queries import HISTORY_TITLES as PROPOSAL_TITLES
from portal.reports.queries import HISTORY_TITLES as REPORT_TITLES

# Readable names of the actions that have one; the others show their code.
ACTION_TITLES = {
    **PROPOSAL_TITLES,
    **REPORT_TITLES,
    "audit.export": _l("Audit log exported"),
    "account.data_export": _l("Personal data exported"),
}

# The page of each kind of object the log names, and its URL parameter.
OBJECT_PAGES = {
    "Proposal": ("grants.proposal", "proposal_id"),
    "Report": ("reports.report", "report_id"),
    "Grant": ("grants.grant", "grant_id"),
    "Call": ("grants.call", "call_id"),
    "User": ("auth.user", "user_id"),
    "Organisation": ("auth.organisation", "organisation_id"),
    "OutboxMessage": ("mission.outbox_message", "message_id"),
}

TEXT_LIMIT = 200  # a filter longer than any recorded value finds nothing anyway
SPOOL_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    remote_addr: str = ""
    date_from: date | None = None
    date_to: date | None = None

    TEXTS = ("action", "object_type", "object_id", "actor", "remote_addr")

    @classmethod
    def from_args(cls, args):
        texts = {name: (args.get(name) or "").strip()[:TEXT_LIMIT] for name in cls.TEXTS}
        return cls(**texts, date_from=_day(args.get("from")), date_to=_day(args.get("to")))

    def as_args(self):
        """The filters in use, as query arguments: for the export link and the export's own record."""
        found = {name: getattr(self, name) for name in self.TEXTS if getattr(self, name)}
        if self.date_from:
            found["from"] = self.date_from.isoformat()
        if self.date_to:
            found["to"] = self.date_to.isoformat()
        return found


def _day(value):
    """A day typed in a filter; none when unreadable, or so far off that it bounds nothing
    (and would overflow once moved to UTC)."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and 1900 <= day.year <= 9000 else None


def _start_of(day):
    """Midnight of a day in the reader's time zone, in UTC: "from the 3rd" means the reader's 3rd."""
    zone = ZoneInfo(str(get_timezone() or "UTC"))
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _actors_matching(text):
    """Ids of the people whose e-mail or name holds the text, in any script and case."""
    needle, email_needle = fold(text), text.lower()
    people = db.session.execute(select(User.id, User.name, User.email)).all()
    return [ident for ident, name, email in people if email_needle in email or (needle and needle in fold(name))]


def audit_events(filters):
    """The events the reader may browse, filtered, newest first."""
    statement = scope(current_user, AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.object_type:
        statement = statement.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        statement = statement.where(AuditEvent.object_id == filters.object_id)
    if filters.actor:
        statement = statement.where(AuditEvent.actor_id.in_(_actors_matching(filters.actor) or [-1]))
    if filters.remote_addr:
        statement = statement.where(AuditEvent.remote_addr.startswith(filters.remote_addr, autoescape=True))
    if filters.date_from:
        statement = statement.where(AuditEvent.created_at >= _start_of(filters.date_from))
    if filters.date_to:
        statement = statement.where(AuditEvent.created_at < _start_of(filters.date_to + timedelta(days=1)))
    return statement.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def _distinct(column):
    statement = scope(current_user, AuditEvent, select(column).distinct()).where(column.is_not(None))
    return db.session.scalars(statement.order_by(column)).all()


def action_title(action):
    return ACTION_TITLES.get(action, action)


def object_url(event):
    page = OBJECT_PAGES.get(event.object_type)
    if page is None or not (event.object_id or "").isdigit():
        return None
    endpoint, parameter = page
    return url_for(endpoint, **{parameter: int(event.object_id)})


# --- the pages -------------------------------------------------------------------------------


def audit():
    authorize("browse", AuditEvent)
    filters = AuditFilters.from_args(request.args)
    return render_template(
        "mission/audit.html", page=paginate(audit_events(filters)), filters=filters,
        actions=_distinct(AuditEvent.action), object_types=_distinct(AuditEvent.object_type),
        action_title=action_title, object_url=object_url,
    )


def audit_event(audit_event_id):
    authorize("browse", AuditEvent)  # 403 to those who may not browse, before anything is looked up
    event = visible_or_404(AuditEvent, audit_event_id)
    return render_template(
        "mission/audit_event.html", event=event, rows=comparison(event.before, event.after),
        action_title=action_title, object_url=object_url,
    )


def audit_export():
    """The filtered list as CSV (UTF-8 with a byte order mark, cells never read as formulas);
    the export is itself recorded, with the filters it used."""
    authorize("export", AuditEvent)
    filters = AuditFilters.from_args(request.args)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
    rows = _write_csv(text, audit_events(filters))
    text.flush()
    text.detach()  # the spool stays open for send_file
    record("audit.export", after={"filters": filters.as_args(), "rows": rows})
    spool.seek(0)
    response = send_file(spool, mimetype="text/csv", as_attachment=True, max_age=0, conditional=False,
                         etag=False, download_name=f"audit-log-{utcnow().date().isoformat()}.csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _write_csv(text, statement):
    writer = csv.writer(text)
    writer.writerow([_("Moment (UTC)"), _("Actor"), _("Actor's e-mail"), _("Action"), _("Action code"),
                     _("Object type"), _("Object id"), _("Remote address"), _("Before"), _("After")])
    rows = 0
    for event in db.session.scalars(statement.execution_options(yield_per=500)):
        actor = event.actor
        writer.writerow([formula_safe(cell) for cell in (
            event.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            actor.name if actor else "", actor.email if actor else "",
            str(action_title(event.action)), event.action, event.object_type, event.object_id,
            event.remote_addr, _json_text(event.before), _json_text(event.after),
        )])
        rows += 1
    return rows


def _json_text(value):
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- before and after ------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One recorded value as text; `missing` when that side recorded nothing for the key."""

    text: str = ""
    missing: bool = False
    structured: bool = False


@dataclass(frozen=True)
class ValueRow:
    key: str | None
    before: Shown
    after: Shown
    changed: bool


_MISSING = object()


def _shown(value):
    if value is _MISSING:
        return Shown(missing=True)
    if isinstance(value, str):
        return Shown(value)
    structured = isinstance(value, dict | list)
    return Shown(json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2 if structured else None), False,
                 structured)


def comparison(before, after):
    """The two recorded states key by key, in the order recorded; a key is changed when both
    states were recorded and its values differ."""
    if not ((before is None or isinstance(before, dict)) and (after is None or isinstance(after, dict))):
        sides = [_MISSING if value is None else value for value in (before, after)]
        return [ValueRow(None, _shown(sides[0]), _shown(sides[1]), None not in (before, after) and before != after)]
    old, new = before or {}, after or {}
    compared = before is not None and after is not None
    rows = []
    for key in dict.fromkeys([*old, *new]):
        was, now = old.get(key, _MISSING), new.get(key, _MISSING)
        rows.append(ValueRow(key, _shown(was), _shown(now), compared and was != now))
    return rows
