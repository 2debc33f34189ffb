from datetime import timedelta

from django.utils import timezone

from meetings import services
from meetings.models import AttendeeKind, Meeting, MeetingAttendee, MeetingKind
from participants import services as participant_services


def consent(participant, by):
    return participant_services.register_consent(
        participant=participant, given_on=timezone.localdate(), form="skriftligt", by=by
    )


def book(participant, by, *, kind=MeetingKind.INFORMATION, starts_at=None, staff=None, minutes=60, **fields):
    """A meeting booked through the service, as the booking page does (rules and overlap check skipped)."""
    meeting = Meeting(
        participant=participant,
        kind=kind,
        starts_at=starts_at or timezone.now() + timedelta(days=3),
        duration_minutes=minutes,
        place=fields.pop("place", "Jobbtorg Malmö"),
        **fields,
    )
    attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=u) for u in (staff or [by])]
    attendees.append(MeetingAttendee(kind=AttendeeKind.PARTICIPANT))
    return services.book_meeting(meeting=meeting, attendees=attendees, by=by, allow_overlap=True).meeting


def hold(meeting, by):
    return services.record_outcome(
        meeting=meeting, status="genomfort", cancel_reason="", notes="", expected_version=meeting.version, by=by
    )


def held_multi_party(participant, by, *, days_ago=1, staff=None):
    """A multi-party meeting that took place and is recorded as held (consent is registered if missing)."""
    from meetings.services import has_active_consent

    if not has_active_consent(participant):
        consent(participant, by)
    meeting = book(
        participant,
        by,
        kind=MeetingKind.MULTI_PARTY,
        starts_at=timezone.now() - timedelta(days=days_ago, hours=2),
        staff=staff,
    )
    return hold(meeting, by)


def recommend(participant, by, *, meeting=None, category=None, receiver=None, areas=("arbete",), **fields):
    """A draft recommendation written through the service, as the page does."""
    from meetings.models import Recommendation, RecommendationCategory
    from meetings.recommendations import services as recommendation_services

    category = category or RecommendationCategory.objects.get(name="Arbetsförmedlingen – matchning och jobbsökning")
    recommendation = Recommendation(
        participant=participant,
        meeting=meeting or held_multi_party(participant, by),
        category=category,
        receiving_organisation=receiver or category.default_receiving_organisation,
        rationale=fields.pop("rationale", "Behöver stöd i matchning mot lediga jobb inom lager."),
        **fields,
    )
    return recommendation_services.create_recommendation(recommendation=recommendation, areas=list(areas), by=by)[0]


def send(recommendation, by, *, sent_on=None, sent_to="AF Malmö Centrum", follow_up_on=None):
    from meetings.recommendations import services as recommendation_services

    return recommendation_services.change_status(
        recommendation=recommendation,
        to_status="skickad",
        expected_version=recommendation.version,
        by=by,
        sent_on=sent_on or timezone.localdate(),
        sent_to=sent_to,
        follow_up_on=follow_up_on,
    )
