"""Reporting periods, yearly targets, stored report snapshots and the log review."""

import hashlib
import uuid
from calendar import monthrange
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.models import AppendOnly

TERTIALS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}  # first and last month


class YearTarget(models.Model):
    year = models.PositiveIntegerField(_("år"), unique=True)
    # The figure is reports.figures.goal_events; its name is the same in the admin, the report and the chart.
    reviewed_target = models.PositiveIntegerField(
        _("mål: personer med genomfört flerpartsmöte"),
        default=300,
        help_text=_("Personer vars första flerpartsmöte genomförs under året, räknat efter mötets datum."),
    )

    class Meta:
        verbose_name = _("årsmål")
        verbose_name_plural = _("årsmål")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.reviewed_target}"


class PeriodKind(models.TextChoices):
    TERTIAL = "tertial", _("Tertialrapport")
    YEAR = "ar", _("Slutrapport för året")
    PROJECT = "projekt", _("Slutrapport för hela projektet")


class ReportingPeriod(models.Model):
    """A tertial, a year, or the whole project (whole years): never an arbitrary range of days, so that two
    reports cannot be subtracted to single out a few days."""

    kind = models.CharField(_("rapport"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveIntegerField(_("år"), help_text=_("För hela projektet: det första året."))
    tertial = models.PositiveSmallIntegerField(
        _("tertial"),
        null=True,
        blank=True,
        choices=[(1, _("1 (jan–apr)")), (2, _("2 (maj–aug)")), (3, _("3 (sep–dec)"))],
    )
    end_year = models.PositiveIntegerField(
        _("sista år"), null=True, blank=True, help_text=_("Bara för hela projektet: det sista året.")
    )
    starts_on = models.DateField(_("från"), editable=False)
    ends_on = models.DateField(_("till"), editable=False)

    class Meta:
        verbose_name = _("rapportperiod")
        verbose_name_plural = _("rapportperioder")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "tertial"], name="one_period_per_kind_year_tertial"),
            models.UniqueConstraint(
                fields=["kind", "year"], condition=Q(kind=PeriodKind.YEAR), name="one_final_report_period_per_year"
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind=PeriodKind.PROJECT), name="one_project_period"),
            models.CheckConstraint(
                condition=~Q(kind=PeriodKind.TERTIAL) | Q(tertial__isnull=False),
                name="tertial_period_names_its_tertial",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"),
        ]

    def __str__(self):
        if self.kind == PeriodKind.TERTIAL:
            return str(_("Tertial %(n)s %(year)s")) % {"n": self.tertial, "year": self.year}
        if self.kind == PeriodKind.YEAR:
            return str(_("Slutrapport %(year)s")) % {"year": self.year}
        return str(_("Slutrapport för projektet %(start)s–%(end)s")) % {"start": self.year, "end": self.end_year}

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        """The dates follow from the kind: a tertial, a calendar year, or whole years for the project."""
        if not self.year or not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Ange ett år, t.ex. %(year)s.") % {"year": date.today().year}})
        if self.kind == PeriodKind.TERTIAL:
            if not self.tertial:
                raise ValidationError({"tertial": _("Välj vilken tertial rapporten gäller.")})
            self.end_year = None
            first, last = TERTIALS[self.tertial]
            self.starts_on = date(self.year, first, 1)
            self.ends_on = date(self.year, last, monthrange(self.year, last)[1])
        elif self.kind == PeriodKind.YEAR:
            self.tertial = self.end_year = None
            self.starts_on, self.ends_on = date(self.year, 1, 1), date(self.year, 12, 31)
        else:
            self.tertial = None
            if not self.end_year:
                raise ValidationError({"end_year": _("Ange projektets sista år.")})
            if self.end_year < self.year:
                raise ValidationError({"end_year": _("Det sista året ligger före det första.")})
            self.starts_on, self.ends_on = date(self.year, 1, 1), date(self.end_year, 12, 31)

    @property
    def is_tertial(self) -> bool:
        return self.kind == PeriodKind.TERTIAL

    @property
    def year_starts_on(self) -> date:
        """The start of the cumulative figures: the period's year, or the project period itself."""
        return self.starts_on if self.kind == PeriodKind.PROJECT else date(self.year, 1, 1)


class ReportSnapshot(AppendOnly):
    """A generated report, stored once and never regenerated in place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Every table exactly as printed in the PDF: the source of the report page and its CSV files.
    tables = models.JSONField(_("tabeller"), default=list, editable=False)
    # The generate form's one-time token: a second click finds this version instead of making another.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("framtagen"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["-generated_at"]
        constraints = [models.UniqueConstraint(fields=["period", "number"], name="one_snapshot_number_per_period")]

    def __str__(self):
        return f"{self.period}, version {self.number}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.sha256 = hashlib.sha256(bytes(self.pdf)).hexdigest()
        super().save(*args, **kwargs)  # never an update: AppendOnly refuses it

    @property
    def filename(self) -> str:
        slug = str(self.period).lower().replace(" ", "-").replace("–", "-")
        return f"insikt-{slug}-v{self.number}.pdf"

    def checksum_ok(self) -> bool:
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class LogReview(models.Model):
    """One month's review of the access log, signed off by the project leader and kept."""

    month = models.DateField(_("månad"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signerad"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("logguppföljning")
        verbose_name_plural = _("logguppföljningar")
        ordering = ["-month", "-created_at"]

    def __str__(self):
        return str(_("Logguppföljning %(month)s")) % {"month": self.month.strftime("%Y-%m")}


class ReviewRule(models.TextChoices):
    NO_GROUNDS = "utan_grund", _("Läsning utan registrering eller sekretessgenombrott")
    OFF_HOURS = "kontorstid", _("Läsning utanför kontorstid")
    HEAVY_READER = "manga", _("Många läsningar av samma användare")
    DUPLICATE_CHECK = "dubblett", _("Dubblettkontroll: någon fick veta att personen finns i Insikt")
    PROTECTED = "skyddad", _("Läsning av en person med skyddade personuppgifter")
    ACCOUNT_CHANGE = "konto", _("Ändring av ett användarkonto")
    RANDOM = "slump", _("Slumpmässigt urval")


class LogReviewEntry(models.Model):
    """One access-log entry or one account change picked for a month's review, with the rule that picked it."""

    Rule = ReviewRule  # at module level so that the constraint below can name its values

    review = models.ForeignKey(LogReview, on_delete=models.CASCADE, related_name="entries")
    entry = models.ForeignKey("insikt.AccessLog", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    account_change = models.ForeignKey(
        "insikt.AccountChange", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule = models.CharField(_("varför"), max_length=12, choices=Rule.choices)

    class Meta:
        verbose_name = _("granskad logghändelse")
        verbose_name_plural = _("granskade logghändelser")
        constraints = [
            models.UniqueConstraint(fields=["review", "entry"], name="entry_once_per_review"),
            models.UniqueConstraint(fields=["review", "account_change"], name="account_change_once_per_review"),
            models.CheckConstraint(
                condition=Q(entry__isnull=True, account_change__isnull=False, rule=ReviewRule.ACCOUNT_CHANGE)
                | Q(entry__isnull=False, account_change__isnull=True) & ~Q(rule=ReviewRule.ACCOUNT_CHANGE),
                name="review_entry_is_a_read_or_an_account_change",
            ),
        ]

    def __str__(self):
        return f"{self.entry or self.account_change} ({self.get_rule_display()})"
