from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.access import log_access, log_access_many
from insikt.decorators import works_with_participants
from insikt.forms import rebound_to_saved
from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from participants import personnummer, services
from participants.access import CHANGE, get_participant_for_request, visible_participants
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
FILTERS = ["status", "organisation", "mine", "eligible", "sort"]


def participant_view(view):
    """Participant pages: caseworkers and project leader only, never cached by browser or proxy."""
    return never_cache(works_with_participants(view))


def search_by_name(queryset, text: str):
    for word in text.split():
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


@participant_view
def participant_list(request):
    """The visible participants, filtered. Names are searched by GET; a personnummer only ever by POST, so that it
    never stands in a URL (proxy logs, browser history, Referer headers)."""
    if request.method == "POST":
        return search_post(request)
    form = SearchForm(request.GET or None)
    return list_page(request, form)


def list_page(request, form, status=200):
    participants = visible_participants(request.user).select_related("registering_organisation")
    text = ""
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"].strip()
        if personnummer.looks_like_personnummer(text):
            form.add_error("q", _("Skriv personnumret i sökrutan och tryck på Sök: det ska inte stå i adressen."))
            text = ""
        participants = search_by_name(participants, text)
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
    if text:
        # A search that finds someone is a read of them.
        log_access_many(request, [p.pk for p in page.object_list], AccessLog.Action.VIEW, "sökträff")
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
        status=status,
    )


def search_post(request):
    form = SearchForm(request.POST)
    if not form.is_valid():
        return list_page(request, form, status=400)
    text = form.cleaned_data["q"].strip()
    if not personnummer.looks_like_personnummer(text):
        query = QueryDict(mutable=True)
        query.update({k: v for k, v in request.POST.items() if k in [*FILTERS, "q"] and v})
        return redirect(f"{reverse('participants:list')}?{query.urlencode()}")
    try:
        number = personnummer.normalise(text)
    except ValidationError as error:
        form.add_error("q", error)
        return list_page(request, form, status=400)
    found = visible_participants(request.user).filter(personnummer=number).values_list("pk", flat=True).first()
    if found is None:
        form.add_error("q", _("Ingen deltagare som du har tillgång till har det personnumret."))
        return list_page(request, form, status=404)
    log_access(request, found, AccessLog.Action.VIEW, "sökning på personnummer")
    return redirect("participants:detail", pk=found)


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
            return redirect("participants:detail", pk=participant.pk)
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
    participant = get_participant_for_request(request, pk)
    consents = participant.consents.select_related("recorded_by", "withdrawal__recorded_by")
    waivers = list(participant.waivers.select_related("organisation", "recorded_by", "withdrawal__recorded_by"))
    current_consent = next((c for c in reversed(consents) if not hasattr(c, "withdrawal")), None)
    own_organisation = request.user.organisation
    registering_error = services.registering_organisation_error(participant, request.user)
    for waiver in waivers:
        waiver.may_withdraw = not waiver.has_ended() and not services.waiver_withdrawal_error(waiver, request.user)
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
        "writable": not participant.anonymised_at,
        "registering_error": registering_error,
        "may_manage": registering_error is None and not participant.anonymised_at,
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
    return _closing_page(request, participant, CloseForm, services.close_participant, _("Avsluta deltagande"))


@participant_view
def participant_reopen(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="återöppna (formulär)")
    return _closing_page(request, participant, ReopenForm, services.reopen_participant, _("Återöppna deltagare"))


def _closing_page(request, participant, form_class, service, title):
    if message := services.registering_organisation_error(participant, request.user):
        return refused(request, participant, message)
    form = form_class(request.POST or None, initial={"version": participant.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            service(participant=participant, expected_version=form.cleaned_data["version"], by=request.user, **fields)
        except ConcurrentEditError:
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
    participant = get_participant_for_request(request, pk, CHANGE, detail="registrera samtycke (formulär)")
    if message := services.registering_organisation_error(participant, request.user):
        return refused(request, participant, message)
    form = ConsentRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_consent(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    participant = get_participant_for_request(request, pk, CHANGE, detail="registrera sekretessgenombrott (formulär)")
    if message := services.waiver_registration_error(participant, request.user):
        return refused(request, participant, message)
    form = WaiverRegistrationForm(request.POST or None, request.FILES or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_waivers(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    participant = get_participant_for_request(request, pk, CHANGE, detail="återkalla samtycke (formulär)")
    consent = get_object_or_404(Consent.objects.active(), pk=consent_pk, participant=participant)
    if message := services.registering_organisation_error(participant, request.user):
        return refused(request, participant, message)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(consent=consent, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    participant = get_participant_for_request(request, pk, CHANGE, detail="återkalla sekretessgenombrott (formulär)")
    waiver = get_object_or_404(
        SecrecyWaiver.objects.filter(withdrawal__isnull=True).select_related("organisation", "participant"),
        pk=waiver_pk,
        participant=participant,
    )
    if message := services.waiver_withdrawal_error(waiver, request.user):
        return refused(request, participant, message)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_waiver(waiver=waiver, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    participant = get_participant_for_request(request, pk, CHANGE, detail="ansvarig handläggare")
    form = ResponsibleForm(request.POST, organisation=request.user.organisation)
    if form.is_valid():
        try:
            services.set_responsible(participant=participant, user=form.cleaned_data["user"], by=request.user)
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
