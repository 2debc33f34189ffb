"""A caseworker goes from a held multi-party meeting to a recommendation sent to the right agency."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insikt.testing import screenshot, sign_in
from meetings.models import Recommendation, RecommendationStatus, ensure_standard_categories
from meetings.tests.factories import held_multi_party
from participants import services
from participants.models import Participant, Status
from participants.tests.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_writes_and_sends_a_recommendation_after_the_multi_party_meeting(page, demo_staff):
    ensure_standard_categories()  # transactional tests flush what the migration created
    af = demo_staff["af.handlaggare"]
    participant = register(af, first_name="Amina", last_name="Testsson")
    services.register_waivers(
        participant=participant, organisations=[demo_staff["malmo.handlaggare"].organisation],
        valid_from=timezone.localdate(), valid_to=None, form="skriftligt", by=af,
    )  # fmt: skip
    meeting = held_multi_party(participant, af, staff=[af, demo_staff["malmo.handlaggare"]])

    sign_in(page, "af.handlaggare")
    page.goto(f"{page.base_url}/moten/{meeting.pk}/")
    page.get_by_role("link", name="Skriv rekommendation").click()
    page.get_by_label("Kategori").select_option(label="Malmö stad – arbetsmarknadsinsats")
    page.get_by_label("Arbete och jobbsökning").check()
    page.get_by_label("Aktiviteter och planering").check()
    page.get_by_label("Motivering").fill("Vill arbeta inom lager. En kommunal insats i liten grupp bedöms passa.")
    page.get_by_role("button", name="Spara som utkast").click()

    expect(page.get_by_role("heading", name="Rekommendation: Malmö stad – arbetsmarknadsinsats")).to_be_visible()
    expect(page.get_by_text("Rekommendationen är sparad som utkast.")).to_be_visible()
    page.get_by_label("Skickad till").fill("Jobbtorg Malmö, arbetsmarknadssekreterare")
    page.get_by_role("button", name="Spara status").click()

    expect(page.get_by_text("Statusen är ändrad.")).to_be_visible()
    recommendation = Recommendation.objects.get(participant=participant)
    assert recommendation.status == RecommendationStatus.SENT
    assert recommendation.receiving_organisation.code == "ama" and recommendation.meeting_id == meeting.pk
    assert recommendation.sent_on == timezone.localdate()
    assert sorted(recommendation.areas.values_list("area", flat=True)) == ["aktiviteter", "arbete"]
    assert Participant.objects.get(pk=participant.pk).status == Status.RECOMMENDED
    expect(page.locator(".status-history").get_by_text("Utkast → Skickad")).to_be_visible()
    screenshot(page, "rekommendation-skickad")

    # The receiving organisation finds it in its own list.
    page.get_by_role("button", name="Logga ut").click()
    sign_in(page, "malmo.handlaggare")
    page.goto(f"{page.base_url}/rekommendationer/till-oss/")
    expect(page.get_by_role("link", name="Amina Testsson")).to_be_visible()
