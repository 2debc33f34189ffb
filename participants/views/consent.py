"""Consent and secrecy waivers: recorded by the registering organisation, withdrawn as participants.sharing says."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.models import AccessLog
from participants import services, sharing
from participants.access import CHANGE, get_participant_for_request, visible_participants
from participants.forms import (
    ConsentRegistrationForm,
    WaiverRegistrationForm,
    WithdrawalForm,
)
from participants.models import (
    Consent,
    SecrecyWaiver,
)
from participants.views.detail import refused


@participant_view
def consent_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="registrera samtycke (formulär)")
    if message := sharing.registering_organisation_error(participant, request.user):
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
    if message := sharing.registering_organisation_error(participant, request.user):
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
    if message := sharing.waiver_withdrawal_error(waiver, request.user):
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
