"""A caseworker finds a to-do item on the start page, does it, and sees it go."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insikt.testing import screenshot, sign_in
from meetings.models import Meeting, MeetingStatus
from meetings.tests.factories import book
from participants import outcomes
from participants.tests.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_to_do_item_is_done_from_the_start_page(page, demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af, first_name="Utfallsdag", last_name="Testsson")
    outcomes.record_outcome(participant=participant, moment=outcomes.REGISTRATION,
                            recorded_on=participant.registered_on, occupation="arbetssokande",
                            supports=["aktivitetsstod"], by=af)  # the one item is the meeting's  # fmt: skip
    meeting = book(participant, af, starts_at=timezone.now() - timedelta(days=1))
    sign_in(page, "af.handlaggare")
    page.wait_for_url(page.base_url + "/")
    todo = page.locator("section[aria-labelledby=att-gora]")
    item = todo.get_by_role("link", name="Registrera utfallet av informationsmöte med Utfallsdag Testsson")
    expect(item).to_be_visible()
    screenshot(page, "att-gora-start")
    item.click()
    page.wait_for_url(f"{page.base_url}/moten/{meeting.pk}/utfall/")
    page.get_by_label("Genomfört").check()
    page.get_by_label("Anteckningar från mötet").fill("Informerat om projektet.")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{page.base_url}/moten/{meeting.pk}/")
    page.goto(page.base_url + "/")
    expect(todo.get_by_text("Inget att göra just nu.")).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
