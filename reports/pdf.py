"""The reports' PDF rendering: WeasyPrint with a URL fetcher that reads only the app's own static files.

It lives in the core (insikt.pdf) since recommendations' hand-over documents need it too and nothing
may import `reports`; the names stay importable from here for the reports code and its tests.
"""

from insikt.pdf import BASE_URL, STATIC_PREFIX, RefusedURL, StaticFilesOnlyFetcher, render_pdf, static_url

__all__ = ["BASE_URL", "STATIC_PREFIX", "RefusedURL", "StaticFilesOnlyFetcher", "render_pdf", "static_url"]
