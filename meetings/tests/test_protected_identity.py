"""Protected personal data in meetings and recommendations: initials on lists and in notifications, no identity
or address in the hand-over PDF, and a meeting's place only for the booker's organisation and those who attend."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from insikt.models import Notification
from meetings.models import RecommendationCategory
from meetings.tests.factories import book, consent, recommend, send
from participants import services as participant_services
from participants.models import Participant

PLACE = "Jobbtorg Malmö, rum 3"
VIDEO = "https://video.example.se/hemligt-rum"


def protect(participant):
    Participant.objects.filter(pk=participant.pk).update(protected_identity="skyddad_folkbokforing", address="")
    participant.refresh_from_db()
    return participant


@pytest.fixture
def shared_meeting(world):
    """A meeting about `shared` (registered by AF, waiver naming AMA and Ekonomiskt bistånd), booked by AF with
    AMA's caseworker attending; Ekonomiskt bistånd's socialsekreterare sees the person but does not attend."""
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = protect(world["shared"])
    consent(participant, af)
    return book(participant, af, staff=[af, malmo], kind="flerpart", place=PLACE, video_link=VIDEO)


@pytest.mark.parametrize(
    "role, shown",
    [
        ("af.handlaggare", True),  # booked it
        ("projektledare", True),  # the booker's organisation
        ("malmo.handlaggare", True),  # attends
        ("socialsekreterare", False),  # another organisation, not attending
    ],
)
def test_the_meeting_place_is_hidden_from_other_organisations_who_do_not_attend(client, world, shared_meeting, role,
                                                                                shown):  # fmt: skip
    client.force_login(world["staff"][role])
    page = client.get(f"/moten/{shared_meeting.pk}/").content.decode()
    calendar = client.get(f"/moten/{shared_meeting.pk}/kalender.ics").content.decode().replace("\r\n ", "")
    assert (PLACE in page) == shown and (VIDEO in page) == shown
    assert ("Rum 3" in calendar or "rum 3" in calendar) == shown and (VIDEO in calendar) == shown
    if not shown:
        assert "Visas bara för den bokande organisationen och dem som deltar" in page
        assert "LOCATION:\r\n" in client.get(f"/moten/{shared_meeting.pk}/kalender.ics").content.decode()


def test_without_protection_everyone_who_sees_the_meeting_sees_its_place(client, world):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    consent(world["shared"], af)
    meeting = book(world["shared"], af, staff=[af, malmo], kind="flerpart", place=PLACE)
    client.force_login(world["staff"]["socialsekreterare"])
    assert PLACE in client.get(f"/moten/{meeting.pk}/").content.decode()


def test_my_meetings_and_notifications_give_initials(client, world, shared_meeting):
    malmo = world["staff"]["malmo.handlaggare"]
    client.force_login(malmo)
    for url in ("/moten/", "/"):
        page = client.get(url).content.decode()
        assert "Delad" not in page, url
    assert "D. D." in client.get("/moten/").content.decode()
    booked = Notification.objects.filter(user=malmo, url=f"/moten/{shared_meeting.pk}/").get()
    assert "D. D." in booked.text and "Delad" not in booked.text


def test_recommendation_lists_give_initials(client, world):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = protect(world["shared"])
    category = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    send(recommend(participant, af, category=category), af, follow_up_on=timezone.localdate())
    for user, url in ((malmo, "/rekommendationer/till-oss/"), (af, "/rekommendationer/uppfoljning/")):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "D. D." in page and "Delad" not in page, url


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_hand_over_pdf_has_no_identity_or_address(client, world, orgs):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    participant_services.register_waivers(
        participant=participant, organisations=[orgs["ama"]], valid_from=timezone.localdate(), valid_to=None,
        form="skriftligt", by=af,
    )  # fmt: skip
    Participant.objects.filter(pk=participant.pk).update(address="Hemliga vägen 7")
    protect(participant)
    category = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    recommendation = send(recommend(participant, af, category=category), af)
    client.force_login(af)
    response = client.get(f"/rekommendationer/{recommendation.pk}/overlamning.pdf")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True)
    text = " ".join(result.stdout.decode().split())
    assert "skyddade personuppgifter" in text and "Malmö stad – arbetsmarknadsinsats" in text
    for secret in ("Egen", "Hemliga", participant.formatted_personnummer, participant.personnummer[2:8]):
        assert secret not in text, secret


def test_the_booking_form_with_its_place_is_not_opened_by_other_organisations_who_do_not_attend(client, world,
                                                                                               shared_meeting):  # fmt: skip
    client.force_login(world["staff"]["socialsekreterare"])
    response = client.get(f"/moten/{shared_meeting.pk}/andra/", follow=True)
    page = response.content.decode()
    assert "kan bara ändras av den bokande organisationen" in page and PLACE not in page
    client.force_login(world["staff"]["malmo.handlaggare"])  # attends
    assert PLACE in client.get(f"/moten/{shared_meeting.pk}/andra/").content.decode()
