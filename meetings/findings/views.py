"""Finding pages: record, read and change a finding (iakttagelse).

Every page goes through the participant's access check (404 to outsiders, CHANGE for the forms, so never on an
anonymised participant) and writes the access log with the finding's opaque id, never personal data.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog
from meetings.findings import services
from meetings.findings.access import RELATED, get_finding_for_request
from meetings.findings.forms import MEETING, REVIEW, FindingForm
from meetings.forms import add_service_error
from meetings.models import Finding
from participants.access import CHANGE, get_participant_for_request


def participant_findings_url(participant) -> str:
    return reverse("participants:detail", args=[participant.pk]) + "#iakttagelser"


@participant_view
def finding_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ny iakttagelse (formulär)")
    form = FindingForm(request.POST or None, participant=participant)
    for key in (REVIEW, MEETING):  # from a history review's or a meeting's page: that is the source
        if (chosen := f"{key}:{request.GET.get(key, '')}") in form.sources:
            form.initial["source"] = chosen
    if request.method == "POST" and form.is_valid():
        try:
            finding, created = services.record_finding(
                finding=form.save(commit=False), by=request.user, token=form.cleaned_data["form_token"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if created:
                log_access(request, participant.pk, AccessLog.Action.CHANGE, f"iakttagelse registrerad {finding.pk}")
                messages.success(request, _("Iakttagelsen är sparad."))
            else:
                messages.info(request, _("Iakttagelsen var redan sparad. Den har inte sparats en gång till."))
            return redirect(participant_findings_url(participant))
    context = {"form": form, "participant": participant, "title": _("Ny iakttagelse")}
    return render(request, "meetings/findings/finding_form.html", context)


@participant_view
def finding_detail(request, pk):
    finding = get_finding_for_request(request, pk)
    participant = finding.participant
    context = {"finding": finding, "participant": participant, "writable": not participant.writable_error()}
    return render(request, "meetings/findings/finding_detail.html", context)


@participant_view
def finding_edit(request, pk):
    finding = get_finding_for_request(request, pk, CHANGE, detail="ändra")
    participant = finding.participant
    form = FindingForm(request.POST or None, instance=finding, participant=participant)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_finding(
                finding=form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AlreadySaved:
            messages.info(request, _("Ändringarna var redan sparade."))
            return redirect("meetings:finding", pk=finding.pk)
        except ConcurrentEditError:
            # Nothing is overwritten: what is saved now, with everything typed kept, for the user to decide.
            conflict = True
            saved = Finding.objects.select_related(*RELATED).get(pk=finding.pk)
            form = rebound_to_saved(FindingForm, request, saved, participant=participant)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, f"iakttagelse ändrad {finding.pk}")
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("meetings:finding", pk=finding.pk)
    context = {"form": form, "participant": participant, "finding": finding, "conflict": conflict,
               "title": _("Ändra iakttagelse")}  # fmt: skip
    return render(request, "meetings/findings/finding_form.html", context)
