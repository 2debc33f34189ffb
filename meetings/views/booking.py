"""Booking a meeting, changing it, and recording how it went."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog
from meetings import services
from meetings.access import get_meeting_for_request, location_hidden
from meetings.forms import MeetingForm, OutcomeForm, add_service_error, other_attendees_formset
from meetings.models import Meeting, MeetingKind
from participants.access import CHANGE, get_participant_for_request


@participant_view
def meeting_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="boka möte (formulär)")
    has_consent = services.has_active_consent(participant)
    initial = {"kind": request.GET.get("typ") or (MeetingKind.MULTI_PARTY if has_consent else MeetingKind.INFORMATION)}
    form = MeetingForm(request.POST or None, participant=participant, user=request.user, initial=initial)
    others = other_attendees_formset(request.POST or None)
    warnings = []
    if request.method == "POST" and form.is_valid() and others.is_valid():
        meeting = form.save(commit=False)
        meeting.participant = participant
        try:
            booking = services.book_meeting(
                meeting=meeting,
                attendees=form.attendees(others),
                by=request.user,
                token=form.cleaned_data["form_token"],
                allow_overlap=form.cleaned_data["confirm_overlap"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except services.OverlapWarning as warning:
            warnings = warning.messages
        else:
            if booking.created:
                log_access(request, participant.pk, AccessLog.Action.CHANGE, f"möte bokat {booking.meeting.pk}")
                messages.success(request, _("Mötet är bokat."))
            else:
                messages.info(request, _("Mötet var redan bokat. Det har inte bokats en gång till."))
            return redirect("meetings:detail", pk=booking.meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "others": others,
            "participant": participant,
            "warnings": warnings,
            "has_consent": has_consent,
            "closed": services.closed_error(participant),
            "title": _("Boka möte"),
        },
    )


@participant_view
def meeting_edit(request, pk):
    meeting = get_meeting_for_request(request, pk, CHANGE, detail="ändra")
    participant = meeting.participant
    if message := services.booking_closed_error(meeting):
        messages.info(request, message)
        return redirect("meetings:detail", pk=meeting.pk)
    if location_hidden(meeting, request.user):  # the form would show the place
        messages.info(request, _("Mötet kan bara ändras av den bokande organisationen och av dem som deltar."))
        return redirect("meetings:detail", pk=meeting.pk)
    form = MeetingForm(request.POST or None, instance=meeting, participant=participant, user=request.user)
    others = other_attendees_formset(request.POST or None, meeting=meeting)
    warnings, conflict = [], False
    if request.method == "POST" and form.is_valid() and others.is_valid():
        try:
            services.update_meeting(
                meeting=form.save(commit=False),
                attendees=form.attendees(others),
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
                allow_overlap=form.cleaned_data["confirm_overlap"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except services.OverlapWarning as warning:
            warnings = warning.messages
        except AlreadySaved:
            messages.info(request, _("Ändringarna var redan sparade."))
            return redirect("meetings:detail", pk=meeting.pk)
        except ConcurrentEditError:
            conflict = True
            form, others = rebind_after_conflict(request, meeting.pk, participant, MeetingForm)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, f"möte ändrat {meeting.pk}")
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "others": others,
            "participant": participant,
            "meeting": meeting,
            "warnings": warnings,
            "conflict": conflict,
            "has_consent": True,
            "title": _("Ändra möte"),
        },
    )


def rebind_after_conflict(request, pk, participant, form_class):
    """Keep everything the user typed, bound to the version saved meanwhile: a deliberate second save goes through."""
    saved = Meeting.objects.get(pk=pk)
    form = rebound_to_saved(form_class, request, saved, participant=participant, user=request.user)
    others = other_attendees_formset(form.data, meeting=saved)
    others.is_valid()
    return form, others


@participant_view
def meeting_outcome(request, pk):
    meeting = get_meeting_for_request(request, pk, CHANGE, detail="utfall")
    form = OutcomeForm(request.POST or None, instance=meeting)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                meeting=form.instance,
                status=form.cleaned_data["status"],
                cancel_reason=form.cleaned_data["cancel_reason"],
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AlreadySaved:
            messages.info(request, _("Utfall och anteckningar var redan sparade."))
            return redirect("meetings:detail", pk=meeting.pk)
        except ConcurrentEditError:
            conflict = True
            form = rebound_to_saved(OutcomeForm, request, Meeting.objects.get(pk=meeting.pk))
        else:
            log_access(request, meeting.participant_id, AccessLog.Action.CHANGE, f"mötesutfall {meeting.pk}")
            messages.success(request, _("Utfall och anteckningar är sparade."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/outcome_form.html",
        {"form": form, "meeting": meeting, "participant": meeting.participant, "conflict": conflict},
    )
