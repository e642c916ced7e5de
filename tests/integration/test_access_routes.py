"""Every route, as every role, on an object of the user's own and on someone else's.

The table below is the portal's access matrix. The walk requests every URL rule of the app
with every method it allows and compares the answer with the table; a route missing from the
table fails the walk, so no page can be added without saying who may open it.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.routing import Map, Rule

from portal.api.models import ApiToken
from portal.auth.models import Invitation, Membership, PasswordReset
from portal.core.audit import record
from portal.core.db import utcnow
from portal.core.files import StoredFile, storage
from portal.core.outbox import OutboxMessage
from portal.core.tokens import new_token
from portal.extensions import db
from portal.grants.models import (
    Grant,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    ProposalVersion,
    ReviewAssignment,
)
from portal.grants.operations.grants import propose_defaults
from portal.grants.snapshot import take_snapshot
from portal.indicators.models import BreakdownCategory, BreakdownDimension, Indicator
from portal.programme.models import Component, CountryCurrency, Priority, ProgrammeYear
from portal.reports.models import ReportAttachment, ReportStatus, ReportVersion
from portal.reports.snapshot import take_snapshot as take_report_snapshot
from tests.factories import make_call, make_organisation, make_user

ANONYMOUS, PARTNER, MANAGER, REVIEWER, EMBASSY, MISSION = (
    "anonymous", "partner", "manager", "reviewer", "embassy", "mission",
)
ROLES = (ANONYMOUS, PARTNER, MANAGER, REVIEWER, EMBASSY, MISSION)

# What a request may answer.
OK = "ok"                # the view did its work: 200 for GET; for POST anything but a refusal
PUBLIC = "public"        # the view answered a visitor without asking them to sign in
LOGIN = "login"          # a redirect to /login?next=...: sign in first
FORBIDDEN = "forbidden"  # 403: the user sees the object but may not do this to it
HIDDEN = "hidden"        # 404: the user may not see the object, so it does not exist for them
GONE = "gone"            # 410: a link that is unknown, used or expired

# For routes about one object, a pair: (on the user's own object, on someone else's).
OWN_ONLY = (OK, HIDDEN)          # acts on its own; another's does not exist for it
SEES_OWN = (FORBIDDEN, HIDDEN)   # sees its own but may not act on it; another's does not exist
NOT_SELF = (FORBIDDEN, OK)       # acts on others, not on itself
LINK = (PUBLIC, GONE)            # a valid link opens; an unknown one is gone


def row(anonymous, partner, manager, reviewer, embassy, mission):
    return dict(zip(ROLES, (anonymous, partner, manager, reviewer, embassy, mission), strict=True))


EXPECTATIONS = {
    # One row per endpoint, one column per role. A pair is (on the user's own object, on someone
    # else's): own is the Serbian organisation (the partners', in the embassy's country), the user
    # themself (for the manager: the colleague they manage), the plain member's membership, an
    # invitation to the Serbian organisation, a message to the user, a valid link; someone else's
    # is the Albanian organisation and everything of it, or a link nobody was sent.
    #                                  anonymous  partner    manager    reviewer   embassy    mission
    "auth.login":                  row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "health.health":               row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "auth.two_factor":             row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "auth.two_factor_setup":       row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "auth.forgot_password":        row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "auth.reset_password":         row(LINK,      LINK,      LINK,      LINK,      LINK,      LINK),
    "auth.accept_invitation":      row(LINK,      LINK,      LINK,      LINK,      LINK,      LINK),
    "auth.switch_language":        row(PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC,    PUBLIC),
    "auth.logout":                 row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "auth.account":                row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "auth.log_out_everywhere":     row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "dashboard.index":             row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "auth.organisations":          row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "auth.create_organisation":    row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "auth.organisation":           row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "auth.edit_organisation":      row(LOGIN,     SEES_OWN,  OWN_ONLY,  HIDDEN,    SEES_OWN,  OK),
    "auth.invite_colleague":       row(LOGIN,     SEES_OWN,  OWN_ONLY,  HIDDEN,    SEES_OWN,  OK),
    "auth.update_membership":      row(LOGIN,     SEES_OWN,  OWN_ONLY,  HIDDEN,    SEES_OWN,  OK),
    "auth.revoke_invitation":      row(LOGIN,     HIDDEN,    OWN_ONLY,  HIDDEN,    HIDDEN,    OK),
    "auth.users":                  row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "auth.invite":                 row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "auth.user":                   row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OK),
    "auth.update_user_access":     row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  NOT_SELF),
    "mission.outbox":              row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "mission.outbox_message":      row(LOGIN,     HIDDEN,    HIDDEN,    HIDDEN,    HIDDEN,    OK),
    "mission.retry_message":       row(LOGIN,     HIDDEN,    HIDDEN,    HIDDEN,    HIDDEN,    OK),
    # The audit log: the mission's alone, refused (not hidden) to everyone else, one event included.
    "mission.audit":               row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "mission.audit_event":         row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "mission.audit_export":        row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    # What the portal holds about the signed-in user: everyone's own, and only their own.
    "auth.personal_data":          row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "auth.personal_data_export":   row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    # Calls: own is the call open to Serbia, someone else's the one open to Albania only.
    "grants.calls":                row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "grants.create_call":          row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "grants.call":                 row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OK,        OWN_ONLY,  OK),
    "grants.edit_call":            row(LOGIN,     SEES_OWN,  SEES_OWN,  FORBIDDEN, SEES_OWN,  OK),
    "grants.publish_call":         row(LOGIN,     SEES_OWN,  SEES_OWN,  FORBIDDEN, SEES_OWN,  OK),
    "grants.start_proposal":       row(LOGIN,     OWN_ONLY,  OWN_ONLY,  FORBIDDEN, SEES_OWN,  FORBIDDEN),
    # Proposals: own is the Serbian organisation's (sent back for revision, so editable, with a
    # version, assigned to the reviewer), someone else's the Albanian organisation's.
    "grants.proposals":            row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "grants.proposal":             row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OK),
    "grants.edit_proposal":        row(LOGIN,     OWN_ONLY,  OWN_ONLY,  SEES_OWN,  SEES_OWN,  FORBIDDEN),
    "grants.extend_deadline":     row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  OK),
    "grants.proposal_versions":    row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OK),
    "grants.translate_proposal":   row(LOGIN,     SEES_OWN,  SEES_OWN,  OWN_ONLY,  SEES_OWN,  OK),
    "grants.proposal_version":     row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OK),
    "grants.upload_attachment":    row(LOGIN,     OWN_ONLY,  OWN_ONLY,  SEES_OWN,  SEES_OWN,  FORBIDDEN),
    "grants.download_attachment":  row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OK),
    "grants.remove_attachment":    row(LOGIN,     OWN_ONLY,  OWN_ONLY,  SEES_OWN,  SEES_OWN,  FORBIDDEN),
    # Review and decision: own assignment is the reviewer's on the Serbian proposal, someone
    # else's another reviewer's on the Albanian one.
    "grants.assign_reviewers":     row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  OK),
    "grants.remove_assignment":    row(LOGIN,     HIDDEN,    HIDDEN,    SEES_OWN,  HIDDEN,    OK),
    "grants.declare_conflict":     row(LOGIN,     HIDDEN,    HIDDEN,    OWN_ONLY,  HIDDEN,    FORBIDDEN),
    "grants.review":               row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  FORBIDDEN),
    "grants.reviews":              row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  OK),
    "grants.give_opinion":         row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  FORBIDDEN),
    "grants.decide":               row(LOGIN,     SEES_OWN,  SEES_OWN,  SEES_OWN,  SEES_OWN,  OK),
    "grants.review_board":         row(LOGIN,     SEES_OWN,  SEES_OWN,  FORBIDDEN, SEES_OWN,  OK),
    "grants.assign_in_bulk":       row(LOGIN,     SEES_OWN,  SEES_OWN,  FORBIDDEN, SEES_OWN,  OK),
    # Grants: own is the Serbian organisation's grant (in the embassy's country), someone else's
    # the Albanian organisation's; only the mission manages them.
    "grants.grants":               row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "grants.grant":                row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "grants.edit_terms":           row(LOGIN,     SEES_OWN,  SEES_OWN,  HIDDEN,    SEES_OWN,  OK),
    "grants.edit_instalments":     row(LOGIN,     SEES_OWN,  SEES_OWN,  HIDDEN,    SEES_OWN,  OK),
    "grants.edit_schedule":        row(LOGIN,     SEES_OWN,  SEES_OWN,  HIDDEN,    SEES_OWN,  OK),
    # Reports: own is the Serbian grant's interim report, sent back for changes (so the partner
    # edits and answers it), with version 1 and a receipt; someone else's the Albanian grant's.
    "reports.reports":             row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "reports.export_reports":      row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "reports.report":              row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "reports.edit_report":         row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    SEES_OWN,  FORBIDDEN),
    "reports.review_report":       row(LOGIN,     SEES_OWN,  SEES_OWN,  HIDDEN,    SEES_OWN,  FORBIDDEN),
    "reports.answer_report":       row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    SEES_OWN,  FORBIDDEN),
    "reports.report_versions":     row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "reports.report_version":      row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "reports.upload_receipt":      row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    SEES_OWN,  FORBIDDEN),
    "reports.download_receipt":    row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    OWN_ONLY,  OK),
    "reports.remove_receipt":      row(LOGIN,     OWN_ONLY,  OWN_ONLY,  HIDDEN,    SEES_OWN,  FORBIDDEN),
    "annual.iati_export":          row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.years":                row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.set_threshold":        row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.review":               row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.programming":          row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.sign_off":             row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    # Indicator tables: the mission's of every country; an embassy's of its own country, masked.
    "annual.indicators_xlsx":      row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        OK),
    "annual.indicators_csv":       row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        OK),
    "annual.indicators_xlsx_years": row(LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "annual.review_pdf":           row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    # A country's share: the embassy its own country's, the mission any country's (a choice first).
    "embassy.country_share":       row(LOGIN,     FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        OK),
    # Personal API tokens: own is the user's token, someone else's the Albanian manager's.
    "api_tokens.tokens":           row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "api_tokens.create_token":     row(LOGIN,     OK,        OK,        OK,        OK,        OK),
    "api_tokens.revoke_token":     row(LOGIN,     OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY,  OWN_ONLY),
}

# POSTs are empty, except where an empty form would be refused before access is even asked.
MINIMAL_FORMS = {
    "grants.start_proposal": lambda params: {"organisation_id": params["organisation_id"]},
}

# Reference data (programme.*): everyone signed in reads it; only the mission changes it.
READS_REFERENCE = row(LOGIN, OK, OK, OK, OK, OK)
CHANGES_REFERENCE = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
CHANGING_WORDS = ("edit", "create", "new", "add", "delete", "remove", "update", "save")
DESTRUCTIVE_WORDS = ("delete", "remove")

SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}
# The JSON API answers a token, not a session: tests/integration/test_api.py walks its routes
# with a token of each role, against its own table.
API_PREFIX = "/api/"
METHODS = ("GET", "POST")


def expectation_for(rule):
    """The row of the table for this rule, or None when nobody wrote one."""
    if rule.endpoint.startswith(("programme.", "indicators.")):
        name = rule.endpoint.partition(".")[2]
        changes = "POST" in rule.methods or any(word in name for word in CHANGING_WORDS)
        return CHANGES_REFERENCE if changes else READS_REFERENCE
    return EXPECTATIONS.get(rule.endpoint)


def walked_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint not in SKIPPED_ENDPOINTS and not rule.rule.startswith(API_PREFIX)]


# --- the world the walk runs in -------------------------------------------------------------


def build_world():
    """Two organisations in two countries, one user per role, and one object of each kind.

    The partner is a plain member of the Serbian organisation, the manager manages it, the
    embassy is the one in Serbia; the Albanian organisation, its manager and everything of
    theirs is "someone else's" for every role.
    """
    serbia = make_organisation(name="Atina", country_code="RS", locale="sr")
    albania = make_organisation(name="Caritas Albania", country_code="AL", locale="sq")
    users = {
        PARTNER: make_user("partner", organisation=serbia, manager=False),
        MANAGER: make_user("partner", organisation=serbia, manager=True),
        REVIEWER: make_user("reviewer"),
        EMBASSY: make_user("embassy", country_code="RS"),
        MISSION: make_user("mission"),
    }
    albanian = make_user("partner", organisation=albania, manager=True)

    token, token_hash = new_token()
    # The same token opens an invitation and a password reset: the two tables hash apart.
    db.session.add(PasswordReset(token_hash=token_hash, user=albanian, expires_at=in_a_day()))
    link_invitation = make_invitation(None, "reviewer", token_hash=token_hash)
    to_serbia = make_invitation(serbia, "partner", invited_by=users[MANAGER])
    to_albania = make_invitation(albania, "partner", invited_by=albanian)
    messages = {user: message_to(user) for user in [*users.values(), albanian]}
    api_tokens = {user: ApiToken.issue(user, "Export")[0] for user in [*users.values(), albanian]}
    db.session.add_all(api_tokens.values())
    audit_events = {"own": record("example.own", actor=users[MANAGER]),
                    "other": record("example.other", actor=albanian)}

    years = [ProgrammeYear(year=2025), ProgrammeYear(year=2026)]
    priorities = [Priority(programme_year=year, code=f"victims-{year.year}") for year in years]
    db.session.add_all(years + priorities)
    db.session.commit()
    assert link_invitation.is_pending

    calls = {"own": make_call(countries=["RS"]), "other": make_call(countries=["AL"])}
    proposals = {
        "own": proposal_under_revision(calls["own"], serbia, users[MANAGER], reviewer=users[REVIEWER]),
        "other": proposal_under_revision(calls["other"], albania, albanian),
    }
    assignments = {
        "own": db.session.scalar(db.select(ReviewAssignment).filter_by(proposal=proposals["own"])),
        "other": ReviewAssignment(proposal=proposals["other"], reviewer=make_user("reviewer"), has_conflict=False),
    }
    db.session.add(assignments["other"])
    grants = {"own": approved_grant(calls["own"], serbia, "THB-2026-001"),
              "other": approved_grant(calls["other"], albania, "THB-2026-002")}
    reports = {variant: report_sent_back(grant, author) for variant, grant, author in
               (("own", grants["own"], users[MANAGER]), ("other", grants["other"], albanian))}
    db.session.commit()

    def membership_of(user, organisation):
        return db.session.scalar(
            db.select(Membership).filter_by(user_id=user.id, organisation_id=organisation.id)
        )

    def reference(variant):
        """Reference data is nobody's own: the two variants are just two different rows."""
        index = 0 if variant == "own" else 1
        country = "RS" if variant == "own" else "AL"
        return {
            "country_code": country,
            "component_id": db.session.scalar(db.select(Component.id).order_by(Component.position)
                                              .offset(index).limit(1)),
            "year_id": years[index].id,
            "year": years[index].year,  # the annual pages name a year by its number
            "programme_year_id": years[index].id,
            "priority_id": priorities[index].id,
            "period_id": db.session.scalar(db.select(CountryCurrency.id).filter_by(country_code=country)
                                           .limit(1)),
            "indicator_id": db.session.scalar(db.select(Indicator.id).order_by(Indicator.id).offset(index).limit(1)),
            "dimension_id": db.session.scalar(db.select(BreakdownDimension.id).order_by(BreakdownDimension.id)
                                              .offset(index).limit(1)),
            "category_id": db.session.scalar(db.select(BreakdownCategory.id).order_by(BreakdownCategory.id)
                                             .offset(index).limit(1)),
        }

    def params(role):
        """URL parameters: the user's own object, and someone else's (the Albanians')."""
        me = users.get(role)
        # A manager's "own" person and membership are the colleague they manage (their own
        # membership is the plain partner's case: nobody changes their own rights).
        own_person = users[PARTNER] if role in (MANAGER, ANONYMOUS) else me
        own = {
            "organisation_id": serbia.id,  # the partner's organisation, in the embassy's country
            "user_id": own_person.id,
            "membership_id": membership_of(users[PARTNER], serbia).id,
            "invitation_id": to_serbia.id,
            "message_id": messages[me or users[PARTNER]].id,  # a message addressed to them
            "token": token,
            "call_id": calls["own"].id,  # open to Serbia
            "proposal_id": proposals["own"].id,
            "number": 1,
            "attachment_id": proposals["own"].attachments[0].id,
            "assignment_id": assignments["own"].id,
            "grant_id": grants["own"].id,
            "report_id": reports["own"].id,
            "receipt_id": reports["own"].attachments[0].id,
            "token_id": api_tokens[me or users[PARTNER]].id,  # an API token of theirs
            "audit_event_id": audit_events["own"].id,
            **reference("own"),
        }
        other = {
            "organisation_id": albania.id,
            "user_id": albanian.id,
            "membership_id": membership_of(albanian, albania).id,
            "invitation_id": to_albania.id,
            "message_id": messages[albanian].id,
            "token": new_token()[0],  # a link nobody was sent
            "call_id": calls["other"].id,  # open to Albania only
            "proposal_id": proposals["other"].id,
            "number": 1,
            "attachment_id": proposals["other"].attachments[0].id,
            "assignment_id": assignments["other"].id,
            "grant_id": grants["other"].id,
            "report_id": reports["other"].id,
            "receipt_id": reports["other"].attachments[0].id,
            "token_id": api_tokens[albanian].id,
            "audit_event_id": audit_events["other"].id,
            **reference("other"),
        }
        return {"own": own, "other": other}

    return SimpleNamespace(users=users, params=params)


