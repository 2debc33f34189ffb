"""HTML to PDF with WeasyPrint, reading nothing but the app's own static files.

Shared ground: the steering group's reports and the hand-over documents of recommendations both render
PDFs, and `meetings` may not import `reports` (dependencies point downwards, see docs/architecture.md).

Free text typed by staff ends up in the documents. The template escapes it, and as a second line of
defence the URL fetcher refuses every URL that is not one of our static files: no file://, no
http(s) to anywhere, no redirects. Fonts come from the system (fontconfig) and are embedded.
"""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that no network can resolve; only paths under it that name a static file are served.
BASE_URL = "https://insikt.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedURL(ValueError):
    pass


class StaticFilesOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX) or ".." in url or "?" in url or "#" in url:
            raise RefusedURL(f"Refused: {url[:80]}")
        path = finders.find(url[len(STATIC_PREFIX) :])
        if not path:
            raise RefusedURL(f"No such static file: {url[:80]}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


def static_url(path: str) -> str:
    return STATIC_PREFIX + path


def render_pdf(html: str) -> bytes:
    """A PDF/A-3 with tagged structure (accessibility) and embedded fonts."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
