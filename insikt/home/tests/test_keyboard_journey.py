"""Keyboard only (WCAG 2.1.1): a caseworker registers a participant, consent and a secrecy waiver, books a
multi-party meeting and answers the questionnaire, with Tab, typing, Enter and Space. No mouse, no .click().
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insikt.testing import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 150


def is_focused(locator) -> bool:
    return locator.evaluate_all("els => els.length > 0 && els[0] === document.activeElement")


def tab_until(page, target, backwards: bool = False):
    """Press Tab (or Shift+Tab) until target has focus; fail after MAX_TABS presses."""
    target.wait_for(state="attached")
    for _ in range(MAX_TABS):
        if is_focused(target):
            return target.first
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    pytest.fail(f"{target} nås inte med Tab på {page.url}; fokus: {focused}")


def tab_to(page, name: str, role: str | None = None, *, exact: bool | None = None, backwards: bool = False):
    """Press Tab (or Shift+Tab) until the element with this accessible name has focus; fail if it never does.

    Without a role, name is the start of a form field's label (crispy adds an asterisk to required ones).
    """
    if role:
        target = page.get_by_role(role, name=name, exact=True if exact is None else exact)
    else:
        target = page.get_by_label(name, exact=bool(exact))
    return tab_until(page, target, backwards)


def type_into(page, name: str, text: str, **kwargs) -> None:
    tab_to(page, name, **kwargs)
    page.keyboard.type(text)


def type_date(page, name: str, day) -> None:
    """A native date field, typed as a person would. Headless Chromium draws date fields as MM/DD/YYYY whatever
    the page's locale, and moves on by itself after two digits of the month and the day."""
    field = tab_to(page, name)
    page.keyboard.type(f"{day:%m%d%Y}")
    assert field.input_value() == f"{day:%Y-%m-%d}", f"{name}: {field.input_value()}"


