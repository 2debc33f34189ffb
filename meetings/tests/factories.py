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
