"""Report PDFs are made by the task worker: rendering one takes seconds, longer than a page should."""

import uuid

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from insikt.models import User
from insikt.notifications import notify
from reports.models import ReportingPeriod
from reports.services import generate_snapshot


@task()
def generate_report(period_id: int, user_id: int, token: str) -> str:
    """Make a new version of the period's report for the user; returns its id. The form's token makes a
    repeated run (a double click, a worker retry) find the version instead of making another."""
    by = User.objects.get(pk=user_id)
    snapshot = generate_snapshot(period=ReportingPeriod.objects.get(pk=period_id), by=by, token=uuid.UUID(token))
    notify([by], _("%(report)s är framtagen.") % {"report": snapshot}, reverse("reports:detail", args=[snapshot.pk]))
    return str(snapshot.pk)
