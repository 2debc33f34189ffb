"""Every fact the steering group reads, defined once: what is counted, by which date, and who is behind it.

Each fact is counted in the database, grouped by (year, tertial, key): the number of queries is fixed
and no participant row is loaded into Python. A fact answers {(year, tertial): {key: (value, people)}}:
`value` is what the row counts (people, or events such as meetings), `people` how many distinct people
are behind it, which is what the protection rule (reports.suppression) is about.

Events are dated by when they happened (the meeting's time, the date a consent was given, a closing's
date), never by when they were recorded. Where a step can happen twice (a consent given again after a
withdrawal, a reopened participant who reaches a step again) a person is counted once, by the first time.
Every fact is therefore additive over tertials: the year is the sum of its tertials.
"""

from datetime import date, datetime

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from insikt.choices import YesNo
from insikt.models import Organisation
from meetings.models import (
    HistoryReview,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationArea,
    RecommendationCategory,
    RecommendationStatus,
)
from participants.models import (
    Benefit,
    ClosingReason,
    Consent,
    ConsentWithdrawal,
    Gender,
    Participant,
    Status,
    StatusChange,
)

Grid = dict[tuple[int, int], dict[str, tuple[int, int]]]

AGE_BANDS = {
    "-29": _("Under 30 år"),
    "30-39": _("30–39 år"),
    "40-49": _("40–49 år"),
    "50-59": _("50–59 år"),
    "60-": _("60 år och äldre"),
}
JOB_BANDS = {
    "-450": _("450 dagar eller färre"),
    "451-730": _("451–730 dagar"),
    "731-1095": _("731–1 095 dagar"),
    "1096-": _("Mer än 1 095 dagar"),
}
# The target group has "more than 10 years" at AF: the first band is exactly those who fail that criterion.
AF_BANDS = {
    "-10": _("10 år eller kortare"),
    "10-14": _("Mer än 10 år, under 15 år"),
    "15-19": _("15–19 år"),
    "20-": _("20 år eller längre"),
}
FLOW = {
    "anmald": _("Anmäld"),
    "informerad": _("Informationsmöte genomfört"),
    "samtycke": _("Samtycke givet"),
    "aterkallat": _("Samtycket återkallat"),
    "genomlysning": _("Genomlysning klar"),
    "flerpartsmote": _("Personer med genomfört flerpartsmöte"),
    "rekommendation": _("Rekommendation skickad"),
    "avslutad": _("Avslutad"),
    "avbojt": _("Avböjt"),
    "avbrutet": _("Avbrutet"),
}
GOAL_LABEL = FLOW["flerpartsmote"]
MEETINGS = {
    **{f"held:{kind.value}": _("%(kind)s, genomförda") % {"kind": kind.label} for kind in MeetingKind},
    "cancelled": _("Inställda möten"),
    "no_show": _("Möten där deltagaren uteblev"),
}


def tertial(month):
    return Case(When(**{f"{month}__lte": 4}, then=1), When(**{f"{month}__lte": 8}, then=2), default=3)


def within(field: str, first_year: int, last_year: int, *, moment: bool = False) -> Q:
    """`field` (a date, or a moment when `moment`) falls in the years given, Stockholm time."""
    if moment:
        start = timezone.make_aware(datetime(first_year, 1, 1))
        end = timezone.make_aware(datetime(last_year + 1, 1, 1))
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return Q(**{f"{field}__gte": date(first_year, 1, 1), f"{field}__lt": date(last_year + 1, 1, 1)})


TOTAL = "__total__"


