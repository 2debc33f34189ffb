"""The participant page and what is done from it: status, closing and reopening, the responsible caseworker,
scanned documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from participants import outcomes, services, sharing, tasks
from participants.access import CHANGE, access_requests_to_answer, get_participant_for_request, may_take_extract
from participants.forms import (
    AccessAnswerForm,
    ReopenForm,
    ResponsibleForm,
    StatusForm,
)
from participants.models import (
    ENDED,
    Consent,
    Participant,
    SecrecyWaiver,
    Status,
)
from participants.outcome_forms import CloseWithOutcomeForm


@participant_view
def participant_detail(request, pk):
    participant = get_participant_for_request(request, pk)
    consents = participant.consents.select_related("recorded_by", "withdrawal__recorded_by")
    waivers = list(participant.waivers.select_related("organisation", "recorded_by", "withdrawal__recorded_by"))
    current_consent = participant.consents.active().last()
    own_organisation = request.user.organisation
    responsible_now = participant.responsible.filter(organisation=own_organisation).values_list("user", flat=True)
    responsible_now = responsible_now.first()
    registering_error = sharing.registering_organisation_error(participant, request.user)
    for waiver in waivers:
        waiver.may_withdraw = not waiver.has_ended() and not sharing.waiver_withdrawal_error(waiver, request.user)
    context = {
        "participant": participant,
        "consents": consents,
        "current_consent": current_consent,
        "waivers": waivers,
        "status_changes": participant.status_changes.select_related("changed_by"),
        "responsible": participant.responsible.select_related("user", "organisation"),
        "access_requests": access_requests_to_answer(request.user)
        .filter(participant=participant)
        .select_related("organisation", "requested_by"),
        "writable": not participant.anonymised_at,
        "may_take_extract": may_take_extract(request.user, participant),
        "tasks": tasks.visible_tasks(request.user)
        .filter(participant=participant, done_at=None)
        .select_related("assigned_to"),
        "registering_error": registering_error,
        "may_manage": registering_error is None and not participant.anonymised_at,
        "can_close": participant.status not in ENDED,
        "status_form": StatusForm(
            choices=[(s, Status(s).label) for s in services.allowed_next_statuses(participant)],
            initial={"version": participant.version},
        ),
        # The select shows who is responsible now, not "Välj handläggare" as if nobody were.
        "responsible_form": ResponsibleForm(
            organisation=own_organisation, initial={"version": participant.version, "user": responsible_now}
        ),
        "answer_form": AccessAnswerForm(),
        "eligibility_failures": participant.eligibility_failures(),
    }
    return render(request, "participants/participant_detail.html", context)


def refused(request, participant, message):
    """An action this user's organisation may not take on a participant it sees: said, and nothing done."""
    messages.error(request, message)
    return redirect("participants:detail", pk=participant.pk)


@participant_view
@require_POST
def participant_status(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="status")
    choices = [(s, Status(s).label) for s in services.allowed_next_statuses(participant)]
    form = StatusForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            services.change_status(
                participant=participant,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ConcurrentEditError:
            messages.error(
                request, _("Någon annan ändrade deltagaren samtidigt. Statusen sparades inte – försök igen.")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "status")
            messages.success(request, _("Statusen är ändrad."))
    else:
        messages.error(request, _("Välj en status att byta till."))
    return redirect("participants:detail", pk=participant.pk)


@participant_view
def participant_close(request, pk):
    """Avslut with reason and date. A conflicting save keeps what was typed and says so."""
    participant = get_participant_for_request(request, pk, CHANGE, detail="avsluta (formulär)")
    return _closing_page(request, participant, CloseWithOutcomeForm, outcomes.close_with_outcome,
                         _("Avsluta deltagande"))  # fmt: skip


@participant_view
def participant_reopen(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="återöppna (formulär)")
    return _closing_page(request, participant, ReopenForm, services.reopen_participant, _("Återöppna deltagare"))


def _closing_page(request, participant, form_class, service, title):
    if message := sharing.registering_organisation_error(participant, request.user):
        return refused(request, participant, message)
    form = form_class(request.POST or None, initial={"version": participant.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            service(participant=participant, expected_version=form.cleaned_data["version"], by=request.user, **fields)
        except ConcurrentEditError:
            conflict = True
            saved = Participant.objects.only("version").get(pk=participant.pk)
            form = rebound_to_saved(form_class, request, saved, model_form=False)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            closing = form_class is CloseWithOutcomeForm
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "avslutad" if closing else "återöppnad")
            messages.success(request, _("Deltagaren är avslutad.") if closing else _("Deltagaren är återöppnad."))
            return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/close_form.html",
        {
            "form": form,
            "participant": participant,
            "title": title,
            "conflict": conflict,
            "closing": form_class is CloseWithOutcomeForm,
        },
    )


@participant_view
@require_POST
def responsible_set(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ansvarig handläggare")
    form = ResponsibleForm(request.POST, organisation=request.user.organisation)
    if form.is_valid():
        try:
            services.set_responsible(participant=participant, user=form.cleaned_data["user"],
                                     expected_version=form.cleaned_data["version"], by=request.user)  # fmt: skip
        except ConcurrentEditError:
            messages.error(request, _("Någon annan ändrade deltagaren samtidigt. Välj ansvarig igen."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "ansvarig handläggare")
            messages.success(request, _("Ansvarig handläggare är ändrad."))
    else:
        messages.error(request, _("Välj en handläggare i din organisation."))
    return redirect("participants:detail", pk=participant.pk)


@participant_view
def document(request, pk, kind, document_pk):
    """A scanned consent document, served only after the same access check as the participant page."""
    model = {"samtycke": Consent, "sekretess": SecrecyWaiver}.get(kind)
    if model is None:
        raise Http404
    participant = get_participant_for_request(request, pk, detail=f"{kind} {document_pk}", action=AccessLog.Action.FILE)
    record = get_object_or_404(model, pk=document_pk, participant=participant)
    if not record.document:
        raise Http404
    suffix = record.document.name.rsplit(".", 1)[-1]
    return FileResponse(record.document.open("rb"), as_attachment=True, filename=f"{kind}-{document_pk}.{suffix}")
