"""A caseworker books a multi-party meeting and finds it on the participant page, on the timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insikt.testing import screenshot, sign_in
from meetings.models import AttendeeKind, Meeting
from meetings.tests.factories import book
from participants import services
from participants.tests.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_books_a_multi_party_meeting_and_sees_it_on_the_timeline(page, demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af, first_name="Amina", last_name="Testsson")
    today = timezone.localdate()
    services.register_consent(participant=participant, given_on=today, form="skriftligt", by=af)
    services.register_waivers(
        participant=participant,
        organisations=[demo_staff["malmo.handlaggare"].organisation],
        valid_from=today,
        valid_to=None,
        form="skriftligt",
        by=af,
    )
    when = timezone.localtime() + timedelta(days=3)

    sign_in(page, "af.handlaggare")
    page.goto(f"{page.base_url}/deltagare/{participant.pk}/")
    page.get_by_role("link", name="Boka möte").click()
    page.get_by_label("Flerpartsmöte").check()
    page.get_by_label("Datum och tid").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Plats").fill("Jobbtorg Malmö, Stora Nygatan 29")
    page.get_by_label("Maria Sjöberg (Malmö stad AMA)").check()
    page.get_by_role("button", name="Boka möte").click()

    expect(page.get_by_role("heading", name="Flerpartsmöte med Amina Testsson")).to_be_visible()
    expect(page.get_by_text("Mötet är bokat.")).to_be_visible()
    meeting = Meeting.objects.get(participant=participant)
    assert meeting.kind == "flerpart" and timezone.localtime(meeting.starts_at).hour == 10
    assert set(meeting.attendees.filter(kind=AttendeeKind.STAFF).values_list("user__username", flat=True)) == {
        "af.handlaggare",
        "malmo.handlaggare",
    }

    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Amina Testsson").click()
    meetings = page.locator("section[aria-labelledby=moten]")
    expect(meetings.get_by_role("link", name="Flerpartsmöte")).to_be_visible()
    expect(meetings.get_by_text("Bokat")).to_be_visible()
    timeline = page.get_by_role("img", name="Resan över tid")
    expect(timeline).to_be_visible()
    expect(page.locator(".timeline-list").get_by_text(f"{when:%Y-%m-%d} Flerpartsmöte (bokat)")).to_be_visible()
    page.locator("section[aria-labelledby=resan]").scroll_into_view_if_needed()
    screenshot(page, "deltagare-bokat-flerpartsmote")


def test_free_text_shows_how_much_of_its_limit_is_used(page, demo_staff):
    af = demo_staff["af.handlaggare"]
    meeting = book(register(af), af, starts_at=timezone.now() - timedelta(hours=3))
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    page.goto(f"{page.base_url}/moten/{meeting.pk}/utfall/")
    notes = page.get_by_label("Anteckningar från mötet")
    expect(page.get_by_text("0 av 8000 tecken")).to_be_visible()
    notes.fill("Gick igenom planen.")
    expect(page.get_by_text("19 av 8000 tecken")).to_be_visible()
    notes.fill("x" * 9000)  # the browser stops at the limit
    expect(page.get_by_text("8000 av 8000 tecken")).to_be_visible()


def test_a_third_programme_row_is_added_without_saving_first(page, demo_staff):
    from meetings.models import HistoryReview, ProgrammeType

    ProgrammeType.objects.get_or_create(name="Arbetsträning")  # a browser test's database starts empty of it
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt", by=af)
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    page.goto(f"{page.base_url}/deltagare/{participant.pk}/genomlysning/ny/")
    rows = page.locator('[data-formset-body="program"] tr')
    expect(rows).to_have_count(2)
    page.get_by_role("button", name="Lägg till rad").first.click()
    expect(rows).to_have_count(3)
    third = rows.nth(2)
    third.locator("select").select_option(index=1)
    third.locator('input[name="program-2-starts_on"]').fill("2024-03-01")
    page.get_by_role("button", name="Spara genomlysning").click()
    page.wait_for_url(f"{page.base_url}/deltagare/{participant.pk}/**")
    review = HistoryReview.objects.get(participant=participant)
    assert review.programmes.count() == 1 and str(review.programmes.get().starts_on) == "2024-03-01"


def test_on_a_phone_nothing_runs_off_the_screen(page, demo_staff):
    """390 px: the meeting tables become one small card per meeting; the timeline gives way to its list."""
    af = demo_staff["af.handlaggare"]
    participant = register(af, first_name="Telefon")
    for days in (-3, 2, 5):
        book(participant, af, starts_at=timezone.now() + timedelta(days=days), place="Arbetsförmedlingen Malmö, rum 4")
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ["/moten/", f"/deltagare/{participant.pk}/"]:
        page.goto(page.base_url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    expect(page.locator(".timeline-svg")).to_be_hidden()
    expect(page.locator(".timeline-list")).to_be_visible()
    screenshot(page, "deltagare-telefon")
