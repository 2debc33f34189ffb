"""Recording how a meeting went; holding the information and multi-party meetings moves the participant on."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import MeetingStatus
from meetings.services import record_outcome
from meetings.tests.factories import book, consent, hold
from participants.models import Status


def outcome(meeting, **fields):
    return {
        "status": "genomfort",
        "cancel_reason": "",
        "notes": "",
        "version": meeting.version,
        "form_token": str(uuid.uuid4()),
        **fields,
    }


@pytest.fixture
def af(world):
    return world["staff"]["af.handlaggare"]


def yesterday():
    return timezone.now() - timedelta(days=1)


def test_holding_the_information_meeting_makes_the_participant_informed(client, world, af):
    participant = world["own"]
    meeting = book(participant, af, kind="information", starts_at=yesterday())
    client.force_login(af)
    response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, notes="Vill delta. Samtycke nästa vecka."))
    assert response.status_code == 302
    meeting.refresh_from_db()
    participant.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.notes == "Vill delta. Samtycke nästa vecka."
    assert participant.status == Status.INFORMED
    change = participant.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (Status.REGISTERED, Status.INFORMED, af)


def test_holding_the_multi_party_meeting_moves_the_participant_to_meeting_held(world, af):
    participant = world["own"]
    consent(participant, af)
    meeting = book(participant, af, kind="flerpart", starts_at=yesterday())
    hold(meeting, af)
    participant.refresh_from_db()
    assert participant.status == Status.MEETING_HELD
    assert [s.to_status for s in participant.status_changes.all()] == [
        Status.REGISTERED,
        Status.CONSENTED,
        Status.MEETING_HELD,
    ]


def test_a_late_information_meeting_never_moves_the_status_backwards(world, af):
    participant = world["own"]
    consent(participant, af)
    hold(book(participant, af, kind="information", starts_at=yesterday()), af)
    participant.refresh_from_db()
    assert participant.status == Status.CONSENTED
    assert participant.status_changes.count() == 2


def test_a_follow_up_or_cancelled_meeting_leaves_the_status_alone(client, world, af):
    participant = world["own"]
    meeting = book(participant, af, kind="information", starts_at=yesterday())
    client.force_login(af)
    response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, status="installt", cancel_reason="Sjuk"))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.REGISTERED
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED, "Sjuk")


def test_a_cancelled_meeting_needs_a_reason(client, world, af):
    meeting = book(world["own"], af)
    client.force_login(af)
    response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, status="installt", notes="Utkast"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Ange skälet till att mötet ställdes in.") == 1
    assert "Utkast" in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.BOOKED


def test_a_meeting_in_the_future_cannot_be_held_or_missed(client, world, af):
    meeting = book(world["own"], af)
    client.force_login(af)
    for status in ("genomfort", "uteblev"):
        response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, status=status))
        assert "Mötet har inte börjat än." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.BOOKED


def test_a_held_meeting_stays_held_but_its_notes_can_change(client, world, af):
    meeting = book(world["own"], af, starts_at=yesterday())
    hold(meeting, af)
    meeting.refresh_from_db()
    client.force_login(af)
    response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, status="installt", cancel_reason="Fel"))
    assert response.context["form"].fields["status"].choices == [("genomfort", "Genomfört")]
    assert "status" in response.context["form"].errors
    with pytest.raises(ValidationError) as error:
        record_outcome(meeting=meeting, status="installt", cancel_reason="Fel", notes="", expected_version=meeting.version,
                       by=af)  # fmt: skip
    assert "Mötet är registrerat som genomfört" in error.value.message_dict["status"][0]
    response = client.post(f"/moten/{meeting.pk}/utfall/", outcome(meeting, notes="Tillägg"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notes) == (MeetingStatus.HELD, "Tillägg")
    assert world["own"].status_changes.filter(to_status=Status.INFORMED).count() == 1


def test_outcome_of_a_meeting_changed_meanwhile_is_not_saved_over_it(client, world, af):
    meeting = book(world["own"], af, starts_at=yesterday())
    client.force_login(af)
    first = outcome(meeting, notes="Min version")
    second = outcome(meeting, notes="Kollegans version")
    assert client.post(f"/moten/{meeting.pk}/utfall/", second).status_code == 302
    response = client.post(f"/moten/{meeting.pk}/utfall/", first)
    assert "Någon annan har ändrat mötet medan du arbetade." in response.content.decode()
    assert "Min version" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == "Kollegans version"
