"""The read-only JSON API as another system uses it: a personal token of each role reads what
that role's pages show, no more; lists come in pages; money is exact; small counts of victims
are masked outside the mission; refusals are JSON; the OpenAPI document describes every route;
each user makes and revokes their tokens on their account."""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.api.models import ApiToken, hash_token
from portal.core.audit import AuditEvent
from portal.core.db import utcnow
from portal.extensions import db
from portal.indicators.models import BreakdownCategory, Indicator
from portal.programme.models import ProgrammeYear
from portal.reports.models import IndicatorValue, ReportStatus
from tests.factories import make_call, make_grant, make_organisation, make_user

ANONYMOUS, PARTNER, EMBASSY, REVIEWER, MISSION = "anonymous", "partner", "embassy", "reviewer", "mission"
ROLES = (ANONYMOUS, PARTNER, EMBASSY, REVIEWER, MISSION)
PERIOD = ("interim", date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 31))


def issue(user, **fields):
    token, secret = ApiToken.issue(user, "Statistics office", **fields)
    db.session.add(token)
    db.session.commit()
    return secret


def get(client, url, secret=None, **kwargs):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.get(url, headers=headers, **kwargs)


def build_world():
    """Atina in Serbia and Caritas in Albania; a Serbian grant, an Albanian one and a regional
    one of Caritas reaching Serbia; a member of Atina, the embassy in Serbia, a reviewer and
    the mission, each with a token."""
    serbia = make_organisation(name="Atina", country_code="RS", locale="sr")
    albania = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    users = {
        PARTNER: make_user("partner", organisation=serbia),
        EMBASSY: make_user("embassy", country_code="RS"),
        REVIEWER: make_user("reviewer"),
        MISSION: make_user("mission"),
    }
    grants = SimpleNamespace(
        serbian=make_grant(serbia, countries=("RS",), reports=[PERIOD]),
        albanian=make_grant(albania, countries=("AL",), reports=[PERIOD]),
        regional=make_grant(albania, countries=("AL", "RS"), reports=[PERIOD]),
    )
    secrets = {role: issue(user) for role, user in users.items()}
    return SimpleNamespace(users=users, grants=grants, secrets=secrets, serbia=serbia, albania=albania)


@pytest.fixture
def world(app):
    return build_world()


def references(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["reference"] for item in response.get_json()["items"]}


def accept(report, values):
    """The report accepted with these values: (indicator code, "dimension:category" or None, value, country)."""
    indicators = {i.code: i for i in db.session.scalars(select(Indicator))}
    categories = {(c.dimension.code, c.code): c for c in db.session.scalars(select(BreakdownCategory))}
    for code, breakdown, value, country in values:
        category = categories[tuple(breakdown.split(":"))] if breakdown else None
        report.indicator_values.append(IndicatorValue(indicator=indicators[code], category=category,
                                                      value=Decimal(value), country_code=country))
    report.status = ReportStatus.ACCEPTED
    report.first_submitted_at = report.submitted_at = report.accepted_at = utcnow()
    db.session.commit()
    return report


# --- the same access policy as the pages ---------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [
    (PARTNER, {"serbian"}),                # its organisation's grants only
    (EMBASSY, {"serbian", "regional"}),    # its country's, the regional grant reaching it included
    (REVIEWER, set()),                     # no grant
    (MISSION, {"serbian", "albanian", "regional"}),
])
def test_each_roles_token_lists_the_grants_its_pages_show(client, world, role, expected):
    wanted = {getattr(world.grants, name).reference for name in expected}
    assert references(get(client, "/api/v1/grants", world.secrets[role])) == wanted


def test_embassy_filters_grants_by_country_without_seeing_anothers(client, world):
    secret = world.secrets[EMBASSY]
    assert references(get(client, "/api/v1/grants?country=AL", secret)) == {world.grants.regional.reference}
    assert references(get(client, "/api/v1/grants?country=RS&year=2026", secret)) == {
        world.grants.serbian.reference, world.grants.regional.reference}


