"""Manual tasks on a participant: written and closed by the organisation's own staff, logged."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.models import AccessLog
from participants import tasks
from participants.access import CHANGE, get_participant_for_request
from participants.forms import TaskForm


@participant_view
def task_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ny uppgift")
    form = TaskForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            tasks.create_task(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(request, participant.pk, AccessLog.Action.CHANGE, "uppgift skapad")
            messages.success(request, _("Uppgiften är sparad."))
            return redirect(reverse("participants:detail", args=[participant.pk]) + "#egna-uppgifter")
    status = 400 if form.is_bound else 200
    return render(request, "participants/task_form.html", {"participant": participant, "form": form}, status=status)


@participant_view
@require_POST
def task_done(request, pk, task_pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="uppgift klar")
    task = get_object_or_404(tasks.visible_tasks(request.user), pk=task_pk, participant=participant)
    if request.POST.get("klar") != "1":
        messages.error(request, _("Markera uppgiften som klar med knappen ”Klar”."))
    elif tasks.complete_task(task=task, by=request.user):
        log_access(request, participant.pk, AccessLog.Action.CHANGE, "uppgift klar")
        messages.success(request, _("Uppgiften är klar."))
    else:
        messages.info(request, _("Uppgiften var redan markerad som klar."))
    return redirect(reverse("participants:detail", args=[participant.pk]) + "#egna-uppgifter")
