"""Shared pytest fixtures (loaded with `-p insikt.testing` from pytest.ini).

Models are imported inside the fixtures: this module is loaded before Django is set up.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The cache lives per process: what one test put there must not be what the next one reads."""
    cache.clear()


@pytest.fixture
def orgs(db):
    """The five organisations, created by migration, by code: orgs['af'], orgs['ama'], …"""
    from insikt.models import Organisation, ensure_standard_organisations

    ensure_standard_organisations()  # transactional tests flush what the migration created
    return {o.code: o for o in Organisation.objects.all()}


@pytest.fixture
def make_user(db, orgs):
    from insikt.tests.factories import UserFactory

    def make(org="af", role="handlaggare", **kwargs):
        return UserFactory(organisation=orgs[org], role=role, **kwargs)

    return make


@pytest.fixture
def demo_staff(db):
    """The demo users of seed_demo, keyed by username."""
    from insikt.demo import seed_staff

    return seed_staff("insikt-demo")


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright; skipped (or failed in CI) when missing."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls around it stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="sv-SE", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str, password: str = "insikt-demo") -> None:
    page.goto(page.base_url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