def grid(queryset, when: str, key, years: tuple[int, int], *, person: str = "participant", value=None,
         total: bool = False) -> Grid:  # fmt: skip
    """COUNT (and COUNT DISTINCT person) GROUP BY year, tertial and key of the rows dated by `when`.

    With `total`, also each tertial's total under TOTAL: its people are counted distinct over all keys."""
    value = value or Count("pk", distinct=True)
    dated = queryset.annotate(_year=ExtractYear(when), _month=ExtractMonth(when)).annotate(_tertial=tertial("_month"))
    groupings = [(dated.annotate(_key=key), ["_year", "_tertial", "_key"])]
    if total:
        groupings.append((dated.annotate(_key=Value(TOTAL)), ["_year", "_tertial", "_key"]))
    result: Grid = {}
    for rows, by in groupings:
        for row in rows.values(*by).annotate(value=value, people=Count(person, distinct=True)).order_by():
            result.setdefault((row["_year"], row["_tertial"]), {})[str(row["_key"])] = (row["value"], row["people"])
    return result


def firsts(events, when: str, years: tuple[int, int], *, moment: bool = False, person: str = "participant"):
    """The events in the years that are each person's first (a later repeat of the step is not counted)."""
    # NOT EXISTS an earlier one: an anti-join, where "= (the earliest)" ran a subquery for every event.
    earlier = events.filter(**{person: OuterRef(person), f"{when}__lt": OuterRef(when)})
    return events.filter(within(when, *years, moment=moment)).exclude(Exists(earlier))


def steps(years: tuple[int, int]) -> dict:
    """For each step of the flow: (the events that are people's first time, their date, the person)."""
    sent = Recommendation.objects.exclude(status=RecommendationStatus.DRAFT)
    held = Meeting.objects.filter(status=MeetingStatus.HELD)

    return {
        "anmald": (registered(years), "registered_on", "pk"),
        "informerad": (firsts(held.filter(kind=MeetingKind.INFORMATION), "starts_at", years, moment=True),
                       "starts_at", "participant"),
        "samtycke": (firsts(Consent.objects.all(), "given_on", years), "given_on", "participant"),
        "aterkallat": (firsts(ConsentWithdrawal.objects.all(), "withdrawn_on", years, person="consent__participant"),
                       "withdrawn_on", "consent__participant"),
        "genomlysning": [(reviewed(years), "completed_on", "participant")],
        "flerpartsmote": goal_events(years),
        "rekommendation": (firsts(sent, "sent_on", years), "sent_on", "participant"),
        "avslutad": (closed(years), "closed_on", "pk"),
        "avbojt": (status_set(Status.DECLINED, years), "changed_at", "participant"),
        "avbrutet": aborted(years),
    }  # fmt: skip


def changed_to(status: str):
    return StatusChange.objects.filter(to_status=status).values("participant_id")


def status_set(status: str, years: tuple[int, int]):
    """A step set by hand (declined, or aborted without a withdrawal): the first change to it, by its day."""
    return firsts(StatusChange.objects.filter(to_status=status), "changed_at", years, moment=True)


def reviewed(years: tuple[int, int]):
    """People who reached "Genomlysning klar", by the day their last history review was completed (its cause);
    the step follows from completed reviews (meetings/services.py `save_review`), so everyone has one."""
    done = HistoryReview.objects.filter(completed_on__isnull=False, participant__in=changed_to(Status.REVIEWED))
    later = done.filter(participant=OuterRef("participant"), completed_on__gt=OuterRef("completed_on"))
    return done.filter(within("completed_on", *years)).exclude(Exists(later))


def aborted(years: tuple[int, int]) -> list:
    """People who left the project: by the date their consent was withdrawn, or, set by hand, the day set.
    Two disjoint sets of people (with a withdrawal, without), so their counts add up."""
    withdrawals = ConsentWithdrawal.objects.filter(consent__participant__in=changed_to(Status.ABORTED))
    by_hand = status_set(Status.ABORTED, years).exclude(participant__consents__withdrawal__isnull=False)
    return [
        (firsts(withdrawals, "withdrawn_on", years, person="consent__participant"), "withdrawn_on",
         "consent__participant"),
        (by_hand, "changed_at", "participant"),
    ]  # fmt: skip


