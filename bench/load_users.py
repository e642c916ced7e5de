"""The virtual users: each signs in through the real pages (password, then a TOTP code for the
mission and reviewers), then works until the run stops, waiting a think time between requests.

- a partner opens the list of reports and a draft, saves it twice, submits it and reads it;
- a reviewer declares no conflict on a proposal assigned to them, reads it, saves a draft review
  and submits it;
- the mission opens its home page, the lists of grants and reports, the annual review and takes
  an export.

What the server confirmed (a redirect to the expected page) goes into the Ledger, which the run
compares with the database afterwards.
"""

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.load_client import Browser, Failed, Sample, Stop, with_values
from portal.auth import two_factor


@dataclass
class Ledger:
    """The writes the server confirmed, by record; `uncertain` records had a write that got no
    answer (it may or may not have happened)."""

    run: str
    report_saves: dict = field(default_factory=dict)  # report id: confirmed saves (a submission saves too)
    report_text: dict = field(default_factory=dict)  # report id: the narrative of the last confirmed save
    report_submitted: set = field(default_factory=set)
    declared: set = field(default_factory=set)  # assignment ids declared free of conflict
    review_text: dict = field(default_factory=dict)  # assignment id: the comment of the last confirmed save
    review_submitted: set = field(default_factory=set)
    uncertain: set = field(default_factory=set)  # ("report" | "review", id)
    lock: threading.Lock = field(default_factory=threading.Lock)


class VirtualUser(threading.Thread):
    def __init__(self, number, account, plan, base_url, recorder, ledger, think_s, start_after_s):
        super().__init__(name=f"{account.role}-{number}", daemon=True)
        self.account, self.plan, self.recorder, self.ledger = account, plan, recorder, ledger
        self.browser = Browser(base_url, recorder)
        self.think_s, self.start_after_s = think_s, start_after_s
        self.random = random.Random(number)  # noqa: S311 (think times, not secrets)
        self.signed_in = False

    def think(self):
        self.recorder.pause(self.think_s * self.random.uniform(0.5, 1.5))

    def run(self):
        try:
            self.recorder.pause(self.start_after_s)
            while not self.signed_in:
                self.attempt(self.sign_in)
            while True:
                self.attempt(self.cycle)
        except Stop:
            return

    def attempt(self, step):
        """Run a step, then think; after a failure (already recorded) the user starts again."""
        try:
            step()
        except Failed:
            pass
        except LookupError as error:  # a page came without the form the user needs
            self.recorder.add(Sample(time.monotonic() - self.recorder.origin, "unexpected page", "page",
                                     None, 0.0, f"{type(self).__name__}: {error}"))
        self.think()

    # --- signing in ---------------------------------------------------------------------------

    def sign_in(self):
        page = self.browser.get("sign-in page", "/login", kind="sign-in")
        fields = with_values(page.form("password"), {"email": self.account.email,
                                                      "password": self.plan.password})
        page = self.browser.post("sign-in", "/login", fields, kind="sign-in")
        if page.location.startswith("/login/two-factor"):
            self.think()
            for attempt in range(2):
                form = self.browser.get("two-factor page", "/login/two-factor", kind="sign-in").form("code")
                # A code is accepted once per account: a second sign-in within the same 30 s step
                # waits for the next code, as a person would.
                expect = (302,) if attempt else (200, 302)
                page = self.browser.post("two-factor", "/login/two-factor",
                                         with_values(form, {"code": two_factor.current_code(self.account.secret)}),
                                         expect=expect, kind="sign-in")
                if page.status == 302:
                    break
                self.recorder.pause(two_factor.STEP_SECONDS - time.time() % two_factor.STEP_SECONDS + 0.5)
        if page.status != 302 or page.location.startswith("/login"):
            self.recorder.add(Sample(time.monotonic() - self.recorder.origin, "sign-in", "sign-in", page.status, 0.0,
                                     f"{self.account.email} not signed in: {page.status} to {page.location!r}"))
            raise Failed
        self.signed_in = True

    # --- the work -----------------------------------------------------------------------------

    def cycle(self):
        """One round of the user's work."""
        raise NotImplementedError


