"""Background work: the e-mail about notifications (no personal data), the task worker's database queue,
the scheduled jobs and report PDFs made by the worker."""

import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from insikt.home import jobs
from insikt.models import Notification
from meetings.tests.factories import book
from participants import tasks
from participants.tests.factories import register
from reports.models import ReportingPeriod, ReportSnapshot

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(monkeypatch):
    """`manage.py db_worker --batch`: everything queued, then stop. Inside the test's transaction the
    worker must not close the connection between tasks as it does in production."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def colleague(demo_staff):
    user = demo_staff["projektledare"]
    user.email, user.email_notifications = "petra.lind@example.se", True
    user.save()
    return user


def assign_task(af, to, first_name="Zlatana", **fields):
    participant = register(af, first_name=first_name, **fields)
    tasks.create_task(participant=participant, title="Ring tillbaka", due_on=timezone.localdate(), assigned_to=to,
                      by=af)  # fmt: skip
    return participant


def test_the_email_says_only_that_there_is_something_new(demo_staff, colleague):
    participant = assign_task(demo_staff["af.handlaggare"], colleague, personnummer="199001012385")
    [email] = mail.outbox
    assert email.to == ["petra.lind@example.se"] and email.subject == "Ny avisering i Insikt"
    assert "Du har 1 oläst avisering i Insikt." in email.body
    assert "http://127.0.0.1:8000/aviseringar/" in email.body
    text = email.subject + email.body
    for personal in (participant.first_name, participant.last_name, participant.personnummer, "19900101",
                     "Ring tillbaka", str(participant.pk)):  # fmt: skip
        assert personal not in text
    assert Notification.objects.get(user=colleague).text.startswith("Ny uppgift")


def test_plural_and_no_email_for_those_who_did_not_ask(demo_staff, colleague):
    af = demo_staff["af.handlaggare"]
    assign_task(af, colleague)
    Notification.objects.create(user=colleague, text="En till")
    book(register(af), demo_staff["malmo.handlaggare"], staff=[af])  # af has e-mail off
    assign_task(af, colleague, first_name="Andra")
    assert [m.to for m in mail.outbox] == [[colleague.email]] * 2
    assert "Du har 3 olästa aviseringar i Insikt." in mail.outbox[-1].body


def test_the_user_turns_email_on_and_off(client, demo_staff):
    user = demo_staff["af.handlaggare"]
    user.email = ""
    user.save()
    client.force_login(user)
    page = client.get("/aviseringar/").content.decode()
    assert "Ditt konto har ingen e-postadress" in page and re.search(r'name="email_notifications"[^>]*disabled', page)
    client.post("/aviseringar/", {"email_notifications": "1"})
    user.refresh_from_db()
    assert not user.email_notifications  # no address, nothing to turn on
    user.email = "anders.holm@example.se"
    user.save()
    response = client.post("/aviseringar/", {"email_notifications": "1"}, follow=True)
    user.refresh_from_db()
    assert user.email_notifications and "E-post vid nya aviseringar är påslagen." in response.content.decode()
    client.post("/aviseringar/", {})
    user.refresh_from_db()
    assert not user.email_notifications


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_email_is_queued_with_the_notification_and_sent_by_the_worker(demo_staff, colleague, run_worker):
    assign_task(demo_staff["af.handlaggare"], colleague)
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "insikt.jobs.send_notification_email" and queued.args_kwargs["args"] == [colleague.pk]
    run_worker()
    assert len(mail.outbox) == 1 and DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(TASKS=DATABASE_QUEUE)
def test_each_scheduled_job_is_queued_once_and_queues_its_next_run(db, run_worker):
    call_command("schedule_jobs", verbosity=0)
    call_command("schedule_jobs", verbosity=0)
    waiting = dict(DBTaskResult.objects.values_list("task_path", "run_after"))
    assert set(waiting) == {"insikt.home.jobs.daily_waiver_sync", "insikt.home.jobs.monthly_anonymisation"}
    assert DBTaskResult.objects.count() == 2
    daily = timezone.localtime(waiting["insikt.home.jobs.daily_waiver_sync"])
    assert (daily.hour, daily.minute) == (0, 15) and daily > timezone.now()
    monthly = timezone.localtime(waiting["insikt.home.jobs.monthly_anonymisation"])
    assert monthly.day == 1 and monthly.hour == 2 and monthly > timezone.now()

    DBTaskResult.objects.filter(task_path__endswith="daily_waiver_sync").update(run_after=timezone.now())
    run_worker()
    done, following = DBTaskResult.objects.filter(task_path__endswith="daily_waiver_sync").order_by("enqueued_at")
    assert done.status == "SUCCESSFUL" and following.status == "READY"
    assert timezone.localtime(following.run_after).date() == timezone.localdate() + timedelta(days=1)


@pytest.mark.parametrize("now, expected", [
    ("2026-12-01 00:10", "2026-12-01 00:15"), ("2026-12-01 00:20", "2026-12-02 00:15"),
    ("2026-12-31 23:00", "2027-01-01 00:15"),
])  # fmt: skip
def test_the_daily_schedule(now, expected):
    schedule = jobs.SCHEDULES["daily_waiver_sync"]
    assert f"{timezone.localtime(schedule.next_run(local(now))):%Y-%m-%d %H:%M}" == expected


@pytest.mark.parametrize("now, expected", [
    ("2026-12-01 01:00", "2026-12-01 02:00"), ("2026-12-01 03:00", "2027-01-01 02:00"),
    ("2026-12-15 12:00", "2027-01-01 02:00"), ("2027-01-31 12:00", "2027-02-01 02:00"),
])  # fmt: skip
def test_the_monthly_schedule(now, expected):
    schedule = jobs.SCHEDULES["monthly_anonymisation"]
    assert f"{timezone.localtime(schedule.next_run(local(now))):%Y-%m-%d %H:%M}" == expected


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_report_is_made_by_the_worker_while_the_page_waits(client, demo_staff, run_worker):
    period = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=1)
    leader = demo_staff["projektledare"]
    client.force_login(leader)
    token = uuid.uuid4()
    response = client.post(f"/rapporter/perioder/{period.pk}/ta-fram/", {"token": str(token)})
    assert response.url == f"/rapporter/tas-fram/{token}/" and not ReportSnapshot.objects.exists()
    waiting = client.get(response.url)
    assert waiting.status_code == 200 and "Rapporten står i kö" in waiting.content.decode()
    assert '<meta http-equiv="refresh"' in waiting.content.decode()
    run_worker()
    snapshot = ReportSnapshot.objects.get(request_token=token)
    assert client.get(response.url).url == f"/rapporter/{snapshot.pk}/"
    assert Notification.objects.get(user=leader).url == f"/rapporter/{snapshot.pk}/"
    client.force_login(demo_staff["malmo.handlaggare"])
    assert client.get(response.url).status_code == 403


def test_a_report_that_cannot_be_made_says_so(client, demo_staff, monkeypatch):
    from reports import jobs as report_jobs

    def broken(**kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(report_jobs, "generate_snapshot", broken)
    period = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=1)
    client.force_login(demo_staff["projektledare"])
    response = client.post(f"/rapporter/perioder/{period.pk}/ta-fram/", {"token": str(uuid.uuid4())}, follow=True)
    assert "Rapporten kunde inte tas fram." in response.content.decode() and not ReportSnapshot.objects.exists()


def test_an_unknown_wait_is_not_found(client, demo_staff):
    client.force_login(demo_staff["projektledare"])
    assert client.get(f"/rapporter/tas-fram/{uuid.uuid4()}/").status_code == 404
