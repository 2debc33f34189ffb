"""Meetings and history reviews are seen exactly when their participant is: filtered in SQL, 404 otherwise."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from meetings.models import HistoryReview, Meeting, MeetingAttendee, MeetingStatus
from participants.access import VIEW, visible_participants


def visible_meetings(user, perm: str = VIEW) -> QuerySet[Meeting]:
    return Meeting.objects.filter(participant__in=visible_participants(user, perm))


def get_meeting_for_user(user, pk, perm: str = VIEW) -> Meeting:
    """The meeting if this user may see its participant; 404 otherwise, as for one that does not exist."""
    return get_object_or_404(
        visible_meetings(user, perm).select_related("participant__registering_organisation", "booked_by"), pk=pk
    )


def my_meetings(user) -> QuerySet[Meeting]:
    """The meetings the user attends as staff or has booked, among those they may see."""
    attends = MeetingAttendee.objects.filter(meeting=OuterRef("pk"), user=user)
    return visible_meetings(user).filter(Q(booked_by=user) | Exists(attends))


def visible_reviews(user, perm: str = VIEW) -> QuerySet[HistoryReview]:
    return HistoryReview.objects.filter(participant__in=visible_participants(user, perm))


def this_week(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Those starting Monday to Sunday of the current week (local time), cancelled ones left out."""
    today = timezone.localdate()
    monday = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time.min))
    return meetings.filter(starts_at__gte=monday, starts_at__lt=monday + timedelta(days=7)).exclude(
        status=MeetingStatus.CANCELLED
    )
