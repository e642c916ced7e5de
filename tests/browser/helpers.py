"""What the browser tests share: the axe-core check and the steps of signing in."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

AXE_VERSION = "4.14.1"  # tests/browser/vendor/axe.min.js, from `npm pack axe-core`
AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

PHONE = {"width": 390, "height": 844}


def assert_accessible(page, label=None):
    """Run axe-core on the page as it is now; fail listing every serious or critical violation.

    The page's context must bypass the Content-Security-Policy (script-src 'self' refuses the
    injected script otherwise), as the contexts of the `new_page` fixture do by default.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    if os.environ.get("AXE_REPORT_ALL"):  # `AXE_REPORT_ALL=1 pytest -s tests/browser` lists the minor ones too
        for violation in results["violations"]:
            targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
            print(f"axe [{violation['impact']}] {label or page.url}: {violation['id']}: {targets}")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core {AXE_VERSION}: {len(blocking)} serious or critical violation(s) "
                 f"on {label or page.url}"]
        for violation in blocking:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
                         f"({violation['helpUrl']})")
            for node in violation["nodes"]:
                lines.append(f"    at {' '.join(map(str, node['target']))}")
                summary = " ".join((node.get("failureSummary") or "").split())
                if summary:
                    lines.append(f"       {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
    return results


def fits_the_width(page):
    """True when the page needs no horizontal scrolling."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def path_of(page):
    """The path and query of the page's address: where the portal has taken the reader."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_in_with_password(page, email, password):
    """Fill the sign-in form and send it; the page is wherever the portal sends one next."""
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def enter_two_factor_code(page, code):
    expect(page.get_by_role("heading", name="Two-factor authentication", level=1)).to_be_visible()
    page.get_by_label("Six-digit code").fill(code)
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_load_state()
