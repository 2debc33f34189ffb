"""Recording or correcting one moment's occupation and support (Vid anmälan, Vid avslut, the follow-ups).

Only staff who may change the participant (never an anonymised one: 404); every page is written to the access log
with the moment's name, never personal data."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from participants import outcomes
from participants.access import CHANGE, get_participant_for_request
from participants.outcome_forms import OutcomeForm


def outcomes_url(participant) -> str:
    return reverse("participants:detail", args=[participant.pk]) + "#sysselsattning"


@participant_view
def outcome_record(request, pk, moment):
    chosen = outcomes.moment_from_slug(moment)
    if chosen is None:
        raise Http404
    participant = get_participant_for_request(request, pk, CHANGE, detail=f"sysselsättning {chosen.slug}")
    saved = outcomes.participant_outcomes(participant).filter(moment=chosen.moment, months_after=chosen.months_after)
    saved = saved.first()
    if message := outcomes.moment_error(participant, chosen):
        messages.error(request, message)
        return redirect(outcomes_url(participant))
    form = OutcomeForm(request.POST or None, participant=participant, moment=chosen, outcome=saved)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "form_token")}
        try:
            _outcome, written = outcomes.record_outcome(
                participant=participant, moment=chosen, expected_version=form.cleaned_data["version"],
                token=form.cleaned_data["form_token"], by=request.user, **values,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)  # keyed by the form's own fields
        except ConcurrentEditError:
            # Nothing overwritten: what is saved now is shown beside everything typed, which stays in the form.
            conflict = outcomes.participant_outcomes(participant).get(
                moment=chosen.moment, months_after=chosen.months_after
            )
            data = request.POST.copy()
            data["version"] = conflict.version
            form = OutcomeForm(data, participant=participant, moment=chosen, outcome=conflict)
            form.is_valid()
        else:
            if written:
                log_access(request, participant.pk, AccessLog.Action.CHANGE, f"sysselsättning {chosen.slug}")
                messages.success(request, _("%(moment)s är sparad.") % {"moment": chosen.label})
            else:
                messages.info(request, _("Uppgifterna var redan sparade. De har inte sparats en gång till."))
            return redirect(outcomes_url(participant))
    context = {"form": form, "participant": participant, "moment": chosen, "saved": saved, "conflict": conflict,
               "registering": request.GET.get("ny") == "1"}  # fmt: skip
    return render(request, "participants/outcomes/outcome_form.html", context)