def in_a_day():
    return utcnow() + timedelta(days=1)


def make_invitation(organisation, role, invited_by=None, token_hash=None):
    invitation = Invitation(
        token_hash=token_hash or new_token()[1],
        email=f"invitee-{new_token()[0][:8].lower()}@example.org",
        name="Invitee",
        role=role,
        organisation=organisation,
        invited_by=invited_by,
        expires_at=in_a_day(),
    )
    db.session.add(invitation)
    return invitation


def proposal_under_revision(call, organisation, author, reviewer=None):
    """A proposal submitted once (version 1), then sent back: the partner edits it again, the
    embassy of its country sees it, and so does the reviewer assigned to it."""
    proposal = Proposal(call=call, organisation=organisation, created_by=author, title="Shelter",
                        language="en", countries=[organisation.country],
                        status=ProposalStatus.REVISION_REQUESTED)
    db.session.add(proposal)
    db.session.flush()
    proposal.versions.append(ProposalVersion(number=1, snapshot=take_snapshot(proposal), submitted_by=author))
    data = b"%PDF-1.7 plan"
    stored = StoredFile(storage_key=storage().save(data), filename="plan.pdf", content_type="application/pdf",
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=author)
    db.session.add(ProposalAttachment(proposal=proposal, file=stored))
    if reviewer is not None:
        db.session.add(ReviewAssignment(proposal=proposal, reviewer=reviewer, has_conflict=False))
    return proposal


