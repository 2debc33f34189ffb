"""Översikt: where the work stands, for the project leader and, for what their organisation may see,
for each organisation's staff.

The goal is the reports' own figure (reports.figures.goal_by_month, reports.report.target_for), so
the overview and the tertial report never disagree. Everything else counts only participants the
user may see (the one access queryset), so the numbers match the lists they link to.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from meetings.models import AWAITING_OUTCOME
from meetings.recommendations.access import visible_recommendations
from participants.access import access_requests_to_answer, visible_participants
from participants.models import FLOW, Consent, Status
from reports import figures
from reports.models import ExportRequest, ExportStatus, LogReview, PeriodKind, ReportingPeriod
from reports.outcomes.tables import IN_WORK, Outcomes
from reports.report import target_for
from reports.steering.queries import agenda_texts, latest_meeting
from reports.tables import Layout

WAITING_STEPS = [status for status in FLOW if status != Status.CLOSED]


@dataclass(frozen=True)
class Goal:
    label: str
    year: int
    achieved: int
    target: int
    target_is_default: bool

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target)) if self.target else 0


def goal(today: date) -> Goal:
    target, default = target_for(today.year)
    achieved = sum(figures.goal_by_month(today.year).values())
    return Goal(str(figures.GOAL_LABEL), today.year, achieved, target, default)


def results(today: date) -> dict:
    """The year so far's share in work or studies at closing and median days from registration to the first held
    multi-party meeting: the tertial report's own tables (reports.outcomes), so the same figures and marks."""
    layout = Layout(PeriodKind.TERTIAL, today.year, today.year, 1 + (today.month - 1) // 4)
    outcomes = Outcomes(layout, settings.REPORT_SUPPRESSION_THRESHOLD, only=("avslut",))
    share = outcomes.moment_table("avslut", "share")
    year = len(share.columns) - 1  # the year so far (in the first tertial, the period itself)
    column, threshold = share.columns[year], share.threshold
    days, n = outcomes.lead_times.median_days("anmalan", "flerpartsmote", year).texts(threshold)
    return {"in_work": column.cells[IN_WORK].text(threshold), "in_work_percent": column.percent(IN_WORK),
            "closed": column.total.text(threshold), "lead_days": days, "lead_n": n, "threshold": threshold}  # fmt: skip


def this_month(user, today: date) -> dict[str, int]:
    """Registrations and first consents since the first of the month, as the reports count them."""
    first = today.replace(day=1)
    visible = visible_participants(user)
    registered = visible.filter(registered_on__gte=first, registered_on__lte=today).count()
    earlier = Consent.objects.filter(participant=OuterRef("participant"), given_on__lt=first)
    consents = (
        Consent.objects.filter(participant__in=visible, given_on__gte=first, given_on__lte=today)
        .exclude(Exists(earlier))
        .aggregate(n=Count("participant", distinct=True))["n"]
    )
    return {"registered": registered, "consented": consents}


def stuck(user) -> list[tuple[str, str, int]]:
    """(status, label, how many) of the participants in a step of the flow with no change for N days."""
    counts = dict(
        visible_participants(user)
        .filter(status__in=WAITING_STEPS)
        .unchanged_for(settings.OVERVIEW_STUCK_DAYS)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return [(status.value, status.label, counts.get(status, 0)) for status in WAITING_STEPS]


def open_recommendations(user) -> list[tuple[str, int]]:
    """Sent recommendations still waiting for an outcome, by the organisation they went to."""
    rows = (
        visible_recommendations(user)
        .filter(status__in=AWAITING_OUTCOME)
        .values_list("receiving_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "receiving_organisation__name")
    )
    return list(rows)


def report_due(today: date) -> dict | None:
    """The tertial running now: when it ends and whether the agenda of its steering-group meeting is written."""
    period = ReportingPeriod.objects.filter(kind=PeriodKind.TERTIAL, starts_on__lte=today, ends_on__gte=today).first()
    if period is None:
        return None
    written = bool(agenda_texts(latest_meeting(period)))
    return {"period": period, "days_left": (period.ends_on - today).days, "texts_written": written}


def log_review_due(today: date) -> date | None:
    """Last month, if its access-log review is not signed off (it is due once the month has ended)."""
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    signed = LogReview.objects.filter(month=last_month, signed_off_at__isnull=False).exists()
    return None if signed else last_month


def overview(user) -> dict:
    today = timezone.localdate()
    leader = user.is_project_leader
    return {
        "goal": goal(today) if leader else None,
        "results": results(today) if leader else None,
        "this_month": this_month(user, today),
        "stuck": stuck(user),
        "stuck_days": settings.OVERVIEW_STUCK_DAYS,
        "open_recommendations": open_recommendations(user),
        "access_requests": access_requests_to_answer(user).count(),
        "report_due": report_due(today) if leader else None,
        "log_review_due": log_review_due(today) if leader else None,
        "exports_waiting": ExportRequest.objects.filter(status=ExportStatus.REQUESTED).count() if leader else 0,
        "today": today,
    }
