"""Mina möten, one meeting's page and its calendar file."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from insikt.decorators import participant_view
from insikt.models import AccessLog
from insikt.paging import page_of
from meetings.access import get_meeting_for_request, location_hidden, my_meetings, this_week
from meetings.ics import meeting_calendar
from meetings.models import AttendeeKind, MeetingKind, MeetingStatus

PAGE_SIZE = 25


@participant_view
def meeting_list(request):
    """The user's meetings: those they attend as staff or booked, upcoming first, then the past ones."""
    now = timezone.now()
    meetings = my_meetings(request.user).select_related("participant")
    week = bool(request.GET.get("vecka"))
    if week:  # the start page's "this week" number links here
        meetings = this_week(meetings)
    upcoming = page_of(meetings.filter(ends_at__gte=now).order_by("starts_at"), request.GET.get("kommande"), PAGE_SIZE)
    past = page_of(meetings.filter(ends_at__lt=now).order_by("-starts_at"), request.GET.get("tidigare"), PAGE_SIZE)
    return render(request, "meetings/meeting_list.html", {"upcoming": upcoming, "past": past, "week": week})


@participant_view
def meeting_detail(request, pk):
    meeting = get_meeting_for_request(request, pk)
    attendees = list(meeting.attendees.select_related("user__organisation"))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "participant": meeting.participant,
            "location_hidden": location_hidden(meeting, request.user, attendees),
            "staff": [a for a in attendees if a.kind == AttendeeKind.STAFF],
            "others": [a for a in attendees if a.kind != AttendeeKind.STAFF],
            "is_information": meeting.kind == MeetingKind.INFORMATION,
            "awaits_outcome": meeting.status == MeetingStatus.BOOKED and meeting.ends_at < timezone.now(),
            "recommendations": meeting.recommendations.select_related("category", "receiving_organisation"),
            "findings": meeting.findings.select_related("finding_type", "organisation"),
            "may_record_finding": not meeting.participant.writable_error(),
        },
    )


@participant_view
def meeting_calendar_file(request, pk):
    """The meeting as an .ics file for Outlook. It names the kind of meeting and links here; never the person."""
    meeting = get_meeting_for_request(request, pk, detail="kalenderfil", action=AccessLog.Action.FILE)
    url = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))
    shown = not location_hidden(meeting, request.user)
    calendar = meeting_calendar(meeting, url=url, now=timezone.now(), with_location=shown)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    day = timezone.localtime(meeting.starts_at)
    response["Content-Disposition"] = f'attachment; filename="insikt-mote-{day:%Y-%m-%d-%H%M}.ics"'
    return response
