"""The scheduled jobs, run by the task worker (`manage.py db_worker`) like all background work.

Django's task framework has no clock of its own, so each scheduled job queues its own next run when
it has run (whatever the outcome), and `manage.py schedule_jobs` (run by `make run` and at every
deploy, docs/drift.md) queues the first run of any job that has none waiting. A worker that was down
runs a missed job once when it starts again, then keeps to the schedule.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from participants.sharing import sync_waiver_access


@dataclass(frozen=True)
class Schedule:
    job: Task
    runs_on: Callable[[date], bool]
    at: time  # local time

    def next_run(self, now: datetime) -> datetime:
        """The first time `at` after `now` on a day the job runs."""
        day = timezone.localdate(now)
        while (candidate := timezone.make_aware(datetime.combine(day, self.at))) <= now or not self.runs_on(day):
            day += timedelta(days=1)
        return candidate


def queue_next(job) -> datetime | None:
    """Queue the job's next run unless one is already waiting; returns when the waiting run is due
    (None on a backend that cannot defer, such as the tests' immediate one)."""
    if not job.get_backend().supports_defer:
        return None
    waiting = DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY)
    if found := waiting.order_by("run_after").values_list("run_after", flat=True).first():
        return found
    run_after = SCHEDULES[job.name].next_run(timezone.now())
    job.using(run_after=run_after).enqueue()
    return run_after


@task()
def daily_waiver_sync() -> int:
    """Just after midnight: grant access for waivers that start today, revoke it for those that have ended."""
    try:
        return sync_waiver_access()
    finally:
        queue_next(daily_waiver_sync)


@task()
def monthly_anonymisation() -> None:
    """On the first of the month: anonymise the participants whose organisation's retention has passed
    (`manage.py anonymise`, which writes what it did to the worker's log by participant id only)."""
    try:
        call_command("anonymise", before=timezone.localdate().isoformat(), apply=True)
    finally:
        queue_next(monthly_anonymisation)


SCHEDULES = {
    daily_waiver_sync.name: Schedule(daily_waiver_sync, lambda day: True, time(0, 15)),
    monthly_anonymisation.name: Schedule(monthly_anonymisation, lambda day: day.day == 1, time(2, 0)),
}
