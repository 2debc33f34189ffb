"""Meetings and recommendations that could reach states the rules forbid, each reproduced once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import AttendeeKind, MeetingAttendee, MeetingKind, MeetingStatus
from meetings.recommendations import services as recommendation_services
from meetings.tests.factories import book, consent, held_multi_party, recommend, send
from participants import services as participant_services
from participants.models import Participant


@pytest.fixture
def af(world):
    return world["staff"]["af.handlaggare"]


def outcome(meeting, by, status, reason=""):
    return services.record_outcome(meeting=meeting, status=status, cancel_reason=reason, notes="",
                                   expected_version=meeting.version, by=by)  # fmt: skip


def test_a_cancelled_or_missed_meeting_is_never_booked_again(client, world, af):
    for status, reason in ((MeetingStatus.CANCELLED, "Sjuk"), (MeetingStatus.NO_SHOW, "")):
        meeting = book(world["own"], af, starts_at=timezone.now() - timedelta(days=1))
        meeting = outcome(meeting, af, status, reason)
        with pytest.raises(ValidationError) as error:
            outcome(meeting, af, MeetingStatus.BOOKED)
        assert "Boka ett nytt möte" in error.value.message_dict["status"][0]
        client.force_login(af)
        form = client.get(f"/moten/{meeting.pk}/utfall/").context["form"]
        assert MeetingStatus.BOOKED not in [value for value, _ in form.fields["status"].choices]


def test_a_meeting_that_is_not_booked_cannot_get_new_attendees(client, world, af):
    eb = world["staff"]["socialsekreterare"]  # no waiver names Ekonomiskt bistånd for `own`
    meeting = book(world["own"], af, starts_at=timezone.now() - timedelta(days=1))
    meeting = outcome(meeting, af, MeetingStatus.CANCELLED, "Sjuk")
    attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=af), MeetingAttendee(kind=AttendeeKind.STAFF, user=eb)]
    with pytest.raises(ValidationError) as error:
        services.update_meeting(meeting=meeting, attendees=attendees, expected_version=meeting.version, by=af)
    assert "kan inte ändras längre" in error.value.messages[0]
    assert not meeting.attendees.filter(user=eb).exists()
    client.force_login(af)
    response = client.get(f"/moten/{meeting.pk}/andra/")
    assert response.status_code == 302 and response.url == f"/moten/{meeting.pk}/"


def test_a_recommendation_is_not_sent_before_its_meeting(world, af):
    meeting = held_multi_party(world["own"], af, days_ago=10)
    draft = recommend(world["own"], af, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        send(draft, af, sent_on=timezone.localdate() - timedelta(days=400))
    assert "före flerpartsmötet" in error.value.message_dict["sent_on"][0]


@pytest.mark.parametrize("leave", ["close", "decline"])
def test_a_draft_is_not_sent_after_the_participant_has_left(world, af, leave):
    participant = world["own"]
    draft = recommend(participant, af)
    participant = Participant.objects.get(pk=participant.pk)
    if leave == "close":
        participant_services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                                               expected_version=participant.version, by=af)  # fmt: skip
    else:
        participant_services.change_status(participant=participant, to_status="avbojt", reason="Vill inte",
                                           expected_version=participant.version, by=af)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        send(draft, af)
    assert "Deltagaren" in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert draft.is_draft


def test_consent_is_needed_again_after_it_was_withdrawn(world, af):
    participant = world["own"]
    given = consent(participant, af)
    participant_services.withdraw_consent(consent=given, withdrawn_on=timezone.localdate(), reason="Nej", by=af)
    with pytest.raises(ValidationError):
        book(participant, af, kind=MeetingKind.MULTI_PARTY)


# Every transition from every state, through the services: what the rules allow and nothing else.
MEETING_MOVES = {
    MeetingStatus.BOOKED: set(MeetingStatus.values),
    MeetingStatus.HELD: {MeetingStatus.HELD},
    MeetingStatus.CANCELLED: {MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW, MeetingStatus.HELD},
    MeetingStatus.NO_SHOW: {MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW, MeetingStatus.HELD},
}


@pytest.mark.parametrize("start", MeetingStatus.values)
@pytest.mark.parametrize("target", MeetingStatus.values)
def test_every_meeting_outcome_from_every_status(world, af, start, target):
    from meetings.models import Meeting

    meeting = book(world["own"], af, starts_at=timezone.now() - timedelta(hours=3))
    Meeting.objects.filter(pk=meeting.pk).update(status=start, cancel_reason="Sjuk" if start == "installt" else "")
    meeting = Meeting.objects.get(pk=meeting.pk)
    try:
        outcome(meeting, af, target, "Sjuk")
    except ValidationError:
        allowed = False
    else:
        allowed = True
    assert allowed == (target in MEETING_MOVES[start])
    assert Meeting.objects.get(pk=meeting.pk).status == (target if allowed else start)
    attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=af)]
    meeting = Meeting.objects.get(pk=meeting.pk)
    try:
        services.update_meeting(meeting=meeting, attendees=attendees, expected_version=meeting.version, by=af,
                                allow_overlap=True)  # fmt: skip
    except ValidationError:
        changed = False
    else:
        changed = True
    assert changed == (meeting.status == MeetingStatus.BOOKED)


@pytest.mark.parametrize("start", ["utkast", "skickad", "mottagen", "genomford", "ej_genomford", "okant"])
@pytest.mark.parametrize("target", ["utkast", "skickad", "mottagen", "genomford", "ej_genomford", "okant"])
def test_every_recommendation_status_from_every_status(world, af, start, target):
    from meetings.models import TRANSITIONS, Recommendation

    recommendation = recommend(world["own"], af)
    Recommendation.objects.filter(pk=recommendation.pk).update(
        status=start, sent_on=None if start == "utkast" else timezone.localdate(), outcome_reason="Skäl"
    )
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    try:
        recommendation_services.change_status(recommendation=recommendation, to_status=target, by=af,
                                              expected_version=recommendation.version, sent_on=timezone.localdate(),
                                              sent_to="Enheten", outcome_reason="Skäl")  # fmt: skip
    except ValidationError:
        allowed = False
    else:
        allowed = True
    assert allowed == (target in TRANSITIONS[start])


def test_a_completed_review_is_not_made_a_draft_once_the_participant_has_moved_on(demo_staff):
    from meetings.models import HistoryReview
    from participants.models import Status
    from participants.tests.factories import register

    af = demo_staff["af.handlaggare"]

    def save(review, completed):
        return services.save_review(review=review, completed=completed, programmes=[], benefits=[], events=[],
                                    expected_version=review.version, by=af)[0]  # fmt: skip

    waiting = register(af)  # no consent yet: completing the review moves nothing, so it may be undone
    review = save(HistoryReview(participant=waiting, organisation=af.organisation), True)
    assert save(HistoryReview.objects.get(pk=review.pk), False).completed_on is None

    participant = register(af)
    consent(participant, af)
    review = save(HistoryReview(participant=Participant.objects.get(pk=participant.pk), organisation=af.organisation),
                  True)  # fmt: skip
    assert Participant.objects.get(pk=participant.pk).status == Status.REVIEWED
    with pytest.raises(ValidationError) as refused:
        save(HistoryReview.objects.get(pk=review.pk), False)
    assert "utkast" in refused.value.message_dict["completed"][0]
    assert HistoryReview.objects.get(pk=review.pk).completed_on is not None