def approved_grant(call, organisation, reference):
    """A grant of the organisation, from an approved proposal, with its default schedule and instalments."""
    proposal = Proposal(call=call, organisation=organisation, title="Shelter", language=organisation.locale,
                        countries=[organisation.country], status=ProposalStatus.APPROVED,
                        start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), requested_eur=Decimal("20000"))
    grant = Grant(reference=reference, proposal=proposal, organisation=organisation, amount_eur=Decimal("20000"),
                  start_date=proposal.start_date, end_date=proposal.end_date)
    db.session.add(grant)
    db.session.flush()
    propose_defaults(grant)
    return grant


def report_sent_back(grant, author):
    """The grant's first report, submitted once and sent back for changes, with a receipt."""
    report = grant.reports[0]
    report.status = ReportStatus.CHANGES_REQUESTED
    report.first_submitted_at = report.submitted_at = utcnow()
    report.versions.append(ReportVersion(number=1, snapshot=take_report_snapshot(report), submitted_by=author))
    data = b"%PDF-1.7 receipt"
    stored = StoredFile(storage_key=storage().save(data), filename="receipt.pdf", content_type="application/pdf",
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=author)
    report.attachments.append(ReportAttachment(file=stored))
    db.session.flush()
    return report


def message_to(user):
    message = OutboxMessage(kind="invitation", recipient_email=user.email, recipient=user,
                            locale="en", subject="Subject", body="Body\n")
    db.session.add(message)
    return message


