"""Who the project is for: the target group's criteria, and the steps of a participant's way through it."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

JOB_DAYS_REQUIRED = 450  # more than this many days in jobb- och utvecklingsgarantin
AF_YEARS_REQUIRED = 10  # more than this many years registered at Arbetsförmedlingen


class District(models.TextChoices):
    CENTRUM = "centrum", _("Centrum")
    NORR = "norr", _("Norr")
    OSTER = "oster", _("Öster")
    SODER = "soder", _("Söder")
    VASTER = "vaster", _("Väster")
    OUTSIDE = "utanfor", _("Bor inte i Malmö")


class Benefit(models.TextChoices):
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Aktivitetsstöd")
    SOCIAL_ASSISTANCE = "forsorjningsstod", _("Försörjningsstöd")
    SICKNESS_BENEFIT = "sjukpenning", _("Sjukpenning")
    OTHER = "annat", _("Annat")


class Status(models.TextChoices):
    REGISTERED = "anmald", _("Anmäld")
    INFORMED = "informerad", _("Informerad")
    CONSENTED = "samtycke", _("Samtycke givet")
    REVIEWED = "genomlysning", _("Genomlysning klar")
    MEETING_HELD = "flerpartsmote", _("Flerpartsmöte hållet")
    RECOMMENDED = "rekommendation", _("Rekommendation lämnad")
    CLOSED = "avslutad", _("Avslutad")
    DECLINED = "avbojt", _("Avböjt")
    ABORTED = "avbrutet", _("Avbrutet")


# The flow, in order; DECLINED and ABORTED leave it from any step before CLOSED.
FLOW = [
    Status.REGISTERED,
    Status.INFORMED,
    Status.CONSENTED,
    Status.REVIEWED,
    Status.MEETING_HELD,
    Status.RECOMMENDED,
    Status.CLOSED,
]
ENDED = {Status.CLOSED, Status.DECLINED, Status.ABORTED}
NEEDS_REASON = {Status.DECLINED, Status.ABORTED}


class ClosingReason(models.TextChoices):
    """Why a participant left the project (avslut); reports count by it."""

    RECOMMENDATION_HANDED_OVER = "rekommendation_overlamnad", _("Rekommendationen är överlämnad")
    DECLINED = "avbojt", _("Avböjt fortsatt deltagande")
    MOVED = "flyttat", _("Flyttat från Malmö")
    EMPLOYED = "arbete", _("Fått arbete")
    STUDIES = "studier", _("Börjat studera")
    JOBSEEKING = "arbetssokande", _("Fortsatt arbetssökande")
    SICK_LEAVE = "sjukskriven", _("Sjukskriven")
    OTHER = "annat", _("Annat")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


class Criterion(models.TextChoices):
    """The target-group criteria a person can fail; stored so that reports can group the reasons."""

    MALMO = "malmo", _("Bor inte i Malmö")
    JOB_DAYS = "job", _("450 dagar eller färre i jobb- och utvecklingsgarantin")
    AF_YEARS = "af", _("10 år eller kortare inskriven på Arbetsförmedlingen")


def failed_criteria(*, district, af_registered_on, job_entered_on, on: date) -> dict[str, str]:
    """The criteria a person fails on `on`, each with a Swedish explanation (empty: inside the target group)."""
    failures = {}
    if district == District.OUTSIDE:
        failures[Criterion.MALMO] = str(_("Bor inte i Malmö."))
    if job_entered_on and (on - job_entered_on).days <= JOB_DAYS_REQUIRED:
        failures[Criterion.JOB_DAYS] = str(
            _("%(days)s dagar i jobb- och utvecklingsgarantin – målgruppen har mer än %(required)s.")
        ) % {"days": (on - job_entered_on).days, "required": JOB_DAYS_REQUIRED}
    if af_registered_on and add_years(af_registered_on, AF_YEARS_REQUIRED) >= on:
        failures[Criterion.AF_YEARS] = str(
            _("Inskriven på Arbetsförmedlingen sedan %(since)s – målgruppen har mer än %(years)s år.")
        ) % {"since": af_registered_on.isoformat(), "years": AF_YEARS_REQUIRED}
    return failures


def eligibility_failures(**kwargs) -> list[str]:
    """Why a person is outside the target group (empty: inside). Used by the form and the model."""
    return list(failed_criteria(**kwargs).values())


def whole_years(since: date, on: date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))
