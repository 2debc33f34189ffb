import pytest

from reports.pdf import BASE_URL, RefusedURL, StaticFilesOnlyFetcher, render_pdf
from reports.services import render_report_html
from reports.tests.conftest import pdf_text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.org/x.png",
        BASE_URL + "static/../../settings.py",
        BASE_URL + "admin/",
        BASE_URL + "static/finns-inte.css",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        StaticFilesOnlyFetcher().fetch(url)


def test_the_fetcher_serves_our_static_files():
    response = StaticFilesOnlyFetcher().fetch(BASE_URL + "static/css/report.css")
    assert b"@page" in response.read()


def test_rendering_hostile_html_reads_no_file_and_makes_no_request(monkeypatch, tmp_path):
    fetched = []
    original = StaticFilesOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spy)
    html = (
        '<html><body><p>Text</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="https://example.org/evil.css"></body></html>'
    )
    text = pdf_text(render_pdf(html), tmp_path)
    assert "Text" in text and "root:" not in text
    assert set(fetched) == {"file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/evil.css"}


def test_a_steering_group_text_cannot_inject_html(tertial, monkeypatch, tmp_path):
    tertial.steering_meetings.create(
        meets_on=tertial.ends_on,
        happened='Vi har <img src="file:///etc/passwd"> och <a href="http://example.org">länk</a>.',
    )
    fetched = []
    original = StaticFilesOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spy)
    html = render_report_html(tertial)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html  # escaped: shown as text, never fetched
    render_pdf(html)
    assert all(url.startswith(BASE_URL + "static/") for url in fetched)