# --- reading an answer ----------------------------------------------------------------------


def asks_to_sign_in(response):
    if response.status_code != 302:
        return False
    location = urlsplit(response.location)
    return location.path == "/login" and "next" in parse_qs(location.query)


def answered(response):
    """The view itself answered: no sign-in demand, no refusal, no crash."""
    refused = {401, 403, 404, 405, 410}
    return response.status_code < 500 and response.status_code not in refused and not asks_to_sign_in(response)


def matches(expected, method, response):
    if expected == LOGIN:
        return asks_to_sign_in(response)
    if expected == OK:
        return answered(response) and (method != "GET" or response.status_code == 200)
    if expected == PUBLIC:
        return answered(response)
    return response.status_code == {FORBIDDEN: 403, HIDDEN: 404, GONE: 410}[expected]


def describe(response):
    if response.status_code in (301, 302, 303):
        return f"{response.status_code} to {response.location}"
    return str(response.status_code)


@dataclass
class Visit:
    endpoint: str
    method: str
    variant: str  # "own", "other", or "" for a route about no object
    url: str
    expected: str
    data: dict

    @property
    def order(self):
        """GETs first and deletions last, so that no POST changes what a later request finds."""
        destructive = any(word in self.endpoint for word in DESTRUCTIVE_WORDS)
        return (destructive, self.method != "GET", self.endpoint, self.variant)

    def __str__(self):
        on = {"own": " on its own object", "other": " on someone else's object", "": ""}[self.variant]
        return f"{self.method} {self.url} ({self.endpoint}){on}"


