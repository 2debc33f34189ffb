"""Lead times between the steps: the median number of days, and how many people it is the median of.

A lead time "A → B" is each person's days from their first A to their first B, counted in the tertial of B (the
day B was first reached, as the flow counts it: reports.figures), for the people who reached A no later than B.
The steps are the flow's own: registration day, first consent given, first held multi-party meeting (its day in
Stockholm), first recommendation sent, closing day (closed and not reopened).

The days are fetched in one query (five dates per person who reached a step in the years, nothing else) and the
medians taken in Python: SQLite has no median, and PostgreSQL's percentile_cont would make a second way to
count. A median and its n are printed only when n is at least the threshold, and a sum over tertials (the year
so far, the year, the project) only when every one of its tertials is printed, as the counts are
(reports.suppression). The people of "Anmälan → B" are exactly the flow's row for B; for another pair they are
fewer (those who reached B without A before it), and where that difference is 1–4 people the n is hidden too,
so that the flow's row minus n cannot give it away.
"""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import DateField, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting, MeetingKind, MeetingStatus, Recommendation, RecommendationStatus
from participants.models import Consent, Participant, Status
from reports.figures import within
from reports.models import PeriodKind
from reports.tables import Layout

STEPS = {
    "anmalan": gettext_lazy("Anmälan"),
    "samtycke": gettext_lazy("samtycke"),
    "flerpartsmote": gettext_lazy("första flerpartsmöte"),
    "rekommendation": gettext_lazy("första rekommendation"),
    "avslut": gettext_lazy("avslut"),
}
PAIRS = [
    ("anmalan", "samtycke"),
    ("samtycke", "flerpartsmote"),
    ("flerpartsmote", "rekommendation"),
    ("rekommendation", "avslut"),
    ("anmalan", "flerpartsmote"),
    ("anmalan", "avslut"),
]


def first(queryset, field: str):
    return Subquery(queryset.filter(participant=OuterRef("pk")).order_by(field).values(field)[:1])


def step_days(years: tuple[int, int]) -> list[dict]:
    """Each step's first day for every person who reached a step after registration in the years. One query."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD, kind=MeetingKind.MULTI_PARTY)
    sent = Recommendation.objects.exclude(status=RecommendationStatus.DRAFT)
    people = Participant.objects.annotate(
        anmalan=F("registered_on"),
        samtycke=first(Consent.objects.all(), "given_on"),
        flerpartsmote=TruncDate(first(held, "starts_at"), output_field=DateField()),
        rekommendation=first(sent, "sent_on"),
    )
    closed = Q(status=Status.CLOSED) & within("closed_on", *years)
    reached = within("samtycke", *years) | within("flerpartsmote", *years) | within("rekommendation", *years)
    rows = people.filter(reached | closed).values("status", "closed_on", *list(STEPS)[:-1])
    return [{**row, "avslut": row["closed_on"] if row["status"] == Status.CLOSED else None} for row in rows]


def tertial_of(day) -> tuple[int, int]:
    return day.year, 1 + (day.month - 1) // 4


@dataclass
class Part:
    """One tertial's lead time of one pair: the days of its people, and of those who reached B at all."""

    days: list[int] = field(default_factory=list)
    reached: int = 0


def parts(years: tuple[int, int]) -> dict[tuple[str, str], dict[tuple[int, int], Part]]:
    result = {pair: {} for pair in PAIRS}
    for row in step_days(years):
        for a, b in PAIRS:
            if row[b] is None or not years[0] <= row[b].year <= years[1]:
                continue
            part = result[(a, b)].setdefault(tertial_of(row[b]), Part())
            part.reached += 1
            if row[a] is not None and row[a] <= row[b]:
                part.days.append((row[b] - row[a]).days)
    return result


@dataclass
class Figure:
    n: int
    days: float | None
    shown: bool

    def texts(self, threshold: int) -> tuple[str, str]:
        if not self.n:
            return "–", "–"
        if not self.shown:
            return "..", f"<{threshold}" if self.n < threshold else ".."
        return f"{self.days:g}".replace(".", ","), str(self.n)


