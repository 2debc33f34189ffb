"""Meetings with a participant, the history review before the multi-party meeting, and (later) recommendations.

Everything here belongs to a participant and is seen exactly when the participant is
(participants.access.visible_participants).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import Participant


class MeetingKind(models.TextChoices):
    INFORMATION = "information", _("Informationsmöte")
    MULTI_PARTY = "flerpart", _("Flerpartsmöte")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")


class MeetingStatus(models.TextChoices):
    BOOKED = "bokat", _("Bokat")
    HELD = "genomfort", _("Genomfört")
    CANCELLED = "installt", _("Inställt")
    NO_SHOW = "uteblev", _("Uteblev")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("typ av möte"), max_length=12, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("datum och tid"))
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), default=60)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED)
    cancel_reason = models.CharField(_("skäl till inställt"), max_length=300, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["participant", "starts_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)
