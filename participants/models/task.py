"""Manual tasks on a participant ("ring tillbaka"): a work note of one organisation, never shared with another."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.models import Organisation
from participants.models.participant import Participant


class Task(models.Model):
    """A to-do for one member of staff of the organisation that wrote it. Seen only by that organisation's staff
    who may see the participant: what one agency plans to do is not another agency's business."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, verbose_name=_("deltagare"), on_delete=models.CASCADE, related_name="tasks"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("uppgift"), max_length=200)
    due_on = models.DateField(_("klart senast"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vem gör den"), on_delete=models.PROTECT, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skriven av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klar av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_by_someone",
            )
        ]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_on"], name="task_open_by_assignee")]

    def __str__(self):
        # Never the title: it may name the person, and this string can end up in logs.
        return str(_("Uppgift %(day)s")) % {"day": self.due_on.isoformat()}

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