def plan_visits(app, role, params):
    """Every (rule, object, method) to request as this role, or the problems found instead."""
    visits, problems = [], []
    adapter = app.url_map.bind("localhost")
    for rule in walked_rules(app):
        expected_by_role = expectation_for(rule)
        if expected_by_role is None:
            problems.append(f"{rule.endpoint} ({rule.rule}) has no row in EXPECTATIONS: say who may open it")
            continue
        unknown = sorted(rule.arguments - params["own"].keys())
        if unknown:
            problems.append(f"{rule.endpoint}: no fixture fills the URL parameter(s) {', '.join(unknown)}")
            continue
        expected = expected_by_role[role]
        variants = ("own", "other") if rule.arguments else ("",)
        for index, variant in enumerate(variants):
            values = {name: params[variant][name] for name in rule.arguments} if variant else {}
            url = adapter.build(rule.endpoint, values)
            outcome = expected[index] if isinstance(expected, tuple) else expected
            form = MINIMAL_FORMS.get(rule.endpoint, lambda _params: {})(params[variant or "own"])
            for method in METHODS:
                if method in rule.methods:
                    visits.append(Visit(rule.endpoint, method, variant, url, outcome, form))
    return sorted(visits, key=lambda visit: visit.order), problems


# --- the walk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, client, auth, role, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_STORAGE", f"file://{tmp_path}")
    monkeypatch.delitem(app.extensions, "file_storage", raising=False)  # and again after the test
    world = build_world()
    user = world.users.get(role)
    visits, failures = plan_visits(app, role, world.params(role))
    assert len(visits) > 40  # the walk really walks
    for visit in visits:
        if user is not None:
            auth.login(user)  # again each time: logout, links and "log out everywhere" end it
        try:
            response = client.open(visit.url, method=visit.method, data=visit.data)
        except Exception as error:  # noqa: BLE001 (a crash is one more row of the report)
            failures.append(f"{visit} as {role}: expected {visit.expected}, raised {error!r}")
            continue
        if not matches(visit.expected, visit.method, response):
            failures.append(f"{visit} as {role}: expected {visit.expected}, got {describe(response)}")
    assert not failures, f"{len(failures)} access failure(s):\n" + "\n".join(failures)


