from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.access import log_access
from insikt.decorators import works_with_participants
from insikt.forms import rebound_to_saved
from insikt.models import AccessLog
from participants import personnummer, services
from participants.access import CHANGE, get_participant_for_user, visible_participants
from participants.forms import (
    AccessRequestForm,
    CloseForm,
    ConsentRegistrationForm,
    ParticipantForm,
    ReopenForm,
    ResponsibleForm,
    SearchForm,
    StatusForm,
    WaiverRegistrationForm,
    WithdrawalForm,
)
from participants.models import (
    ENDED,
    AccessRequest,
    Consent,
    Participant,
    ResponsibleCaseworker,
    SecrecyWaiver,
    Status,
)

SORTS = {
    "namn": ["last_name", "first_name"],
    "-namn": ["-last_name", "-first_name"],
    "anmald": ["registered_on", "last_name"],
    "-anmald": ["-registered_on", "last_name"],
    "status": ["status", "last_name"],
    "-status": ["-status", "last_name"],
}
PAGE_SIZE = 25


def participant_view(view):
    """Participant pages: caseworkers and project leader only, never cached by browser or proxy."""
    return never_cache(works_with_participants(view))


def search(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    if personnummer.looks_like_personnummer(text):
        try:
            return queryset.filter(personnummer=personnummer.normalise(text))
        except ValidationError:
            return queryset.none()
    for word in text.split():
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


@participant_view
def participant_list(request):
    form = SearchForm(request.GET or None)
    participants = visible_participants(request.user).select_related("registering_organisation")
    if form.is_valid():
        participants = search(participants, form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            participants = participants.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["organisation"]:
            participants = participants.filter(registering_organisation=form.cleaned_data["organisation"])
        if form.cleaned_data["mine"]:
            participants = participants.filter(responsible__user=request.user)
        if form.cleaned_data["eligible"]:
            participants = participants.filter(eligible=form.cleaned_data["eligible"] == "ja")
    sort = request.GET.get("sort", "namn")
    participants = participants.order_by(*SORTS.get(sort, SORTS["namn"]))
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "participants/participant_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "can_register": request.user.organisation.registers_participants,
        },
    )


@participant_view
def participant_create(request):
    if not request.user.organisation.registers_participants:
        raise PermissionDenied
    form = ParticipantForm(request.POST or None)
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
            return redirect("participants:detail", pk=participant.pk)
    if form.already_registered:
        access_request_form = AccessRequestForm(initial={"personnummer": form.data.get("personnummer")})
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "access_request_form": access_request_form, "checking": "check" in request.POST},
    )


@participant_view
@require_POST
def access_request(request):
    """Ask for access to a person registered elsewhere. The answer is the same whoever holds the person."""
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        participant = Participant.objects.filter(personnummer=form.cleaned_data["personnummer"]).first()
        already_visible = participant and visible_participants(request.user).filter(pk=participant.pk).exists()
        if participant and not already_visible:
            AccessRequest.objects.get_or_create(
                participant=participant,
                organisation=request.user.organisation,
                handled_at=None,
                defaults={"requested_by": request.user, "message": form.cleaned_data["message"]},
            )
    messages.info(
        request,
        _(
            "Din begäran har skickats till den organisation som registrerat personen. "
            "De kan be personen om ett sekretessgenombrott mot din organisation."
        ),
    )
    return redirect("participants:list")


@participant_view
def participant_detail(request, pk):
    participant = get_participant_for_user(request.user, pk)
    log_access(request, participant.pk, AccessLog.Action.VIEW)
    consents = participant.consents.select_related("recorded_by", "withdrawal__recorded_by")
    waivers = participant.waivers.select_related("organisation", "recorded_by", "withdrawal__recorded_by")
    current_consent = next((c for c in reversed(consents) if not hasattr(c, "withdrawal")), None)
    own_organisation = request.user.organisation
    context = {
        "participant": participant,
        "consents": consents,
        "current_consent": current_consent,
        "waivers": waivers,
        "status_changes": participant.status_changes.select_related("changed_by"),
        "responsible": participant.responsible.select_related("user", "organisation"),
        "access_requests": participant.access_requests.filter(handled_at=None).select_related(
            "organisation", "requested_by"
        )
        if participant.registering_organisation_id == own_organisation.pk
        else [],
        "can_close": participant.status not in ENDED,
        "status_form": StatusForm(
            choices=[(s, Status(s).label) for s in services.allowed_next_statuses(participant)],
            initial={"version": participant.version},
        ),
        "responsible_form": ResponsibleForm(organisation=own_organisation),
        "eligibility_failures": participant.eligibility_failures(),
    }
    return render(request, "participants/participant_detail.html", context)


