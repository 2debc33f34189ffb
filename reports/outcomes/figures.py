"""The outcomes' figures: occupation and support at each moment, defined once for the reports and the overview.

Each moment counts its own group of people, dated by the moment itself (as every other figure is dated by when
it happened), so that each is additive over tertials and the year is the sum of its tertials:

- "inskrivning": people registered in the tertial (reports.figures.registered: the flow's "Anmäld"), with the
  state recorded at registration;
- "avslut": people closed in the tertial and not reopened (reports.figures.closed: the closing table's total),
  with the state recorded at closing;
- "uppf-<k>": people closed (and not reopened) whose follow-up k months after closing fell due in the tertial,
  that is whose closing day plus k months falls in it, with that follow-up's state.

So the moments are not the same people: the entry and exit tables are SUS's "registration in and out", and a
follow-up table is of those who left k months earlier. Every person of a group is in exactly one occupation
row: a recorded occupation, "Gick inte att nå" (a follow-up recorded as not reached) or "Uppgift saknas"
(nothing recorded for the moment). Supports are counted per person and source; a person may have several.

Each fact answers a reports.figures Grid, {(year, tertial): {key: (people, people)}}, one query per moment.
"""

from datetime import date

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from participants.models import Occupation, Outcome, OutcomeMoment, OutcomeSupport, Participant, Status, Support
from reports.figures import TOTAL, Grid, closed, registered, tertial

BEFORE_AFTER = (6, 12)  # the follow-ups with occupation and support tables; every one has its share table
MISSING, NOT_REACHED = "saknas", "ej_nadd"


def moments() -> dict[str, tuple[str, int]]:
    """{key: (OutcomeMoment, months after closing)} in the order the reports print them."""
    return {
        "inskrivning": (OutcomeMoment.REGISTRATION, 0),
        "avslut": (OutcomeMoment.CLOSING, 0),
        **{f"uppf-{k}": (OutcomeMoment.FOLLOW_UP, k) for k in settings.FOLLOW_UP_MONTHS},
    }


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)  # only ever the first of a month here


def shifted(field: str, months: int) -> dict:
    """The year and month of `field` plus `months`, in SQL (no database adds months to a date the same way)."""
    ahead, rest = divmod(months, 12)
    month = ExtractMonth(field)
    later = Q(**{f"{field}__month__gt": 12 - rest})
    return {
        "_year": ExtractYear(field) + Case(When(later, then=Value(ahead + 1)), default=Value(ahead)),
        "_month": Case(When(later, then=month + Value(rest - 12)), default=month + Value(rest),
                       output_field=IntegerField()),
    }  # fmt: skip


def on(field: str) -> dict:
    return {"_year": ExtractYear(field), "_month": ExtractMonth(field)}


def group(key: str, years: tuple[int, int]):
    """The moment's people in the years, annotated with the year and tertial they are counted in."""
    moment, months = moments()[key]
    if moment == OutcomeMoment.REGISTRATION:
        people, dated = registered(years), on("registered_on")
    elif moment == OutcomeMoment.CLOSING:
        people, dated = closed(years), on("closed_on")
    else:
        start, end = months_before(date(years[0], 1, 1), months), months_before(date(years[1] + 1, 1, 1), months)
        people = Participant.objects.filter(status=Status.CLOSED, closed_on__gte=start, closed_on__lt=end)
        dated = shifted("closed_on", months)
    return people.annotate(**dated).annotate(_tertial=tertial("_month")), moment, months


def states(key: str, years: tuple[int, int]) -> list[dict]:
    """Per (year, tertial, occupation row): the people, and how many of them had each support. One query."""
    people, moment, months = group(key, years)
    outcome = Outcome.objects.filter(participant=OuterRef("pk"), moment=moment, months_after=months)
    state = Case(
        When(Exists(outcome.filter(not_reached=True)), then=Value(NOT_REACHED)),
        When(Exists(outcome), then=Subquery(outcome.values("occupation")[:1])),
        default=Value(MISSING),
        output_field=CharField(),
    )
    has = {
        f"_{s}": Exists(
            OutcomeSupport.objects.filter(
                support=s, outcome__participant=OuterRef("pk"), outcome__moment=moment, outcome__months_after=months
            )
        )
        for s in Support.values
    }
    supports = {s: Count("pk", filter=Q(**{f"_{s}": True})) for s in Support.values}
    rows = people.annotate(_state=state, **has).values("_year", "_tertial", "_state")
    return list(rows.annotate(n=Count("pk"), **supports).order_by())


def grids(key: str, years: tuple[int, int]) -> tuple[Grid, Grid]:
    """(occupation, support) of the moment's group. Both have the group's people as TOTAL; the support grid
    also has the occupation grid's "Gick inte att nå" and "Uppgift saknas" (the same people)."""
    occupation: Grid = {}
    support: Grid = {}
    for row in states(key, years):
        cell, n = (row["_year"], row["_tertial"]), row["n"]
        for target, keys in ((occupation, [row["_state"], TOTAL]), (support, [TOTAL])):
            counts = target.setdefault(cell, {})
            for k in keys:
                counts[k] = (counts.get(k, (0, 0))[0] + n,) * 2
        counts = support.setdefault(cell, {})
        if row["_state"] in (MISSING, NOT_REACHED):
            counts[row["_state"]] = occupation[cell][row["_state"]]
        for s in Support.values:
            counts[s] = (counts.get(s, (0, 0))[0] + row[s],) * 2
    return occupation, support


def occupation_labels(follow_up: bool) -> dict[str, str]:
    extra = {NOT_REACHED: _("Gick inte att nå")} if follow_up else {}
    return {**dict(Occupation.choices), **extra, MISSING: _("Uppgift saknas")}


def support_labels(follow_up: bool) -> dict[str, str]:
    extra = {NOT_REACHED: _("Gick inte att nå")} if follow_up else {}
    return {**dict(Support.choices), **extra, MISSING: _("Uppgift saknas")}