def type_datetime(page, name: str, when) -> None:
    """A native date-and-time field: MM/DD/YYYY, then the right arrow to the time, hh:mm and AM/PM."""
    field = tab_to(page, name)
    page.keyboard.type(f"{when:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type(f"{when:%I%M}" + ("A" if when.hour < 12 else "P"))
    assert field.input_value() == f"{when:%Y-%m-%dT%H:%M}", f"{name}: {field.input_value()}"


def press_enter_on(page, name: str, role: str = "button", **kwargs) -> None:
    tab_to(page, name, role, **kwargs)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_caseworker_does_the_whole_journey_with_the_keyboard(page, demo_staff):
    from meetings.models import Meeting, MeetingKind
    from participants.models import Consent, Participant, SecrecyWaiver
    from questionnaire.demo import seed_questionnaire
    from questionnaire.models import Response

    seed_questionnaire()
    today = timezone.localdate()

    # Sign in.
    page.goto(page.base_url + "/logga-in/")
    type_into(page, "Användarnamn", "af.handlaggare")
    type_into(page, "Lösenord", "insikt-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == page.base_url + "/"

    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_role("link", name="Hoppa till innehållet"))
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "innehall"

    # Register a participant who fits the target group.
    page.keyboard.press("Shift+Tab")  # back into the header, to the menu
    press_enter_on(page, "Deltagare", "link", backwards=True)
    press_enter_on(page, "Anmäl ny deltagare", "link")
    type_into(page, "Personnummer eller samordningsnummer", "19121212-1212", role="textbox")  # its radio is chosen
    type_into(page, "Förnamn", "Tolvan")
    type_into(page, "Efternamn", "Tangentsson")
    tab_to(page, "Stadsområde")
    page.keyboard.type("Centrum")
    assert page.get_by_label("Stadsområde").input_value() == "centrum"
    tab_to(page, "Högsta avslutade utbildning")
    page.keyboard.type("Gymnasial")
    assert page.get_by_label("Högsta avslutade utbildning").input_value() == "gymnasial"
    tab_to(page, "Ersättning")
    page.keyboard.type("Aktivitetsstöd")
    assert page.get_by_label("Ersättning").input_value() == "aktivitetsstod"
    type_date(page, "Inskriven på Arbetsförmedlingen sedan", today - timedelta(days=round(12 * 365.25)))
    type_date(page, "I jobb- och utvecklingsgarantin sedan", today - timedelta(days=600))
    press_enter_on(page, "Anmäl deltagare")
    participant = Participant.objects.get(personnummer="191212121212")
    assert participant.first_name == "Tolvan" and participant.district == "centrum"

    # The second step: occupation and support at registration (issue 16), then the participant page.
    assert page.url == f"{page.base_url}/deltagare/{participant.pk}/sysselsattning/anmalan/?ny=1"
    tab_to(page, "Arbete utan stöd", "radio")  # Tab reaches a radio group's first option; arrows choose in it
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_label("Arbetssökande").is_checked()
    tab_to(page, "Aktivitetsstöd eller utvecklingsersättning", "checkbox")
    page.keyboard.press("Space")
    press_enter_on(page, "Spara")
    assert page.url == f"{page.base_url}/deltagare/{participant.pk}/#sysselsattning"
    assert participant.outcomes.get().occupation == "arbetssokande"

    # Participation consent: today's date, given in writing (the first option) and yes to SUS, chosen with Space.
    press_enter_on(page, "Registrera samtycke", "link")
    type_date(page, "Datum för samtycket", today)
    tab_to(page, "Skriftligt", "radio")
    page.keyboard.press("Space")
    tab_to(page, "Ja", "radio")  # registration in SUS (issue 16)
    page.keyboard.press("Space")
    press_enter_on(page, "Registrera")
    assert Consent.objects.filter(participant=participant, sus_consent=True).count() == 1

    # Secrecy waiver towards Malmö stad's labour-market department, so that AMA can sit at the table.
    press_enter_on(page, "Registrera sekretessgenombrott", "link")
    tab_to(page, "Arbetsmarknadsavdelningen", "checkbox", exact=False)
    page.keyboard.press("Space")
    type_date(page, "Gäller från", today)
    tab_to(page, "Skriftligt", "radio")
    page.keyboard.press("Space")
    press_enter_on(page, "Registrera")
    assert SecrecyWaiver.objects.filter(participant=participant, organisation__code="ama").exists()

    # Book a multi-party meeting tomorrow at 10:00 with the AMA caseworker too.
    press_enter_on(page, "Boka möte", "link")
    tab_to(page, "Flerpartsmöte", "radio")
    page.keyboard.press("Space")
    when = datetime.combine(today + timedelta(days=1), time(10, 0))
    type_datetime(page, "Datum och tid", when)
    type_into(page, "Plats", "Jobbtorg Malmö, rum 3")
    tab_to(page, "Maria Sjöberg", "checkbox", exact=False)
    page.keyboard.press("Space")
    press_enter_on(page, "Boka möte")
    meeting = Meeting.objects.get(participant=participant)
    assert meeting.kind == MeetingKind.MULTI_PARTY
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == f"{when:%Y-%m-%d %H:%M}"
    staff = {a.user.username for a in meeting.attendees.filter(user__isnull=False)}
    assert staff == {"af.handlaggare", "malmo.handlaggare"}

    # Open the meeting, then its questionnaire, and answer the first question; save as a draft.
    assert page.url == f"{page.base_url}/moten/{meeting.pk}/"
    press_enter_on(page, "Fyll i formuläret", "link")
    assert f"/formular/svar/{meeting.pk}/" in page.url
    # The first question answered with options (Space picks the focused one), the first written one typed.
    tab_until(page, page.locator(".response-form input[type=radio], .response-form input[type=checkbox]").first)
    page.keyboard.press("Space")
    tab_until(page, page.locator(".response-form textarea, .response-form input[type=text]").first)
    page.keyboard.type("Svar skrivet med tangentbordet.")
    press_enter_on(page, "Spara utkast")
    response = Response.objects.get(meeting=meeting)
    assert response.status == "utkast"
    assert response.answers.filter(text="Svar skrivet med tangentbordet.").exists()
    assert response.answers.filter(selected__isnull=False).exists() or response.answers.filter(yes_no__isnull=False)
    expect(page.get_by_text("Utkast", exact=False).first).to_be_visible()
    screenshot(page, "tangentbord-formular-utkast")
