"""Registering and editing a participant, the duplicate check, and requests for access to one held elsewhere."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from participants import services
from participants.access import CHANGE, access_requests_to_answer, get_participant_for_request
from participants.forms import (
    AccessAnswerForm,
    AccessRequestForm,
    ParticipantForm,
    duplicate_checks_exhausted,
)
from participants.models import (
    AccessRequest,
    Participant,
)


@participant_view
def participant_create(request):
    if not request.user.organisation.registers_participants:
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, checked_by=request.user)
    access_request_form = None
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        participant = form.save(commit=False)
        try:
            services.register_participant(participant=participant, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(request, participant.pk, AccessLog.Action.CREATE)
            messages.success(request, _("%(name)s är anmäld till projektet.") % {"name": participant.full_name})
            # The second step: the state at registration, the baseline the outcomes are measured against.
            return redirect(reverse("participants:outcome", args=[participant.pk, "anmalan"]) + "?ny=1")
    log_duplicate_check(request, form, "anmälan")
    if form.already_registered:
        access_request_form = AccessRequestForm(initial={"personnummer": form.data.get("personnummer")})
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "access_request_form": access_request_form, "checking": "check" in request.POST},
    )


def log_duplicate_check(request, form, where: str) -> None:
    """The form told this user that the person is already in Insikt: that is logged as its own event."""
    if form.duplicate_of:
        log_access(request, form.duplicate_of, AccessLog.Action.DUPLICATE_CHECK, f"{where}: personen finns redan")


@participant_view
@require_POST
def access_request(request):
    """Ask for access to a person registered elsewhere. The answer is the same whoever holds the person."""
    form = AccessRequestForm(request.POST)
    if duplicate_checks_exhausted(request.user):
        # The list of requests shows whether the person exists: the same limit as the duplicate check.
        messages.error(request, _("Du har gjort många kontroller den senaste timmen. Försök igen senare."))
        return redirect("participants:access_requests")
    if form.is_valid():
        made = services.request_access(
            number=form.cleaned_data["personnummer"], message=form.cleaned_data["message"], by=request.user
        )
        if made is not None:
            log_access(request, made.participant_id, AccessLog.Action.DUPLICATE_CHECK, "begäran om åtkomst")
    messages.info(
        request,
        _(
            "Din begäran har skickats till den organisation som registrerat personen. "
            "De kan be personen om ett sekretessgenombrott mot din organisation. Svaret ser du under "
            "”Begäranden om åtkomst”."
        ),
    )
    return redirect("participants:access_requests")


@participant_view
def access_requests(request):
    """Requests waiting for the user's organisation to answer (its own participants), and the requests it has
    made, with their answers; a request made never says who the person is."""
    to_answer = access_requests_to_answer(request.user).select_related("participant", "organisation", "requested_by")
    made = AccessRequest.objects.filter(organisation_id=request.user.organisation_id).select_related(
        "requested_by", "handled_by"
    )
    context = {"to_answer": to_answer[:100], "requests": made[:100]}
    return render(request, "participants/access_requests.html", context)


@participant_view
@require_POST
def access_request_answer(request, pk, request_pk):
    """The registering organisation answers a request for access to one of its participants."""
    participant = get_participant_for_request(request, pk, CHANGE, detail="besvara begäran om åtkomst")
    access = get_object_or_404(AccessRequest, pk=request_pk, participant=participant)
    form = AccessAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj ett svar på begäran om åtkomst."))
        return redirect("participants:detail", pk=participant.pk)
    try:
        services.answer_access_request(request=access, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "begäran om åtkomst besvarad")
        messages.success(request, _("Begäran om åtkomst är besvarad."))
    return redirect("participants:detail", pk=participant.pk)


@participant_view
def participant_edit(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ändra uppgifter")
    form = ParticipantForm(request.POST or None, instance=participant, checked_by=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        expected = form.cleaned_data["version"] or 0
        try:
            services.update_participant(participant=form.save(commit=False), expected_version=expected, by=request.user)
        except ConcurrentEditError:
            saved = Participant.objects.get(pk=pk)
            conflict = conflicting_fields(form, saved)
            form = rebound_to_saved(ParticipantForm, request, saved, checked_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "uppgifter")
            messages.success(request, _("Ändringarna är sparade."))
            if form.address_removed:
                messages.info(
                    request, _("Adressen är borttagen: för en person med skyddade personuppgifter sparas ingen adress.")
                )
            return redirect("participants:detail", pk=participant.pk)
    log_duplicate_check(request, form, "ändring")
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "participant": participant, "conflict": conflict, "checking": "check" in request.POST},
    )


def conflicting_fields(form, saved):
    """The fields where what was saved meanwhile differs from what this user typed."""
    labels = []
    for name in form.Meta.fields:
        if name in form.cleaned_data and form.cleaned_data[name] != getattr(saved, name):
            labels.append(str(form.fields[name].label))
    return labels