@participant_view
def participant_edit(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    form = ParticipantForm(request.POST or None, instance=participant)
    conflict = None
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        expected = form.cleaned_data["version"] or 0
        try:
            services.update_participant(participant=form.save(commit=False), expected_version=expected, by=request.user)
        except services.ConcurrentEditError:
            saved = Participant.objects.get(pk=pk)
            conflict = conflicting_fields(form, saved)
            form = rebound_to_saved(ParticipantForm, request, saved)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "uppgifter")
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("participants:detail", pk=participant.pk)
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


@participant_view
@require_POST
def participant_status(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
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
        except services.ConcurrentEditError:
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
    participant = get_participant_for_user(request.user, pk, CHANGE)
    return _closing_page(request, participant, CloseForm, services.close_participant, _("Avsluta deltagande"))


@participant_view
def participant_reopen(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    return _closing_page(request, participant, ReopenForm, services.reopen_participant, _("Återöppna deltagare"))


def _closing_page(request, participant, form_class, service, title):
    form = form_class(request.POST or None, initial={"version": participant.version})
    conflict = False
    if request.method == "GET":  # the page names the participant: a read like the participant page
        log_access(request, participant.pk, AccessLog.Action.VIEW, "avslut/återöppning (formulär)")
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            service(participant=participant, expected_version=form.cleaned_data["version"], by=request.user, **fields)
        except services.ConcurrentEditError:
            conflict = True
            data = request.POST.copy()
            data["version"] = Participant.objects.only("version").get(pk=participant.pk).version
            form = form_class(data)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            closing = form_class is CloseForm
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
            "closing": form_class is CloseForm,
        },
    )


@participant_view
def consent_create(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    form = ConsentRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.register_consent(participant=participant, by=request.user, **form.cleaned_data)
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "samtycke registrerat")
        messages.success(request, _("Samtycket är registrerat."))
        return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/consent_form.html",
        {"form": form, "participant": participant, "title": _("Registrera samtycke")},
    )


@participant_view
def waiver_create(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    form = WaiverRegistrationForm(request.POST or None, request.FILES or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        services.register_waivers(participant=participant, by=request.user, **form.cleaned_data)
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "sekretessgenombrott registrerat")
        messages.success(request, _("Sekretessgenombrottet är registrerat."))
        return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/consent_form.html",
        {"form": form, "participant": participant, "title": _("Registrera sekretessgenombrott")},
    )


@participant_view
def consent_withdraw(request, pk, consent_pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    consent = get_object_or_404(Consent.objects.filter(withdrawal__isnull=True), pk=consent_pk, participant=participant)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_consent(consent=consent, by=request.user, **form.cleaned_data)
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "samtycke återkallat")
        messages.success(request, _("Samtycket är återkallat. Alla sekretessgenombrott har också återkallats."))
        return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/withdraw_form.html",
        {"form": form, "participant": participant, "title": _("Återkalla samtycke"), "subject": consent},
    )


@participant_view
def waiver_withdraw(request, pk, waiver_pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    waiver = get_object_or_404(
        SecrecyWaiver.objects.filter(withdrawal__isnull=True), pk=waiver_pk, participant=participant
    )
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_waiver(waiver=waiver, by=request.user, **form.cleaned_data)
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "sekretessgenombrott återkallat")
        messages.success(request, _("Sekretessgenombrottet är återkallat."))
        if not visible_participants(request.user).filter(pk=participant.pk).exists():
            return redirect("participants:list")
        return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/withdraw_form.html",
        {"form": form, "participant": participant, "title": _("Återkalla sekretessgenombrott"), "subject": waiver},
    )


@participant_view
@require_POST
def responsible_set(request, pk):
    participant = get_participant_for_user(request.user, pk, CHANGE)
    form = ResponsibleForm(request.POST, organisation=request.user.organisation)
    if form.is_valid():
        ResponsibleCaseworker.objects.update_or_create(
            participant=participant,
            organisation=request.user.organisation,
            defaults={"user": form.cleaned_data["user"]},
        )
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "ansvarig handläggare")
        messages.success(request, _("Ansvarig handläggare är ändrad."))
    else:
        messages.error(request, _("Välj en handläggare i din organisation."))
    return redirect("participants:detail", pk=participant.pk)


@participant_view
def document(request, pk, kind, document_pk):
    """A scanned consent document, served only after the same access check as the participant page."""
    participant = get_participant_for_user(request.user, pk)
    model = {"samtycke": Consent, "sekretess": SecrecyWaiver}.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=document_pk, participant=participant)
    if not record.document:
        raise Http404
    log_access(request, participant.pk, AccessLog.Action.FILE, f"{kind} {document_pk}")
    suffix = record.document.name.rsplit(".", 1)[-1]
    return FileResponse(record.document.open("rb"), as_attachment=True, filename=f"{kind}-{document_pk}.{suffix}")
