"""Notifications: who hears of what, and that a text names a person only if the recipient may see them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.models import Notification
from meetings import services as meeting_services
from meetings.models import AttendeeKind, MeetingAttendee, MeetingKind, MeetingStatus
from meetings.tests.factories import book, consent, recommend, send
from participants import services as participant_services
from participants import tasks
from participants.tests.factories import register


@pytest.fixture
def staff(demo_staff):
    return demo_staff


def texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_a_waiver_tells_the_named_organisation_and_its_withdrawal_names_no_one(staff, orgs):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    participant = register(af, first_name="Hemliga", last_name="Personen")
    consent(participant, af)
    [waiver] = participant_services.register_waivers(participant=participant, organisations=[orgs["ama"]],
                                                     valid_from=timezone.localdate(), valid_to=None,
                                                     form="skriftligt", by=af)  # fmt: skip
    [registered] = texts(malmo)
    assert "Hemliga Personen" in registered and not texts(af)  # never the one who did it
    book(participant, af, kind=MeetingKind.MULTI_PARTY, staff=[af, malmo])
    Notification.objects.all().delete()

    participant_services.withdraw_waiver(waiver=waiver, withdrawn_on=timezone.localdate(), reason="Vill inte",
                                         by=af)  # fmt: skip
    [withdrawn] = texts(malmo)
    assert "återkallats" in withdrawn and "1 bokat möte påverkas" in withdrawn
    assert "Hemliga" not in withdrawn and "Personen" not in withdrawn
    assert Notification.objects.get(user=malmo).url == ""


def test_a_waiver_that_starts_later_names_no_one_yet(staff, orgs):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    participant = register(af, first_name="Senare")
    consent(participant, af)
    participant_services.register_waivers(participant=participant, organisations=[orgs["ama"]],
                                          valid_from=timezone.localdate() + timedelta(days=5), valid_to=None,
                                          form="skriftligt", by=af)  # fmt: skip
    [text] = texts(malmo)
    assert "gäller från" in text and "Senare" not in text


def test_a_recommendation_sent_tells_the_receiving_organisation(staff):
    af = staff["af.handlaggare"]
    participant = register(af, first_name="Mottagen")
    send(recommend(participant, af), af)
    receivers = Notification.objects.exclude(user=af)
    assert receivers.exists()
    for notification in receivers.select_related("user"):
        recommendation_org = notification.user.organisation
        if recommendation_org == af.organisation:
            assert "Mottagen" in notification.text
        else:  # an organisation that may not see the person: no name
            assert "Mottagen" not in notification.text and notification.url == ""


def test_attendees_hear_of_a_booking_a_move_and_a_cancellation(staff):
    af, leader = staff["af.handlaggare"], staff["projektledare"]
    participant = register(af, first_name="Mötes")
    meeting = book(participant, af, staff=[af, leader])
    assert [t.split(":")[0] for t in texts(leader)] == ["Nytt möte"] and not texts(af)
    attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=u) for u in (af, leader)]
    meeting.starts_at += timedelta(days=1)
    meeting = meeting_services.update_meeting(meeting=meeting, attendees=attendees, expected_version=meeting.version,
                                              by=af, allow_overlap=True)  # fmt: skip
    meeting_services.record_outcome(meeting=meeting, status=MeetingStatus.CANCELLED, cancel_reason="Sjuk", notes="",
                                    expected_version=meeting.version, by=af)  # fmt: skip
    assert sorted(t.split(":")[0] for t in texts(leader)) == ["Mötet är flyttat", "Mötet är inställt", "Nytt möte"]


def test_a_task_assigned_tells_the_assignee(staff):
    af, leader = staff["af.handlaggare"], staff["projektledare"]
    participant = register(af, first_name="Uppgifts")
    tasks.create_task(participant=participant, title="Ring", due_on=timezone.localdate(), assigned_to=leader, by=af)
    [text] = texts(leader)
    assert text.startswith("Ny uppgift från") and "Uppgifts" in text


def test_the_header_counts_unread_and_the_page_marks_them_read(client, staff):
    leader = staff["projektledare"]
    Notification.objects.create(user=leader, text="Ett", url="/")
    Notification.objects.create(user=leader, text="Två")
    Notification.objects.create(user=staff["af.handlaggare"], text="Någon annans")
    client.force_login(leader)
    assert '2<span class="visually-hidden"> olästa</span>' in client.get("/deltagare/").content.decode()
    page = client.get("/aviseringar/").content.decode()
    assert "Ett" in page and "Två" in page and "Någon annans" not in page
    assert not Notification.objects.filter(user=leader, read_at__isnull=True).exists()
    assert "olästa" not in client.get("/deltagare/").content.decode()