def test_every_route_has_a_row_in_the_table(app):
    missing = [rule.endpoint for rule in walked_rules(app) if expectation_for(rule) is None]
    assert not missing, f"routes without an expected access in EXPECTATIONS: {missing}"


def test_the_table_names_only_routes_that_exist(app):
    endpoints = {rule.endpoint for rule in walked_rules(app)}
    assert not set(EXPECTATIONS) - endpoints, "rows for routes that no longer exist"


def test_the_table_has_an_answer_for_every_role():
    for endpoint, expected_by_role in EXPECTATIONS.items():
        assert set(expected_by_role) == set(ROLES), endpoint
        for expected in expected_by_role.values():
            outcomes = expected if isinstance(expected, tuple) else (expected,)
            assert set(outcomes) <= {OK, PUBLIC, LOGIN, FORBIDDEN, HIDDEN, GONE}, endpoint


def test_a_route_missing_from_the_table_fails_the_walk():
    unlisted = Rule("/unlisted/<int:thing_id>", endpoint="example.unlisted")
    reference_form = Rule("/programme/components/<int:component_id>/example", endpoint="programme.example",
                          methods=["GET", "POST"])
    newer = SimpleNamespace(url_map=Map([unlisted, reference_form]))
    params = {"own": {"component_id": 1, "thing_id": 1}, "other": {"component_id": 2, "thing_id": 2}}
    visits, problems = plan_visits(newer, PARTNER, params)
    assert problems == ["example.unlisted (/unlisted/<int:thing_id>) has no row in EXPECTATIONS: say who may open it"]
    assert {(visit.method, visit.expected) for visit in visits} == {("GET", FORBIDDEN), ("POST", FORBIDDEN)}


# --- the cases the walk's two variants do not reach -------------------------------------------


def test_manager_cannot_demote_themself_through_the_page(client, auth):
    organisation = make_organisation(country_code="RS")
    manager = make_user("partner", organisation=organisation, manager=True)
    make_user("partner", organisation=organisation, manager=True)  # so the last-manager rule is out
    own = manager.memberships[0]
    auth.login(manager)
    response = client.post(f"/memberships/{own.id}", data={"action": "unmake_manager"})
    assert response.status_code == 403
    assert db.session.get(Membership, own.id).is_manager


def test_plain_member_does_not_open_a_colleagues_page(client, auth):
    organisation = make_organisation(country_code="RS")
    member = make_user("partner", organisation=organisation, manager=False)
    colleague = make_user("partner", organisation=organisation, manager=True)
    auth.login(member)
    assert client.get(f"/people/{colleague.id}").status_code == 404


def test_a_deactivated_account_is_sent_back_to_sign_in(client, auth):
    mission = make_user("mission")
    auth.login(mission)
    mission.is_active_account = False
    db.session.commit()
    assert asks_to_sign_in(client.get("/people/"))
