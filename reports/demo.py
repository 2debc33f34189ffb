"""Demo reports: the year's target, its reporting periods with steering-group meetings, and generated
reports (the latest finished tertial and the year's final report), so that the steering group sees reports
the moment it signs in. Idempotent: a period that already has a report gets no new version."""

from django.utils import timezone

from reports.insights.demo import seed_insights
from reports.models import PeriodKind, ReportingPeriod, YearTarget
from reports.services import generate_snapshot
from reports.steering.demo import seed_steering


def seed_reports(by) -> int:
    """Returns how many reports were generated. In January–April no tertial of the year has finished: the last
    tertial of the previous year stands in, so that there is always a tertial report to read."""
    today = timezone.localdate()
    current = 1 + (today.month - 1) // 4
    periods = [ReportingPeriod.objects.get_or_create(kind=PeriodKind.TERTIAL, year=today.year, tertial=t)[0]
               for t in range(1, current + 1)]  # fmt: skip
    finished = [p for p in periods if p.ends_on < today]
    if not finished:
        finished = [ReportingPeriod.objects.get_or_create(kind=PeriodKind.TERTIAL, year=today.year - 1, tertial=3)[0]]
    year = ReportingPeriod.objects.get_or_create(kind=PeriodKind.YEAR, year=today.year)[0]
    for target_year in {today.year, finished[-1].year}:
        YearTarget.objects.get_or_create(year=target_year, defaults={"reviewed_target": 300})
    seed_steering(finished[-1], periods[-1], by)
    seed_insights(year, by)  # the final report's area summaries and checked quotes
    generated = 0
    for period in [finished[-1], year]:
        if not period.snapshots.exists():
            generate_snapshot(period=period, by=by)
            generated += 1
    return generated