@pytest.mark.parametrize(("role", "hidden"), [
    (PARTNER, "albanian"), (PARTNER, "regional"), (EMBASSY, "albanian"), (REVIEWER, "serbian"),
])
def test_someone_elses_grant_does_not_exist_for_a_token(client, world, role, hidden):
    grant = getattr(world.grants, hidden)
    for url in (f"/api/v1/grants/{grant.id}", f"/api/v1/grants/{grant.id}/indicator-values"):
        response = get(client, url, world.secrets[role])
        assert response.status_code == 404 and response.get_json()["error"] == "not_found", url


def test_one_grant_answers_with_its_instalments_and_reports(client, world):
    grant = world.grants.serbian
    body = get(client, f"/api/v1/grants/{grant.id}", world.secrets[PARTNER]).get_json()
    assert body["reference"] == grant.reference and body["organisation"]["name"] == "Atina"
    assert body["countries"] == ["RS"] and body["scope"] == "bilateral" and body["programme_year"] == 2026
    assert [report["status"] for report in body["reports"]] == ["draft"]
    assert body["start_date"] == "2026-01-01"


def test_calls_follow_the_pages_policy(client, world):
    draft = make_call(countries=("RS",), published=False)
    partner_calls = get(client, "/api/v1/calls", world.secrets[PARTNER]).get_json()["items"]
    assert draft.id not in {call["id"] for call in partner_calls}
    assert all("RS" in call["countries"] for call in partner_calls)
    assert get(client, f"/api/v1/calls/{draft.id}", world.secrets[PARTNER]).status_code == 404
    assert get(client, f"/api/v1/calls/{draft.id}", world.secrets[MISSION]).get_json()["status"] == "draft"


def test_reference_data_is_read_by_every_role(client, world):
    db.session.add(ProgrammeYear(year=2025))
    db.session.commit()
    for role in (PARTNER, EMBASSY, REVIEWER, MISSION):
        years = get(client, "/api/v1/programme-years", world.secrets[role]).get_json()
        assert [item["year"] for item in years["items"]] == [2025, 2026]
        assert get(client, "/api/v1/programme-years/2026", world.secrets[role]).get_json()["year"] == 2026
        components = get(client, "/api/v1/components", world.secrets[role]).get_json()
        assert [item["code"] for item in components["items"]] == ["C1", "C2", "C3", "C4"]
    assert get(client, "/api/v1/programme-years/1999", world.secrets[MISSION]).status_code == 404


def test_the_indicator_catalogue_gives_each_indicators_breakdowns(client, world):
    body = get(client, "/api/v1/indicators?component=C3", world.secrets[PARTNER]).get_json()
    victims = next(item for item in body["items"] if item["code"] == "C3.2")
    assert victims["counts_victims"] is True and victims["rollup"] == "people"
    assert [dimension["code"] for dimension in victims["breakdowns"]][:2] == ["sex", "age_group"]
    assert {item["component"] for item in body["items"]} == {"C3"}
    one = get(client, f"/api/v1/indicators/{victims['id']}", world.secrets[REVIEWER]).get_json()
    assert one["code"] == "C3.2"


# --- tokens ---------------------------------------------------------------------------------------


def expired(user):
    return issue(user, expires_at=utcnow() - timedelta(minutes=1))


def revoked(user):
    secret = issue(user)
    token = db.session.scalar(select(ApiToken).order_by(ApiToken.id.desc()))
    token.revoked_at = utcnow()
    db.session.commit()
    return secret


def of_a_deactivated_account(user):
    secret = issue(user)
    user.is_active_account = False
    db.session.commit()
    return secret


@pytest.mark.parametrize("header", [
    None,
    "Bearer",
    "Bearer ptk_unknown",
    "Basic dXNlcjpwYXNz",
    "expired",
    "revoked",
    "deactivated",
])
def test_requests_without_a_usable_token_are_refused_in_json(client, world, header):
    made = {"expired": expired, "revoked": revoked, "deactivated": of_a_deactivated_account}
    if header in made:
        header = "Bearer " + made[header](world.users[MISSION])
    response = client.get("/api/v1/grants", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.is_json and response.get_json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_opens_the_api_only_not_the_pages(client, world):
    response = get(client, "/grants/", world.secrets[MISSION])
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_browser_session_does_not_open_the_api_and_no_cookie_is_set(client, auth, world):
    auth.login(world.users[MISSION])
    response = client.get("/api/v1/grants")
    assert response.status_code == 401 and "Set-Cookie" not in response.headers
    response = get(client, "/api/v1/grants", world.secrets[PARTNER])
    assert references(response) == {world.grants.serbian.reference}  # the token's user, not the session's
    assert "Set-Cookie" not in response.headers
    assert client.get("/account").status_code == 200  # the session itself is untouched


def test_a_token_works_past_the_session_limits_and_records_its_last_use(client, world):
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == world.users[PARTNER].id))
    assert token.last_used_at is None
    assert get(client, "/api/v1/grants", world.secrets[PARTNER]).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_api_answers_are_not_cached(client, world):
    assert get(client, "/api/v1/grants", world.secrets[MISSION]).headers["Cache-Control"] == "no-store"


