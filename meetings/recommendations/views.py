"""Recommendation pages: write, read, send and follow up, the hand-over PDF, and the two work lists.

Every page goes through the participant's access check (404 to outsiders) and writes the access log
with the recommendation's opaque id, never personal data.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog
from insikt.paging import page_of
from meetings.forms import add_service_error
from meetings.models import AWAITING_OUTCOME, MeetingKind, MeetingStatus, Recommendation
from meetings.recommendations import services
from meetings.recommendations.access import (
    follow_up_due,
    get_recommendation_for_request,
    mine,
    recommendations_to_us,
)
from meetings.recommendations.forms import RecommendationForm, StatusForm
from meetings.recommendations.pdf import handover_pdf, includes_identity
from participants.access import CHANGE, get_participant_for_request

PAGE_SIZE = 25
LIST_RELATED = ["participant", "category", "receiving_organisation"]


@participant_view
def recommendation_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ny rekommendation (formulär)")
    held = participant.meetings.filter(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD)
    initial = {}
    if (chosen := request.GET.get("mote")) and held.filter(pk=chosen).exists():
        initial["meeting"] = chosen
    form = RecommendationForm(request.POST or None, participant=participant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation, created = services.create_recommendation(
                recommendation=form.save(commit=False),
                areas=form.cleaned_data["areas"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if created:
                detail = f"rekommendation skapad {recommendation.pk}"
                log_access(request, participant.pk, AccessLog.Action.CHANGE, detail)
                messages.success(request, _("Rekommendationen är sparad som utkast. Skicka den när den är klar."))
            else:
                messages.info(request, _("Rekommendationen var redan sparad. Den har inte sparats en gång till."))
            return redirect("meetings:recommendation", pk=recommendation.pk)
    return render(
        request,
        "meetings/recommendation_form.html",
        {
            "form": form,
            "participant": participant,
            "has_meeting": held.exists(),
            "multi_party_kind": MeetingKind.MULTI_PARTY,
            "blocked": services.ended_error(participant),
            "title": _("Ny rekommendation"),
        },
    )


@participant_view
def recommendation_detail(request, pk):
    recommendation = get_recommendation_for_request(request, pk)
    return render(
        request,
        "meetings/recommendation_detail.html",
        {
            "r": recommendation,
            "participant": recommendation.participant,
            "areas": recommendation.areas.all(),
            "history": recommendation.status_changes.select_related("changed_by"),
            "status_form": StatusForm(recommendation=recommendation) if recommendation.next_statuses else None,
            "identity": includes_identity(recommendation),
            "waiver_problem": services.waiver_error(recommendation),
        },
    )


@participant_view
def recommendation_edit(request, pk):
    recommendation = get_recommendation_for_request(request, pk, CHANGE, detail="ändra")
    participant = recommendation.participant
    form = RecommendationForm(request.POST or None, instance=recommendation, participant=participant)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recommendation(
                recommendation=form.save(commit=False),
                areas=form.cleaned_data["areas"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AlreadySaved:
            messages.info(request, _("Ändringarna var redan sparade."))
            return redirect("meetings:recommendation", pk=recommendation.pk)
        except ConcurrentEditError:
            conflict = True
            saved = Recommendation.objects.get(pk=recommendation.pk)
            form = rebound_to_saved(RecommendationForm, request, saved, participant=participant)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, f"rekommendation ändrad {recommendation.pk}")
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("meetings:recommendation", pk=recommendation.pk)
    return render(
        request,
        "meetings/recommendation_form.html",
        {
            "form": form,
            "participant": participant,
            "recommendation": recommendation,
            "has_meeting": True,
            "conflict": conflict,
            "title": _("Ändra rekommendation"),
        },
    )


@participant_view
def recommendation_status(request, pk):
    recommendation = get_recommendation_for_request(request, pk, CHANGE, detail="status")
    participant = recommendation.participant
    if not recommendation.next_statuses:
        messages.info(request, _("Rekommendationen har ett slutligt utfall; statusen kan inte ändras."))
        return redirect("meetings:recommendation", pk=recommendation.pk)
    form = StatusForm(request.POST or None, recommendation=recommendation)
    conflict = False
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "form_token")}
        try:
            services.change_status(
                recommendation=recommendation,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
                **fields,
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AlreadySaved:
            messages.info(request, _("Statusen var redan ändrad."))
            return redirect("meetings:recommendation", pk=recommendation.pk)
        except ConcurrentEditError:
            # Nothing is overwritten: show what is saved now, keep what was typed, and let the user decide.
            conflict = True
            recommendation = Recommendation.objects.select_related("receiving_organisation", "participant").get(
                pk=recommendation.pk
            )
            form = rebound_to_saved(
                StatusForm, request, recommendation, model_form=False, recommendation=recommendation
            )
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, f"rekommendation status {recommendation.pk}")
            messages.success(request, _("Statusen är ändrad."))
            return redirect("meetings:recommendation", pk=recommendation.pk)
    return render(
        request,
        "meetings/recommendation_status.html",
        {"form": form, "r": recommendation, "participant": participant, "conflict": conflict},
    )


@participant_view
def recommendation_handover(request, pk):
    recommendation = get_recommendation_for_request(request, pk, detail="överlämning", action=AccessLog.Action.FILE)
    response = HttpResponse(handover_pdf(recommendation), content_type="application/pdf")
    # No name in the file name: it shows in download lists and mail attachments.
    response["Content-Disposition"] = f'attachment; filename="rekommendation-{str(recommendation.pk)[:8]}.pdf"'
    return response


@participant_view
def recommendations_for_us(request):
    """Rekommendationer till oss: sent to the user's organisation, for participants the organisation may see."""
    queryset = recommendations_to_us(request.user).select_related(*LIST_RELATED)
    status = request.GET.get("status", "")
    if status == "vantar":
        queryset = queryset.filter(status__in=AWAITING_OUTCOME)
    page = page_of(queryset.order_by("-sent_on", "-created_at"), request.GET.get("sida"), PAGE_SIZE)
    return render(
        request,
        "meetings/recommendation_list.html",
        {"page": page, "tab": "till-oss", "status": status, "title": _("Rekommendationer till oss")},
    )


@participant_view
def recommendations_follow_up(request):
    """Sent or received recommendations whose follow-up date has come, oldest first."""
    queryset = follow_up_due(request.user).select_related(*LIST_RELATED)
    only_mine = bool(request.GET.get("mina"))
    if only_mine:
        queryset = mine(queryset, request.user)
    page = page_of(queryset.order_by("follow_up_on", "sent_on"), request.GET.get("sida"), PAGE_SIZE)
    return render(
        request,
        "meetings/recommendation_list.html",
        {"page": page, "tab": "uppfoljning", "mine": only_mine, "title": _("Rekommendationer att följa upp")},
    )
