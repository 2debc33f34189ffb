"""The evaluator's pseudonymised export: asked for with a purpose, approved by the project leader, then produced."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.models import AppendOnly
from reports.models.periods import ReportingPeriod


class ExportStatus(models.TextChoices):
    REQUESTED = "begard", _("Begärd")
    APPROVED = "godkand", _("Godkänd")
    REFUSED = "avslagen", _("Avslagen")


class ExportRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(_("syfte"), max_length=1000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decision_note = models.CharField(_("kommentar till beslutet"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("begäran om pseudonymiserad export")
        verbose_name_plural = _("begäranden om pseudonymiserad export")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(purpose=""), name="export_request_has_purpose"),
            models.CheckConstraint(
                condition=Q(status=ExportStatus.REQUESTED) | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="decided_export_request_names_decider",
            ),
        ]

    def __str__(self):
        return str(_("Export %(period)s (%(status)s)")) % {"period": self.period, "status": self.get_status_display()}

    @property
    def is_approved(self) -> bool:
        return self.status == ExportStatus.APPROVED

    @property
    def is_waiting(self) -> bool:
        return self.status == ExportStatus.REQUESTED

    @property
    def is_refused(self) -> bool:
        return self.status == ExportStatus.REFUSED


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportDownload(AppendOnly):
    """Each time an approved export is produced: who, when, which format, how many rows. Never the rows."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(ExportRequest, on_delete=models.PROTECT, related_name="downloads")
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    rows = models.PositiveIntegerField(_("rader"))
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    produced_at = models.DateTimeField(_("framtagen"), auto_now_add=True)

    class Meta:
        verbose_name = _("framtagen export")
        verbose_name_plural = _("framtagna exporter")
        ordering = ["-produced_at"]

    def __str__(self):
        return f"{self.request}: {self.format}, {self.rows}"
