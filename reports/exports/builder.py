"""The rows of the evaluator's export: one per participant registered or active in the period, under a pseudonym.

Only codes, counts and lead times in days: never a name, a personnummer, a date of birth, an exact date or free
text. Everything is read as it stood at the end of the period (a step taken later is not in it); the outcome of a
recommendation is its status today, as in the reports. Each part is one query, whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingKind, MeetingStatus, Recommendation, RecommendationStatus
from participants.models import Consent, Participant, Status, StatusChange
from reports.exports.parts import Column, answer_part, finding_part, moment, recommendation_part
from reports.exports.pseudonym import pseudonym
from reports.figures import AGE_BANDS, age_at_registration
from reports.models import ReportingPeriod

# The steps whose lead times are given, in order.
STEPS = ["registered", "consented", "met", "recommended", "closed"]


@dataclass
class Export:
    period: ReportingPeriod
    columns: list[Column] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)


def participants_in(period: ReportingPeriod) -> QuerySet[Participant]:
    """Registered by the period's end and not ended before its start. Anonymised participants are included: their
    coded data is kept for this. Not the access queryset: the evaluator sees no one (see the module docstring)."""
    ended_here = StatusChange.objects.filter(
        participant=OuterRef("pk"), to_status=OuterRef("status"), changed_at__gte=moment(period.starts_on)
    )
    ended_before = Q(status=Status.CLOSED, closed_on__lt=period.starts_on) | (
        Q(status__in=[Status.DECLINED, Status.ABORTED]) & ~Exists(ended_here)
    )
    return Participant.objects.filter(registered_on__lte=period.ends_on).exclude(ended_before)


def first(queryset, when: str):
    return Subquery(queryset.filter(participant=OuterRef("pk")).order_by(when).values(when)[:1])


def base_rows(period: ReportingPeriod) -> list[dict]:
    """Each participant's registration, age band and the day of each step reached by the period's end."""
    end, after_end = period.ends_on, moment(period.ends_on + timedelta(days=1))
    held = Meeting.objects.filter(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD, starts_at__lt=after_end)
    sent = Recommendation.objects.exclude(status=RecommendationStatus.DRAFT).filter(sent_on__lte=end)
    band, age = age_at_registration()
    return list(
        participants_in(period)
        .annotate(_age=age)
        .annotate(
            band=band,
            consented=first(Consent.objects.filter(given_on__lte=end), "given_on"),
            met=first(held, "starts_at"),
            recommended=first(sent, "sent_on"),
        )
        .values(
            "pk", "registered_on", "band", "consented", "met", "recommended", "status", "closed_on", "closing_reason"
        )  # fmt: skip
        .order_by("registered_on", "pk")
    )


def lead_times(row: dict, end: date) -> list:
    """Days from each step to the next one, and from registration to closing; empty where a step is missing."""
    closed = (
        row["closed_on"] if row["status"] == Status.CLOSED and row["closed_on"] and row["closed_on"] <= end else None
    )
    days = {
        "registered": row["registered_on"],
        "consented": row["consented"],
        "met": timezone.localdate(row["met"]) if row["met"] else None,
        "recommended": row["recommended"],
        "closed": closed,
    }
    between = [(days[b] - days[a]).days if days[a] and days[b] else "" for a, b in zip(STEPS, STEPS[1:], strict=False)]
    total = (closed - days["registered"]).days if closed else ""
    return [*between, total, row["closing_reason"] if closed else ""]


def registration(day: date) -> list[str]:
    return [f"{day.year}-T{1 + (day.month - 1) // 4}", f"{day.year}-{day.month:02d}"]


def fixed_columns() -> list[Column]:
    return [
        Column("pseudonym", _("Pseudonym: densamma för samma deltagare i varje export")),
        Column("anmald_tertial", _("Tertial då deltagaren anmäldes (ÅÅÅÅ-T1, -T2, -T3)")),
        Column("anmald_manad", _("Månad då deltagaren anmäldes (ÅÅÅÅ-MM)")),
        Column("aldersgrupp", _("Åldersgrupp vid anmälan (ålder under anmälningsåret)")),
        Column("dagar_anmalan_samtycke", _("Dagar från anmälan till första samtycket")),
        Column("dagar_samtycke_flerpartsmote", _("Dagar från första samtycket till första genomförda flerpartsmötet")),
        Column(
            "dagar_flerpartsmote_rekommendation",
            _("Dagar från första flerpartsmötet till första skickade rekommendationen"),
        ),  # fmt: skip
        Column("dagar_rekommendation_avslut", _("Dagar från första skickade rekommendationen till avslut")),
        Column("dagar_anmalan_avslut", _("Dagar från anmälan till avslut")),
        Column("avslutsorsak", _("Skäl till avslut (kod), om deltagaren var avslutad vid periodens slut")),
    ]


def build_export(period: ReportingPeriod) -> Export:
    """The whole export for the period: its columns (with what each means) and one row per participant."""
    export = Export(period=period, columns=fixed_columns())
    rows = base_rows(period)
    ids = participants_in(period).values("pk")
    parts = [recommendation_part(ids, period), answer_part(ids, period), finding_part(ids, period)]
    for part in parts:
        export.columns += part.columns
    for row in rows:
        cells = [pseudonym(row["pk"]), *registration(row["registered_on"]), str(AGE_BANDS[row["band"]]),
                 *lead_times(row, period.ends_on)]  # fmt: skip
        for part in parts:
            cells += part.cells(row["pk"])
        export.rows.append(cells)
    return export
