"""The mission browses the audit log: filters, one event's values before and after, the CSV
export (itself recorded); nobody else opens it, and nobody changes it through the portal."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.extensions import db
from tests.factories import make_organisation, make_user

WRITING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def mission(app):
    # Belgrade is UTC+1 in March: the reader's days start an hour before UTC's.
    return make_user("mission", name="Claire Mission", timezone="Europe/Belgrade")


@pytest.fixture
def partner(app):
    return make_user("partner", name="Jelena Petrović", email="jelena@atina.example",
                     organisation=make_organisation(name="Atina"))


def event(action, actor=None, at=None, **fields):
    recorded = AuditEvent(action=action, actor=actor, created_at=at or datetime.now(UTC), **fields)
    db.session.add(recorded)
    db.session.commit()
    return recorded


def listed(html, *events):
    return [f'href="/mission/audit/{e.id}"' in html for e in events]


def test_mission_sees_the_log_newest_first_with_readable_actions(client, auth, mission, partner):
    older = event("proposal.submit", partner, datetime(2026, 3, 1, 9, tzinfo=UTC), object_type="Proposal",
                  object_id="7", remote_addr="192.0.2.7")
    newer = event("grant.terms", mission, datetime(2026, 3, 2, 9, tzinfo=UTC), object_type="Grant", object_id="3")
    auth.login(mission)
    html = client.get("/mission/audit").get_data(as_text=True)
    assert listed(html, older, newer) == [True, True]
    assert html.index(f"/mission/audit/{newer.id}") < html.index(f"/mission/audit/{older.id}")
    assert "Submitted" in html and "proposal.submit" in html  # the title, and the code beside it
    assert "grant.terms" in html  # no title: the code
    assert "Jelena Petrović" in html and "192.0.2.7" in html
    assert 'href="/proposals/7"' in html  # the object, linked to its page
    assert "<caption>" in html and 'scope="col"' in html


def test_mission_filters_by_action_actor_object_and_address(client, auth, mission, partner):
    submitted = event("proposal.submit", partner, object_type="Proposal", object_id="7", remote_addr="192.0.2.7")
    decided = event("proposal.decide", mission, object_type="Proposal", object_id="8", remote_addr="198.51.100.1")
    login = event("session.login", partner, remote_addr="192.0.2.9")
    auth.login(mission)

    def found(**args):
        return listed(client.get("/mission/audit", query_string=args).get_data(as_text=True),
                      submitted, decided, login)

    assert found(action="proposal.decide") == [False, True, False]
    assert found(actor="jelena@atina") == [True, False, True]  # part of the e-mail
    assert found(actor="петровић") == [True, False, True]  # the name, in the other script
    assert found(actor="nobody at all") == [False, False, False]
    assert found(object_type="Proposal", object_id="7") == [True, False, False]
    assert found(remote_addr="192.0.2.") == [True, False, True]
    assert found(action="session.login", actor="Claire") == [False, False, False]
    html = client.get("/mission/audit").get_data(as_text=True)
    assert '<option value="proposal.decide"' in html and '<option value="Proposal"' in html


def test_dates_are_days_in_the_readers_time_zone(client, auth, mission, partner):
    # 23:30 UTC on 1 March is already 2 March in Belgrade; 22:30 UTC is still 1 March there.
    late_on_first = event("report.save", partner, datetime(2026, 3, 1, 22, 30, tzinfo=UTC))
    second_in_belgrade = event("report.save", partner, datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    end_of_second = event("report.save", partner, datetime(2026, 3, 2, 22, 59, tzinfo=UTC))
    third = event("report.save", partner, datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    auth.login(mission)
    html = client.get("/mission/audit", query_string={"from": "2026-03-02", "to": "2026-03-02"}).get_data(as_text=True)
    assert listed(html, late_on_first, second_in_belgrade, end_of_second, third) == [False, True, True, False]
    html = client.get("/mission/audit", query_string={"to": "2026-03-01"}).get_data(as_text=True)
    assert listed(html, late_on_first, second_in_belgrade) == [True, False]
    for hostile in ({"from": "not a date"}, {"from": "0001-01-01"}, {"to": "9999-12-31"}):
        assert client.get("/mission/audit", query_string=hostile).status_code == 200, hostile
        assert client.get("/mission/audit/export.csv", query_string=hostile).status_code == 200, hostile


def test_the_list_is_paged_by_fifty(client, auth, mission):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    events = [event("call.save", mission, start + timedelta(minutes=n)) for n in range(51)]
    auth.login(mission)
    first = client.get("/mission/audit").get_data(as_text=True)
    second = client.get("/mission/audit", query_string={"page": 2}).get_data(as_text=True)
    assert sum(listed(first, *events)) == 50 and not listed(first, events[0])[0]
    assert listed(second, *events) == [True] + [False] * 50
    assert "51 events" in first


def test_an_event_shows_its_values_before_and_after_with_the_changes_marked(client, auth, mission, partner):
    changed = event("grant.terms", mission, object_type="Grant", object_id="3", remote_addr="192.0.2.1",
                    before={"amount_eur": "20000.00", "note": "same", "gone": True},
                    after={"amount_eur": "18000.00", "note": "same", "added": {"nested": [1, 2]},
                           "title": "<script>alert(1)</script>"})
    auth.login(mission)
    response = client.get(f"/mission/audit/{changed.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = {key: html.split(f"<code>{key}</code>", 1)[1].split("</tr>", 1)[0]
            for key in ("amount_eur", "note", "gone", "added", "title")}
    assert "20000.00" in rows["amount_eur"] and "18000.00" in rows["amount_eur"]
    assert "changed" in rows["amount_eur"] and "changed" not in rows["note"]
    assert "changed" in rows["gone"] and "changed" in rows["added"]
    assert "&#34;nested&#34;" in rows["added"] or "&quot;nested&quot;" in rows["added"]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "192.0.2.1" in html and "Claire Mission" in html
    assert client.get("/mission/audit/999999").status_code == 404


def test_an_event_recorded_without_a_before_marks_nothing_changed(client, auth, mission):
    created = event("call.save", mission, after={"title": "Calls 2026"})
    empty = event("session.logout", mission)
    auth.login(mission)
    html = client.get(f"/mission/audit/{created.id}").get_data(as_text=True)
    assert "Calls 2026" in html and "badge text-bg-warning" not in html
    assert "No value was recorded" in client.get(f"/mission/audit/{empty.id}").get_data(as_text=True)


def test_the_export_is_the_filtered_list_as_csv_and_is_itself_recorded(client, auth, mission, partner):
    hostile = make_user("partner", name="=HYPERLINK(\"http://evil.example\")", organisation=make_organisation())
    kept = event("proposal.submit", hostile, datetime(2026, 3, 2, 9, tzinfo=UTC), object_type="Proposal",
                 object_id="7", remote_addr="192.0.2.7", after={"status": "submitted"})
    event("session.login", partner, datetime(2026, 3, 2, 10, tzinfo=UTC))
    auth.login(mission)
    response = client.get("/mission/audit/export.csv", query_string={"action": "proposal.submit"},
                          environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(header) == 10 and len(rows) == 1
    (row,) = rows
    assert row[0] == "2026-03-02T09:00:00+00:00"
    assert row[1].startswith("'=")  # a name a spreadsheet would run stays text
    assert row[3:8] == ["Submitted", "proposal.submit", "Proposal", "7", "192.0.2.7"]
    assert row[9] == '{"status": "submitted"}'
    recorded = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.export")).one()
    assert recorded.actor_id == mission.id and recorded.remote_addr == "203.0.113.5"
    assert recorded.after == {"filters": {"action": "proposal.submit"}, "rows": 1}
    assert kept.id != recorded.id


def test_the_list_links_to_its_export_with_the_same_filters(client, auth, mission):
    auth.login(mission)
    html = client.get("/mission/audit", query_string={"action": "call.save", "from": "2026-01-01"}).get_data(
        as_text=True)
    assert "/mission/audit/export.csv?action=call.save&amp;from=2026-01-01" in html
    assert 'href="/mission/audit"' in html  # in the mission's navigation


@pytest.mark.parametrize("role", ["partner", "manager", "reviewer", "embassy"])
def test_nobody_but_the_mission_opens_any_audit_page(client, auth, role):
    organisation = make_organisation()
    user = make_user("partner" if role == "manager" else role, organisation=organisation if role in (
        "partner", "manager") else None, manager=role == "manager")
    own = event("session.login", user)
    auth.login(user)
    for url in ("/mission/audit", f"/mission/audit/{own.id}", "/mission/audit/999999",
                "/mission/audit/export.csv"):
        assert client.get(url).status_code == 403, url
    assert 'href="/mission/audit"' not in client.get("/").get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.export")).all() == []


def test_no_route_under_the_audit_log_changes_it(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/mission/audit")]
    assert {rule.endpoint for rule in rules} == {"mission.audit", "mission.audit_event", "mission.audit_export"}
    for rule in rules:
        assert not rule.methods & WRITING_METHODS, f"{rule.rule} accepts {sorted(rule.methods & WRITING_METHODS)}"


def test_writing_to_an_audit_page_is_refused(client, auth, mission):
    recorded = event("session.login", mission)
    auth.login(mission)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert client.open(f"/mission/audit/{recorded.id}", method=method).status_code == 405
    assert db.session.get(AuditEvent, recorded.id) is not None
