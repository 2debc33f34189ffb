import pytest

from insikt.testing import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_signs_in_and_sees_the_start_page(page, demo_staff):
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    assert page.title() == "Start – Insikt"
    assert page.get_by_role("heading", name="Mina deltagare").is_visible()
    assert page.get_by_role("heading", name="Kommande möten").is_visible()
    screenshot(page, "start-handlaggare")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "start-handlaggare-mobil")


def test_wrong_password_shows_the_swedish_message(page, demo_staff):
    sign_in(page, "af.handlaggare", "fel-lösenord")
    assert page.get_by_text("Fel användarnamn eller lösenord").is_visible()
    screenshot(page, "logga-in-fel")
