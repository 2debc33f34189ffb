"""Meetings are seen exactly when their participant is: filtered in SQL, 404 otherwise."""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from insikt.access import log_access
from insikt.models import AccessLog
from meetings.models import Meeting, MeetingAttendee, MeetingStatus
from participants.access import VIEW, visible_participants


def visible_meetings(user, perm: str = VIEW) -> QuerySet[Meeting]:
    return Meeting.objects.filter(participant__in=visible_participants(user, perm))


def get_meeting_for_request(
    request, pk, perm: str = VIEW, *, detail: str = "", action=AccessLog.Action.VIEW
) -> Meeting:
    """The meeting if this user may see its participant, with the read in the access log; 404 otherwise."""
    meeting = get_object_or_404(
        visible_meetings(request.user, perm).select_related("participant__registering_organisation", "booked_by"),
        pk=pk,
    )
    log_access(request, meeting.participant_id, action, f"möte {meeting.pk}" + (f" ({detail})" if detail else ""))
    return meeting


def location_hidden(meeting: Meeting, user, attendees=None) -> bool:
    """A meeting about a person with protected personal data: its place and video link are shown to the booker's
    organisation and to those who attend, never to other organisations' staff (`attendees`: already loaded)."""
    if not meeting.participant.has_protected_identity or meeting.booked_by.organisation_id == user.organisation_id:
        return False
    if attendees is not None:
        return not any(a.user_id == user.pk for a in attendees)
    return not meeting.attendees.filter(user=user).exists()


def my_meetings(user) -> QuerySet[Meeting]:
    """The meetings the user attends as staff or has booked, among those they may see.

    Read from the user's own rows, a union of two indexed lookups, so that the cost follows the user's
    meetings and not the register's: written as `booked_by = me OR EXISTS (attends)`, PostgreSQL filtered
    every meeting of the week or of the past before it could tell which were the user's."""
    booked = Meeting.objects.filter(booked_by=user).order_by().values("pk")
    attended = MeetingAttendee.objects.filter(user=user).order_by().values("meeting_id")
    return visible_meetings(user).filter(pk__in=booked.union(attended))


def this_week(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Those starting Monday to Sunday of the current week (local time), cancelled ones left out."""
    today = timezone.localdate()
    monday = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time.min))
    return meetings.filter(starts_at__gte=monday, starts_at__lt=monday + timedelta(days=7)).exclude(
        status=MeetingStatus.CANCELLED
    )