# --- pages, numbers, errors -------------------------------------------------------------------------


def test_lists_come_in_pages_with_links_to_their_neighbours(client, world):
    secret = world.secrets[MISSION]
    first = get(client, "/api/v1/indicators?per_page=5", secret).get_json()
    assert set(first) == {"items", "page", "per_page", "total", "next", "previous"}
    assert (len(first["items"]), first["page"], first["per_page"], first["total"]) == (5, 1, 5, 12)
    assert first["previous"] is None and first["next"].endswith("/api/v1/indicators?per_page=5&page=2")
    last = get(client, first["next"].replace("page=2", "page=3"), secret).get_json()
    assert len(last["items"]) == 2 and last["next"] is None and last["previous"].endswith("page=2")
    beyond = get(client, "/api/v1/indicators?per_page=5&page=9", secret).get_json()
    assert beyond["items"] == [] and beyond["previous"].endswith("page=3")
    assert get(client, "/api/v1/indicators", secret).get_json()["per_page"] == 50


@pytest.mark.parametrize(("query", "field"), [
    ("page=0", "page"), ("page=abc", "page"), ("per_page=0", "per_page"), ("per_page=201", "per_page"),
    ("per_page=1e3", "per_page"), ("year=twenty", "year"), ("country=serbia", "country"), ("yaer=2026", "yaer"),
    ("grant_id=-1", "grant_id"),
])
def test_bad_parameters_answer_400_naming_them(client, world, query, field):
    url = "/api/v1/indicator-values?" + query
    response = get(client, url, world.secrets[MISSION])
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request" and field in response.get_json()["fields"]


def test_money_is_an_exact_string_never_a_float(client, world):
    body = json.loads(get(client, "/api/v1/grants", world.secrets[MISSION]).get_data(as_text=True),
                      parse_float=lambda text: pytest.fail(f"a float in the answer: {text}"))
    assert {item["amount_eur"] for item in body["items"]} == {"50000.00"}
    call = get(client, f"/api/v1/calls/{world.grants.serbian.proposal.call_id}", world.secrets[MISSION]).get_json()
    assert (call["envelope_eur"], call["indirect_ceiling_pct"]) == ("300000.00", "7.00")
    assert call["opens_at"].endswith("+00:00")


