import pytest
from playwright.sync_api import expect

from insikt.testing import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_signs_in_and_sees_the_start_page(page, demo_staff):
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    assert page.title() == "Start – Insikt"
    expect(page.get_by_role("heading", name="Mina deltagare")).to_be_visible()
    expect(page.get_by_role("heading", name="Kommande möten")).to_be_visible()
    screenshot(page, "start-handlaggare")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "start-handlaggare-mobil")


def test_wrong_password_shows_the_swedish_message(page, demo_staff):
    sign_in(page, "af.handlaggare", "fel-lösenord")
    expect(page.get_by_text("Fel användarnamn eller lösenord")).to_be_visible()
    screenshot(page, "logga-in-fel")


CONTRAST_OF_CONTROLS = """
() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map((c) => {
      c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
    .filter((e) => e.offsetParent !== null)
    .map((e) => {
      const [a, b] = [luminance(getComputedStyle(e).borderTopColor), luminance(background(e))];
      return {name: e.name || e.id, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
    });
}
"""


@pytest.mark.parametrize("path", ["/deltagare/ny/", "/deltagare/"])
def test_form_controls_stand_out_from_their_background(page, demo_staff, path):
    """WCAG 2.1 1.4.11 (non-text contrast, 3:1), which axe-core does not check for borders."""
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + path)
    controls = page.evaluate(CONTRAST_OF_CONTROLS)
    assert len(controls) >= 4
    too_faint = [c for c in controls if c["ratio"] < 3]
    assert not too_faint, too_faint