def goal_events(years: tuple[int, int]):
    """The yearly goal: each person's first held multi-party meeting, by the meeting's date."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD, kind=MeetingKind.MULTI_PARTY)
    return firsts(held, "starts_at", years, moment=True), "starts_at", "participant"


def flow(years: tuple[int, int], goal: dict[tuple[int, int], int] | None = None) -> Grid:
    """People who reached each step, by the date they first reached it.

    anmald: registration date. informerad: first held information meeting. samtycke: first consent given.
    aterkallat: first withdrawal of consent. genomlysning: the day the last organisation's history review
    was marked complete (the step's cause), not the day the step was recorded. flerpartsmote: first held
    multi-party meeting (the yearly goal). rekommendation: first recommendation sent. avslutad: closing
    date of those closed now. avbrutet: the date the consent was withdrawn, or the day it was set by hand;
    avbojt: the day set (reports.figures.aborted)."""
    result: Grid = {}
    every = steps(years)
    if goal is not None:  # the goal's months, already counted for the report
        del every["flerpartsmote"]
        result = goal_grid(goal)
    for step, parts in every.items():
        for events, when, person in parts if isinstance(parts, list) else [parts]:
            people = Count(person, distinct=True)
            for cell, counts in grid(events, when, Value(step), years, person=person, value=people).items():
                value = result.setdefault(cell, {}).get(step, (0, 0))[0] + counts[step][0]
                result[cell][step] = (value, value)
    return result


def goal_months(years: tuple[int, int]) -> dict[tuple[int, int], int]:
    """People with their first held multi-party meeting, by (year, month) of that meeting (the yearly goal)."""
    events, when, person = goal_events(years)
    rows = events.annotate(_year=ExtractYear(when), _month=ExtractMonth(when)).values("_year", "_month")
    return {(row["_year"], row["_month"]): row["n"] for row in rows.annotate(n=Count(person, distinct=True)).order_by()}


def goal_by_month(year: int) -> dict[int, int]:
    return {month: n for (_year, month), n in goal_months((year, year)).items()}


def goal_grid(months: dict[tuple[int, int], int]) -> Grid:
    """The goal's months summed into tertials: the flow's "flerpartsmote", without counting it again."""
    result: Grid = {}
    for (year, month), n in months.items():
        cell = result.setdefault((year, 1 + (month - 1) // 4), {})
        cell["flerpartsmote"] = (cell.get("flerpartsmote", (0, 0))[0] + n,) * 2
    return result


# --- Meetings, closings, recommendations ----------------------------------------------------------------


def meetings(years: tuple[int, int]) -> Grid:
    """Meetings that took place or were called off, by the meeting's date: held per kind, cancelled, no-show."""
    key = Case(
        When(status=MeetingStatus.CANCELLED, then=Value("cancelled")),
        When(status=MeetingStatus.NO_SHOW, then=Value("no_show")),
        default=Concat(Value("held:"), F("kind")),
    )
    done = Meeting.objects.exclude(status=MeetingStatus.BOOKED).filter(within("starts_at", *years, moment=True))
    return grid(done, "starts_at", key, years, total=True)


def closed(years: tuple[int, int]):
    return Participant.objects.filter(status=Status.CLOSED).filter(within("closed_on", *years))


def closings(years: tuple[int, int]) -> Grid:
    """People closed now (not reopened), by closing date and reason. The total is the flow's "Avslutad"."""
    return grid(closed(years), "closed_on", F("closing_reason"), years, person="pk", total=True)


def sent_recommendations(years: tuple[int, int]):
    return Recommendation.objects.exclude(status=RecommendationStatus.DRAFT).filter(within("sent_on", *years))


def recommendations(years: tuple[int, int], key) -> Grid:
    """Recommendations sent, by the date sent, grouped by `key` (category, receiver, or today's status)."""
    return grid(sent_recommendations(years), "sent_on", key, years, total=True)


def recommendation_areas(years: tuple[int, int]) -> Grid:
    """Recommendations sent, by insight area (one recommendation may concern several)."""
    areas = RecommendationArea.objects.filter(recommendation__in=sent_recommendations(years)).annotate(
        _sent=F("recommendation__sent_on")
    )
    return grid(areas, "_sent", F("area"), years, person="recommendation__participant",
                value=Count("recommendation", distinct=True))  # fmt: skip


# --- The target group: people registered, by registration date ------------------------------------------


def registered(years: tuple[int, int]):
    return Participant.objects.filter(within("registered_on", *years))


def age_at_registration():
    """Age reached during the year of registration (stored birth year: it survives anonymisation)."""
    age = ExtractYear("registered_on") - Coalesce(F("birth_year"), Value(0), output_field=IntegerField())
    edges = [(29, "-29"), (39, "30-39"), (49, "40-49"), (59, "50-59")]
    return Case(*[When(Q(_age__lte=edge), then=Value(band)) for edge, band in edges], default=Value("60-")), age


def breakdowns() -> dict:
    """The breakdowns of the registered people: each partitions them, so each sums to the flow's "Anmäld"."""
    band, _age = age_at_registration()
    return {
        "registered": Case(When(eligible=True, then=Value("inom")), default=Value("utanfor")),
        "age": band,
        "job": Case(
            When(job_days__lte=450, then=Value("-450")),
            When(job_days__lte=730, then=Value("451-730")),
            When(job_days__lte=1095, then=Value("731-1095")),
            default=Value("1096-"),
        ),
        "af": Case(
            When(failed_criteria__contains="af", then=Value("-10")),
            When(af_years__lt=15, then=Value("10-14")),
            When(af_years__lt=20, then=Value("15-19")),
            default=Value("20-"),
        ),
        "benefit": F("benefit"),
        "interpreter": Case(When(needs_interpreter=True, then=Value(YesNo.YES.value)), default=Value(YesNo.NO.value)),
        "gender": F("gender"),  # stored at registration and kept after anonymisation; "" where no number gave it
    }


def profiles(years: tuple[int, int]) -> dict[str, Grid]:
    """People registered, by registration date, in every breakdown at once (one query), each with its total;
    and "outside": those outside the target group by each criterion they fail (a person may fail several)."""
    names = breakdowns()
    _band, age = age_at_registration()
    rows = (
        registered(years)
        .annotate(_age=age, _year=ExtractYear("registered_on"), _month=ExtractMonth("registered_on"))
        .annotate(_tertial=tertial("_month"), **{f"_{name}": expression for name, expression in names.items()})
        .values("_year", "_tertial", "failed_criteria", *(f"_{name}" for name in names))
        .annotate(n=Count("pk"))
        .order_by()
    )
    grids: dict[str, Grid] = {name: {} for name in [*names, "outside"]}
    for row in rows:
        cell, n = (row["_year"], row["_tertial"]), row["n"]
        for name in names:
            counts = grids[name].setdefault(cell, {})
            for key in (str(row[f"_{name}"]), TOTAL):
                counts[key] = (counts.get(key, (0, 0))[0] + n,) * 2
        outside = grids["outside"].setdefault(cell, {})
        for criterion in filter(None, row["failed_criteria"].split(",")):
            outside[criterion] = (outside.get(criterion, (0, 0))[0] + n,) * 2
    return grids


def labels() -> dict[str, dict[str, str]]:
    """The rows of each breakdown, in display order."""
    return {
        "categories": {str(c.pk): c.name for c in RecommendationCategory.objects.order_by("position", "name")},
        "organisations": {str(o.pk): o.name for o in Organisation.objects.order_by("name")},
        "outcomes": {s.value: s.label for s in RecommendationStatus if s != RecommendationStatus.DRAFT},
        "areas": dict(InsightArea.choices),
        "closing": dict(ClosingReason.choices),
        "benefit": dict(Benefit.choices),
        "gender": {**dict(Gender.choices), "": _("Uppgift saknas")},
    }