def test_refusals_are_json_never_html(client, world):
    secret = world.secrets[MISSION]
    for url in ("/api/v1/nowhere", "/api/v1/grants/abc", "/api/v1/grants/999999", "/api/v1/grants/" + "9" * 30,
                "/api/v1/programme-years/" + "9" * 30):
        response = get(client, url, secret)
        assert response.status_code == 404 and response.is_json, url
    response = client.post("/api/v1/grants", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 405 and response.is_json and "GET" in response.headers["Allow"]
    response = client.delete("/api/v1/nowhere", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 404 and response.is_json


def test_the_api_is_rate_limited_per_user_across_tokens(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    second = issue(world.users[PARTNER])
    answers = [get(client, "/api/v1/grants", secret).status_code
               for secret in (world.secrets[PARTNER], second, world.secrets[PARTNER], second)]
    assert answers == [200, 200, 200, 429]
    refused = get(client, "/api/v1/components", second)
    assert refused.status_code == 429 and refused.get_json()["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert get(client, "/api/v1/grants", world.secrets[MISSION]).status_code == 200  # another user


# --- indicator values and small numbers of victims -------------------------------------------------


@pytest.fixture
def reported(world):
    """The Serbian grant's report accepted: 20 victims assisted (3 women, 17 men; 8 minors, 12
    adults) and 2 professionals trained; a report of the Albanian grant still waiting."""
    accept(world.grants.serbian.reports[0], [
        ("C3.2", None, "20", None), ("C3.2", "sex:female", "3", None), ("C3.2", "sex:male", "17", None),
        ("C3.2", "age_group:minor", "8", None), ("C3.2", "age_group:adult", "12", None),
        ("C3.3", None, "2", None),
    ])
    waiting = world.grants.albanian.reports[0]
    waiting.indicator_values.append(IndicatorValue(indicator=db.session.scalar(
        select(Indicator).where(Indicator.code == "C3.2")), value=Decimal("40")))
    waiting.status = ReportStatus.SUBMITTED
    db.session.commit()
    return world


def values_by_cell(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return {(item["indicator"], item["category"]): item for item in response.get_json()["items"]}


@pytest.mark.parametrize("role", [PARTNER, EMBASSY])
def test_small_counts_of_victims_are_masked_outside_the_mission(client, reported, role):
    grant = reported.grants.serbian
    cells = values_by_cell(get(client, f"/api/v1/grants/{grant.id}/indicator-values", reported.secrets[role]))
    assert cells[("C3.2", "female")] | {"id": 0} == cells[("C3.2", "female")] | {
        "id": 0, "value": None, "masked": True, "below": 5}
    # The complementary cell too, or 20 - 17 would give the 3 back.
    assert cells[("C3.2", "male")]["masked"] is True and cells[("C3.2", "male")]["value"] is None
    assert (cells[("C3.2", None)]["value"], cells[("C3.2", "minor")]["value"]) == ("20.00", "8.00")
    assert cells[("C3.3", None)] | {"masked": False, "value": "2.00"} == cells[("C3.3", None)]  # not victims


def test_the_mission_reads_exact_counts_of_victims(client, reported):
    grant = reported.grants.serbian
    cells = values_by_cell(get(client, f"/api/v1/grants/{grant.id}/indicator-values", reported.secrets[MISSION]))
    assert (cells[("C3.2", "female")]["value"], cells[("C3.2", "male")]["value"]) == ("3.00", "17.00")
    assert not any(cell["masked"] for cell in cells.values())
    assert cells[("C3.2", "female")]["dimension"] == "sex" and cells[("C3.2", "female")]["below"] is None


def test_a_page_cut_through_a_breakdown_is_masked_as_the_whole(client, reported):
    secret = reported.secrets[EMBASSY]
    url = f"/api/v1/indicator-values?grant_id={reported.grants.serbian.id}&indicator=C3.2&per_page=1&page=3"
    (male,) = get(client, url, secret).get_json()["items"]
    assert male["category"] == "male" and male["masked"] is True


def test_only_accepted_reports_give_values(client, reported):
    body = get(client, "/api/v1/indicator-values?year=2026", reported.secrets[MISSION]).get_json()
    assert {item["grant_reference"] for item in body["items"]} == {reported.grants.serbian.reference}
    assert body["total"] == 6
    assert get(client, "/api/v1/indicator-values", reported.secrets[REVIEWER]).get_json()["total"] == 0
    by_country = get(client, "/api/v1/indicator-values?country=AL", reported.secrets[MISSION]).get_json()
    assert by_country["total"] == 0


# --- the OpenAPI document ---------------------------------------------------------------------------


def api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")]


def openapi_path(rule):
    return re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))


def resolve(document, reference):
    node = document
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return node


def references_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from references_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from references_in(value)


def test_the_openapi_document_describes_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")  # no token needed
    assert response.status_code == 200 and response.is_json
    document = response.get_json()
    assert document["openapi"].startswith("3.") and document["info"]["title"] and document["info"]["version"]
    assert document["servers"] == [{"url": "/api/v1"}]
    bearer = document["components"]["securitySchemes"]["bearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearer": []}]
    documented = {rule.endpoint: openapi_path(rule) for rule in api_rules(app) if rule.endpoint != "api.unknown"}
    assert set(document["paths"]) == set(documented.values())
    for endpoint, path in documented.items():
        operation = document["paths"][path]["get"]
        assert operation["operationId"] == endpoint.partition(".")[2]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert set(re.findall(r"{(\w+)}", path)) <= names, path
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        schema = resolve(document, schema["$ref"]) if "$ref" in schema else schema
        if schema.get("properties", {}).keys() >= {"items", "next", "previous"}:
            assert {"page", "per_page"} <= names, f"{path} is a list without its pagination parameters"
    for reference in set(references_in(document)):
        assert resolve(document, reference) is not None, reference
    assert document["paths"]["/openapi.json"]["get"]["security"] == []


def test_the_openapi_document_says_how_masked_values_and_money_look(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    value = schemas["IndicatorValue"]["properties"]
    assert value["value"] == value["value"] | {"type": "string", "format": "decimal", "nullable": True}
    assert value["masked"]["type"] == "boolean" and value["below"]["nullable"] is True
    assert schemas["Grant"]["properties"]["amount_eur"]["type"] == "string"


# --- the walk of every API route, with a token of each role -----------------------------------------

OK, PUBLIC, UNAUTHORIZED, HIDDEN = 200, 200, 401, 404
OWN_ONLY = (OK, HIDDEN)  # its own object answers; someone else's does not exist for it


def row(anonymous, partner, embassy, reviewer, mission):
    return dict(zip(ROLES, (anonymous, partner, embassy, reviewer, mission), strict=True))


API_EXPECTATIONS = {
    # One row per API endpoint. A pair is (the role's own object, someone else's): own is the
    # Serbian grant and the call it came from, someone else's the Albanian ones; programme years,
    # components and indicators are everybody's.
    #                                   anonymous     partner   embassy   reviewer  mission
    "api.openapi":                  row(PUBLIC,       PUBLIC,   PUBLIC,   PUBLIC,   PUBLIC),
    "api.programme_years":          row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.programme_year":           row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.components":               row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.calls":                    row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.call":                     row(UNAUTHORIZED, OWN_ONLY, OWN_ONLY, OK,       OK),
    "api.grants":                   row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.grant":                    row(UNAUTHORIZED, OWN_ONLY, OWN_ONLY, HIDDEN,   OK),
    "api.grant_indicator_values":   row(UNAUTHORIZED, OWN_ONLY, OWN_ONLY, HIDDEN,   OK),
    "api.indicator_values":         row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.indicators":               row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.indicator":                row(UNAUTHORIZED, OK,       OK,       OK,       OK),
    "api.unknown":                  row(UNAUTHORIZED, HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
}


@dataclass
class Visit:
    endpoint: str
    url: str
    expected: int


def plan_api_visits(app, role, params):
    visits, problems = [], []
    adapter = app.url_map.bind("localhost")
    for rule in api_rules(app):
        expected_by_role = API_EXPECTATIONS.get(rule.endpoint)
        if expected_by_role is None:
            problems.append(f"{rule.endpoint} ({rule.rule}) has no row in API_EXPECTATIONS: say who may read it")
            continue
        expected = expected_by_role[role]
        for index, variant in enumerate(("own", "other") if rule.arguments else ("own",)):
            url = adapter.build(rule.endpoint, {name: params[variant][name] for name in rule.arguments})
            visits.append(Visit(rule.endpoint, url, expected[index] if isinstance(expected, tuple) else expected))
    return visits, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_api_route_answers_each_roles_token_as_the_table_says(app, client, world, role):
    db.session.add(ProgrammeYear(year=2025))
    db.session.commit()
    indicators = db.session.scalars(select(Indicator.id).order_by(Indicator.id)).all()
    params = {
        "own": {"year": 2026, "call_id": world.grants.serbian.proposal.call_id, "grant_id": world.grants.serbian.id,
                "indicator_id": indicators[0], "path": "nowhere"},
        "other": {"year": 2025, "call_id": world.grants.albanian.proposal.call_id,
                  "grant_id": world.grants.albanian.id, "indicator_id": indicators[1], "path": "grants/abc"},
    }
    visits, failures = plan_api_visits(app, role, params)
    assert len(visits) > 15  # the walk really walks
    for visit in visits:
        response = get(client, visit.url, world.secrets.get(role))
        if response.status_code != visit.expected or not response.is_json:
            failures.append(f"GET {visit.url} ({visit.endpoint}) as {role}: expected {visit.expected}, "
                            f"got {response.status_code} {response.content_type}")
    assert not failures, f"{len(failures)} API access failure(s):\n" + "\n".join(failures)


def test_every_api_route_has_a_row_in_the_table(app):
    endpoints = {rule.endpoint for rule in api_rules(app)}
    assert endpoints == set(API_EXPECTATIONS), "API routes and rows of API_EXPECTATIONS differ"


def test_an_api_route_missing_from_the_table_fails_the_walk(app):
    from werkzeug.routing import Map, Rule

    newer = SimpleNamespace(url_map=Map([Rule("/api/v1/secrets", endpoint="api.secrets")]))
    _visits, problems = plan_api_visits(newer, PARTNER, {"own": {}, "other": {}})
    assert problems == ["api.secrets (/api/v1/secrets) has no row in API_EXPECTATIONS: say who may read it"]


# --- the token pages ---------------------------------------------------------------------------------


def csrf_token_of(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_user_makes_a_token_sees_it_once_and_revokes_it(app, client, auth, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    partner = auth.login(world.users[PARTNER])
    assert "/account/api-tokens/" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/api-tokens/").get_data(as_text=True)
    assert client.post("/account/api-tokens/new", data={"name": "Without CSRF"}).status_code == 400

    created = client.post("/account/api-tokens/new", data={
        "name": "Ministry dashboard", "expires_on": (date.today() + timedelta(days=30)).isoformat(),
        "csrf_token": csrf_token_of(page)})
    assert created.status_code == 200
    secret = re.search(r'value="(ptk_[^"]+)"', created.get_data(as_text=True)).group(1)
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Ministry dashboard"))
    assert token.user_id == partner.id and token.expires_at > utcnow() and token.token_hash == hash_token(secret)
    assert references(get(client, "/api/v1/grants", secret)) == {world.grants.serbian.reference}

    listed = client.get("/account/api-tokens/").get_data(as_text=True)
    assert "Ministry dashboard" in listed and token.hint in listed and secret not in listed  # shown once only
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 400  # no CSRF token
    revoked_answer = client.post(f"/account/api-tokens/{token.id}/revoke", data={"csrf_token": csrf_token_of(listed)})
    assert revoked_answer.status_code == 302
    assert get(client, "/api/v1/grants", secret).status_code == 401
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "ApiToken")).all()
    assert sorted(actions) == ["api_token.create", "api_token.revoke"]


def test_nobody_sees_or_revokes_another_users_token(client, auth, world):
    others = db.session.scalar(select(ApiToken).where(ApiToken.user_id == world.users[EMBASSY].id))
    auth.login(world.users[MISSION])
    assert others.hint not in client.get("/account/api-tokens/").get_data(as_text=True)
    assert client.post(f"/account/api-tokens/{others.id}/revoke").status_code == 404
    db.session.refresh(others)
    assert others.revoked_at is None


@pytest.mark.parametrize("data", [
    {"name": ""}, {"name": "x" * 101}, {"name": "tab\x07bell"},
    {"name": "Past", "expires_on": "2020-01-01"}, {"name": "Forever", "expires_on": "2099-01-01"},
    {"name": "Garbled", "expires_on": "soon"},
])
def test_a_malformed_token_request_is_refused_without_making_one(client, auth, world, data):
    auth.login(world.users[PARTNER])
    before = db.session.scalar(select(db.func.count(ApiToken.id)))
    assert client.post("/account/api-tokens/new", data=data).status_code == 422
    assert db.session.scalar(select(db.func.count(ApiToken.id))) == before


def test_making_tokens_is_rate_limited(app, client, auth, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_TOKEN_CREATION_RATE_LIMIT", "2 per hour")
    auth.login(world.users[PARTNER])
    answers = [client.post("/account/api-tokens/new", data={"name": f"T{n}"}).status_code for n in range(3)]
    assert answers == [200, 200, 429]


def test_the_token_pages_need_a_sign_in(client):
    response = client.get("/account/api-tokens/")
    assert response.status_code == 302 and response.location.startswith("/login")
