"""Closing a participant offers to cancel their booked meetings ahead, and the attendees hear of it."""

from datetime import timedelta

from django.utils import timezone

from insikt.models import Notification
from meetings.models import MeetingStatus
from meetings.tests.factories import book
from participants.tests.factories import register


def close_data(participant, **extra):
    return {"reason": "arbete", "note": "", "closed_on": timezone.localdate().isoformat(),
            "version": participant.version, "occupation": "arbete", "supports": ["lon"], **extra}  # fmt: skip


def test_the_form_warns_and_closing_cancels_the_meetings_ahead(client, demo_staff):
    af, leader = demo_staff["af.handlaggare"], demo_staff["projektledare"]
    participant = register(af)
    ahead = book(participant, af, starts_at=timezone.now() + timedelta(days=5), staff=[af, leader])
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/avsluta/").content.decode()
    assert "Deltagaren har ett bokat möte framåt." in page
    participant.refresh_from_db()
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", close_data(participant, cancel_meetings="on"))
    assert response.status_code == 302
    ahead.refresh_from_db()
    assert ahead.status == MeetingStatus.CANCELLED and ahead.cancel_reason == "Deltagaren har avslutats."
    assert Notification.objects.filter(user=leader, text__startswith="Mötet är inställt").exists()


def test_without_the_box_the_meetings_stay_booked(client, demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    ahead = book(participant, af, starts_at=timezone.now() + timedelta(days=5))
    client.force_login(af)
    participant.refresh_from_db()
    assert client.post(f"/deltagare/{participant.pk}/avsluta/", close_data(participant)).status_code == 302
    ahead.refresh_from_db()
    assert ahead.status == MeetingStatus.BOOKED