class LeadTimes:
    """The lead-time table of a report's layout (or the overview's year so far): a column per printed period."""

    key = "ledtider"
    chart, bars = False, []  # read with the count tables (reports.services): never a chart

    def __init__(self, layout: Layout, threshold: int):
        self.threshold = threshold
        self.title = _("Ledtider mellan stegen, median i dagar")
        by_pair = parts(layout.years)
        self.header, spans = columns_of(layout)
        self.figures = {pair: [self.figure(by_pair[pair], span) for span in spans] for pair in PAIRS}
        self.main = 0 if layout.kind == PeriodKind.TERTIAL else len(spans) - 1

    def figure(self, tertials: dict, span: list[tuple[int, int]]) -> Figure:
        chosen = [tertials.get(t, Part()) for t in span]
        days = [d for part in chosen for d in part.days]
        shown = all(self.shown(part) for part in chosen) and bool(days)
        return Figure(len(days), median(days) if days else None, shown)

    def shown(self, part: Part) -> bool:
        """A tertial's n is printed at the threshold or more, and when the flow's people minus it is no 1–4."""
        n, without = len(part.days), part.reached - len(part.days)
        return (n == 0 or n >= self.threshold) and not 0 < without < self.threshold

    def median_days(self, a: str, b: str, column: int) -> Figure:
        return self.figures[(a, b)][column]

    @property
    def rows(self) -> list[dict]:
        return [
            {"label": capfirst(f"{STEPS[a]} → {STEPS[b]}"), "cells": [f.texts(self.threshold) for f in figures]}
            for (a, b), figures in self.figures.items()
        ]

    @property
    def notes(self) -> list[str]:
        t = self.threshold
        return [
            _("Dagar från personens första steg A till hens första steg B, för dem som nått B under perioden och A "
              "före eller samma dag; n är antalet personer. Medianen är den mittersta ledtiden (medelvärdet av de "
              "två mittersta när n är jämnt)."),
            _("Medianen och n visas bara när n är minst %(t)s. ..: visas inte, eftersom n är under %(t)s, eller "
              "eftersom de som nått B utan A då skulle vara 1–%(m)s personer, eller (året) eftersom någon tertial "
              "inte visas. <%(t)s: n är 1–%(m)s personer.") % {"t": t, "m": t - 1},
        ]  # fmt: skip

    def as_data(self) -> dict:
        header = [h for label in self.header for h in (_("%(c)s: median, dagar") % {"c": label},
                                                       _("%(c)s: n") % {"c": label})]  # fmt: skip
        return {
            "key": self.key,
            "title": str(self.title),
            "header": header,
            "rows": [[row["label"], *(text for cell in row["cells"] for text in cell)] for row in self.rows],
            "total": None,
            "notes": self.notes,
        }


def columns_of(layout: Layout) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """The printed columns, as the count tables have them (reports.tables.build), and the tertials of each."""
    if layout.kind == PeriodKind.TERTIAL:
        year, last = layout.first_year, layout.tertial
        if last == 1:
            return [_("Perioden")], [[(year, 1)]]
        return [_("Perioden"), _("Året hittills")], [[(year, last)], [(year, t) for t in range(1, last + 1)]]
    if layout.kind == PeriodKind.YEAR:
        year = layout.first_year
        return ([*(_("Tertial %(n)s") % {"n": t} for t in (1, 2, 3)), _("Året")],
                [*([(year, t)] for t in (1, 2, 3)), [(year, t) for t in (1, 2, 3)]])  # fmt: skip
    years = range(layout.first_year, layout.last_year + 1)
    spans = [[(y, t) for t in (1, 2, 3)] for y in years]
    return [*(str(y) for y in years), _("Hela projektet")], [*spans, [c for span in spans for c in span]]
