"""The annual review as a PDF, in the reader's language, drawn by WeasyPrint from HTML.

WeasyPrint fetches nothing from the network: its URL fetcher serves the files of the app's
own static folder (the stylesheet) and refuses every other address. The fonts are the
system's (DejaVu Sans, which covers the Latin, Cyrillic and Greek names of the region).
"""

import mimetypes
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal.annual.suppression import SUPPRESSION_NOTE, is_masked, victim_threshold
from portal.extensions import db
from portal.programme.models import Component


class StaticFilesOnly(URLFetcher):
    """Serves file: addresses inside one folder; refuses anything else (http, other files)."""

    def __init__(self, folder):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.folder = Path(folder).resolve()

    @property
    def base_url(self):
        return self.folder.as_uri() + "/"

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not path.is_relative_to(self.folder) or not path.is_file():
            raise ValueError(f"the PDF loads only the portal's own static files, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def review_pdf_html(review, locale, masked=False, today=None):
    """The HTML of the printed review, in `locale` (call within a request or app context)."""
    with force_locale(locale):
        return render_template(
            "annual/review_pdf.html", review=review, masked=masked, today=today or date.today(),
            components=db.session.scalars(select(Component).order_by(Component.position)).all(),
            suppression_note=str(SUPPRESSION_NOTE) % {"threshold": victim_threshold()},
            is_masked=is_masked,
        )


def render_review_pdf(review, locale, masked=False, today=None):
    """The annual review of `build_review(...)` as PDF bytes, in the reader's language.

    `masked` says the review was built with masked figures (the version that leaves the
    mission): the PDF then states the suppression rule.
    """
    html = review_pdf_html(review, locale, masked=masked, today=today)
    fetcher = StaticFilesOnly(current_app.static_folder)
    return HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf()
