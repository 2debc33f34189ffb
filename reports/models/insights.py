"""The project leader's analysis of the findings: checked quotes and each area's written summary per report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from reports.models.periods import ReportingPeriod


class QuoteKind(models.TextChoices):
    DESCRIPTION = "beskrivning", _("Citat ur beskrivningen")
    SUGGESTION = "forslag", _("Förslag till ändring")


class Quote(models.Model):
    """A finding's description or suggested change, rewritten free of names, dates and places and checked by the
    project leader for the report. Its own text: it stays when anonymisation empties the finding's."""

    finding = models.ForeignKey("meetings.Finding", on_delete=models.PROTECT, related_name="quotes")
    kind = models.CharField(_("slag"), max_length=12, choices=QuoteKind.choices, default=QuoteKind.DESCRIPTION)
    text = models.TextField(_("text i rapporten"), max_length=1000)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("granskad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("granskat citat")
        verbose_name_plural = _("granskade citat")
        ordering = ["finding__area", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "kind"], name="one_quote_per_finding_and_kind"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_has_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.pk})"

    @property
    def organisation_label(self) -> str:
        """The organisation concerned as the reports count it: a name typed for another one stays out of them."""
        return self.finding.organisation.short_name if self.finding.organisation_id else str(_("Annan"))


class AreaSummary(models.Model):
    """The project leader's written summary of one insight area for one report."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="area_summaries")
    area = models.CharField(_("insiktsområde"), max_length=20, choices=InsightArea.choices)
    text = models.TextField(_("sammanfattning"), max_length=6000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("sammanfattning per insiktsområde")
        verbose_name_plural = _("sammanfattningar per insiktsområde")
        ordering = ["period", "area"]
        constraints = [
            models.UniqueConstraint(fields=["period", "area"], name="one_summary_per_period_and_area"),
            models.CheckConstraint(condition=Q(area__in=InsightArea.values), name="summary_area_known"),
        ]

    def __str__(self):
        return f"{self.period}: {self.get_area_display()}"
