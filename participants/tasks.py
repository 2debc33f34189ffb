"""Manual tasks on a participant: who may write, see and close them (the organisation's own staff only)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.models import REMOVED
from insikt.notifications import notify
from participants.access import visible_participants
from participants.models import Participant, Task
from participants.sharing import refuse


def visible_tasks(user) -> QuerySet[Task]:
    """Tasks of the user's organisation on participants the user may see."""
    return Task.objects.filter(organisation_id=user.organisation_id, participant__in=visible_participants(user))


def create_task(*, participant: Participant, title: str, due_on, assigned_to, by) -> Task:
    refuse(participant.writable_error())
    errors = {}
    if not title.strip():
        errors["title"] = _("Skriv vad som ska göras.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("Datumet har redan passerat.")
    if not by.organisation.casework_staff().filter(pk=assigned_to.pk).exists():
        errors["assigned_to"] = _("Välj någon i din egen organisation som arbetar med deltagare.")
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(participant=participant, organisation=by.organisation, title=title.strip(),
                               due_on=due_on, assigned_to=assigned_to, created_by=by)  # fmt: skip
    text = _("Ny uppgift från %(by)s: %(title)s – %(name)s (senast %(day)s).") % {
        "by": by.get_full_name(),
        "title": task.title,
        "name": participant.display_name,
        "day": due_on.isoformat(),
    }
    notify([assigned_to], text, reverse("participants:detail", args=[participant.pk]) + "#egna-uppgifter", by=by)
    return task


def complete_task(*, task: Task, by) -> bool:
    """Mark the task done; False if someone had already done so (a second click changes nothing)."""
    refuse(Participant.objects.get(pk=task.participant_id).writable_error())  # as saved, not as read earlier
    return bool(Task.objects.filter(pk=task.pk, done_at=None).update(done_at=timezone.now(), done_by=by))


def anonymise_tasks(participant: Participant) -> None:
    """A task's title may name the person or their circumstances: it goes with the rest."""
    Task.objects.filter(participant=participant).update(title=REMOVED)