class Partner(VirtualUser):
    def cycle(self):
        drafts = [(report_id, start) for report_id, start in self.account.reports
                  if report_id not in self.ledger.report_submitted]
        if not drafts:  # all submitted: read what was sent
            self.browser.get("reports list", "/reports/")
            self.think()
            report_id = self.random.choice(self.account.reports)[0]
            self.browser.get("report", f"/reports/{report_id}")
            return
        report_id, period_start = drafts[0]
        self.browser.get("reports list", "/reports/")
        self.think()
        edit = f"/reports/{report_id}/edit"
        form = self.browser.get("report form", edit).form("revision")
        for save in (1, 2):
            self.think()
            self.write(report_id, "report save", edit, self.filled(form, report_id, period_start, save, "save"), edit)
            self.think()
            form = self.browser.get("report form", edit).form("revision")
        self.think()
        self.write(report_id, "report submit", edit, self.filled(form, report_id, period_start, 3, "submit"),
                   f"/reports/{report_id}", submitted=True)
        self.think()
        self.browser.get("report", f"/reports/{report_id}")

    def filled(self, fields, report_id, period_start, save, action):
        """The form as the partner leaves it: every narrative section written, one spending line
        in euros, the total of the first indicator."""
        text = f"Load {self.ledger.run}, report {report_id}, save {save}: twelve women sheltered and assisted."
        values = dict(fields)
        changes = {"action": action}
        for name in values:
            if name.startswith("narrative-") and name.endswith("-done"):
                changes[name] = text
        if not values.get("lines-0-line_id"):  # no line saved yet: the first blank one
            spent = date.fromisoformat(period_start) + timedelta(days=10)
            changes.update({"lines-0-category": "personnel", "lines-0-description": "Social worker",
                            "lines-0-spent_on": spent.isoformat(), "lines-0-currency": "EUR",
                            "lines-0-amount": "1200", "lines-0-rate": "", "lines-0-rate_date": "",
                            "lines-0-rate_source": ""})
        for name, value in fields:
            if name.startswith("values-") and name.endswith("-category_id") and not value:
                changes[name.replace("-category_id", "-value")] = str(10 + save)
                break
        return with_values(fields, changes), text

    def write(self, report_id, name, path, filled, to, submitted=False):
        fields, text = filled
        try:
            self.browser.post(name, path, fields, to=to)
        except Failed:
            with self.ledger.lock:
                self.ledger.uncertain.add(("report", report_id))
            raise
        with self.ledger.lock:
            self.ledger.report_saves[report_id] = self.ledger.report_saves.get(report_id, 0) + 1
            self.ledger.report_text[report_id] = text
            if submitted:
                self.ledger.report_submitted.add(report_id)


class Reviewer(VirtualUser):
    def cycle(self):
        waiting = [(a, p) for a, p in self.account.assignments if a not in self.ledger.review_submitted]
        if not waiting:  # every review submitted: read the others'
            self.browser.get("dashboard", "/")
            self.think()
            self.browser.get("reviews", f"/proposals/{self.random.choice(self.account.assignments)[1]}/reviews")
            return
        assignment_id, proposal_id = waiting[0]
        self.browser.get("dashboard", "/")
        self.think()
        if assignment_id not in self.ledger.declared:
            declaration = f"/assignments/{assignment_id}/declaration"
            form = self.browser.get("declaration", declaration).form("has_conflict")
            self.think()
            self.browser.post("declare", declaration, with_values(form, {"has_conflict": "no"}),
                              to=f"/proposals/{proposal_id}")
            with self.ledger.lock:
                self.ledger.declared.add(assignment_id)
            self.think()
        self.browser.get("proposal", f"/proposals/{proposal_id}")
        self.think()
        review = f"/proposals/{proposal_id}/review"
        form = self.browser.get("review form", review).form("recommendation")
        self.think()
        self.write(assignment_id, "review save", review, form, "save", review)
        self.think()
        form = self.browser.get("review form", review).form("recommendation")
        self.think()
        self.write(assignment_id, "review submit", review, form, "submit", f"/proposals/{proposal_id}/reviews")
        self.think()
        self.browser.get("reviews", f"/proposals/{proposal_id}/reviews")

    def write(self, assignment_id, name, path, fields, action, to):
        text = f"Load {self.ledger.run}, assignment {assignment_id}, {action}: a credible team and budget."
        changes = {"action": action, "recommendation": "approve", "comment": text}
        for field_name, _value in fields:
            if field_name.startswith("score_"):
                changes[field_name] = str(3 + assignment_id % 3)
        try:
            self.browser.post(name, path, with_values(fields, changes), to=to)
        except Failed:
            with self.ledger.lock:
                self.ledger.uncertain.add(("review", assignment_id))
            raise
        with self.ledger.lock:
            self.ledger.review_text[assignment_id] = text
            if action == "submit":
                self.ledger.review_submitted.add(assignment_id)


class Mission(VirtualUser):
    def cycle(self):
        for name, path in (("dashboard", "/"), ("grants list", "/grants/"), ("reports list", "/reports/"),
                           ("annual review", f"/annual/{self.plan.year}")):
            self.browser.get(name, path)
            self.think()
        name, path = self.random.choice(self.plan.exports)
        self.browser.get(name, path, kind="export")


ROLES = {"partner": Partner, "reviewer": Reviewer, "mission": Mission}


def virtual_users(plan, base_url, recorder, ledger, think_s, ramp_s):
    """One thread per account, their starts spread over `ramp_s` seconds, roles interleaved."""
    accounts = []
    queues = [list(plan.partners), list(plan.reviewers), list(plan.missions)]
    while any(queues):
        for queue in queues:
            if queue:
                accounts.append(queue.pop(0))
    count = len(accounts)
    return [ROLES[account.role](number, account, plan, base_url, recorder, ledger, think_s,
                                ramp_s * number / count)
            for number, account in enumerate(accounts)]
