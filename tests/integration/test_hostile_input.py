"""Random and hostile input to every form and every API endpoint: no answer is a server error,
and no markup sent in comes back unescaped.

Each form is posted by a role that may use it (so the input reaches the form's validation,
not just the access check), with the field names its page shows plus a few it does not
expect; values come from Hypothesis: overlong strings, control characters, wrong types, huge
numbers, HTML and SQL fragments, format strings.
"""

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.api.models import ApiToken
from portal.extensions import db
from tests.integration.test_access_routes import MANAGER, MISSION, OK, REVIEWER, build_world, plan_visits

SCRIPT = "<script>alert('portal')</script>"
ATTRIBUTE_BREAK = '" onmouseover="alert(1)'
HOSTILE = [
    SCRIPT, ATTRIBUTE_BREAK, "<img src=x onerror=alert(1)>", "'; DROP TABLE users; --", "1 OR 1=1",
    "99999999999999999999999999", "-1", "0", "1e308", "-1e308", "NaN", "Infinity", "12,5", "1 000,50",
    "%(name)s", "%s%s%s%n", "{{ 7*7 }}", "{% raw %}", "\x01\x02\x1b[31m", "\u202e\u200b", "../../etc/passwd",
    "2026-13-45", "31/02/2026", "true", "[]", "{}", "null", "ﷺ" * 50, "A" * 70_000, "",
]
# Never the NUL byte: it is refused with a 400 before any form sees it (tested elsewhere).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=300)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers().map(str), st.floats().map(str))
EXTRA_FIELDS = ("id", "amount_eur", "status", "next", "csrf_token")

# Leaving the session or the whole portal is not input handling: they are tested on their own.
NOT_FUZZED = {"auth.logout", "auth.log_out_everywhere"}
FIELD_NAME = re.compile(r'name="([^"]+)"')

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


def reflected(body):
    return SCRIPT in body or ATTRIBUTE_BREAK in body or "<img src=x onerror" in body


def form_fields(client, url):
    page = client.get(url)
    names = set(FIELD_NAME.findall(page.get_data(as_text=True))) if page.status_code == 200 else set()
    return sorted((names - {"csrf_token", "locale"}) | set(EXTRA_FIELDS))


def forms_to_fuzz(app, world):
    """Each POST route once, with the first role that may use it on its own object."""
    chosen = {}
    for role in (MISSION, MANAGER, REVIEWER, "embassy"):
        visits, _problems = plan_visits(app, role, world.params(role))
        for visit in visits:
            if (visit.method == "POST" and visit.expected == OK and visit.variant in ("own", "")
                    and visit.endpoint not in NOT_FUZZED and visit.endpoint not in chosen):
                chosen[visit.endpoint] = (role, visit.url)
    return chosen


@settings(max_examples=10, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def post_hostile(data, client, auth, user, url, fields):
    form = {name: data.draw(VALUES, label=name) for name in fields}
    auth.login(user)
    response = client.post(url, data=form)
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"POST {url} answered {response.status_code} to {form!r:.500}"
    assert not reflected(body), f"POST {url} reflected markup unescaped"


def test_every_form_survives_hostile_input(app, client, auth, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", f"file://{tmp_path}")
    monkeypatch.delitem(app.extensions, "file_storage", raising=False)
    world = build_world()
    forms = forms_to_fuzz(app, world)
    assert len(forms) > 30  # the fuzzing really reaches the forms
    for endpoint, (role, url) in sorted(forms.items()):
        user = world.users[role]
        auth.login(user)
        fields = form_fields(client, url)
        try:
            post_hostile(client=client, auth=auth, user=user, url=url, fields=fields)
        except AssertionError as failure:
            raise AssertionError(f"{endpoint} as {role}: {failure}") from None


API_PARAMETERS = ("page", "per_page", "year", "call_id", "country", "organisation_id", "grant_id", "indicator",
                  "component", "yaer")


@settings(max_examples=8, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def get_hostile(data, client, secret, path):
    query = {name: data.draw(VALUES, label=name) for name in data.draw(
        st.lists(st.sampled_from(API_PARAMETERS), max_size=4, unique=True), label="parameters")}
    response = client.get(path, query_string=query, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code < 500, f"GET {path} answered {response.status_code} to {query!r:.500}"
    assert response.is_json, f"GET {path} answered {response.content_type}"
    assert not reflected(response.get_data(as_text=True))


def test_every_api_endpoint_survives_hostile_parameters(app, client):
    world = build_world()
    token, secret = ApiToken.issue(world.users[MISSION], "fuzzing")
    db.session.add(token)
    db.session.commit()
    params = world.params(MISSION)["own"]
    adapter = app.url_map.bind("localhost")
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and "GET" in rule.methods:
            values = {name: params.get(name, 1) for name in rule.arguments}
            if "path" in values:
                values["path"] = "".join(string.ascii_lowercase[:5])
            if "year" in values:
                values["year"] = params["year"]
            paths.append(adapter.build(rule.endpoint, values))
    assert len(paths) > 8
    for path in sorted(paths):
        get_hostile(client=client, secret=secret, path=path)
