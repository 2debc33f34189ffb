import csv
import io
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from insikt.decorators import role_required
from insikt.models import Role
from reports.jobs import generate_report
from reports.models import ReportingPeriod, ReportSnapshot
from reports.services import render_report_html
from reports.steering.queries import latest_agendas

READERS = (Role.STEERING_GROUP, Role.PROJECT_LEADER, Role.EVALUATOR)  # the evaluator reads the reports, never a person
AGENDA_READERS = (Role.STEERING_GROUP, Role.PROJECT_LEADER)
GENERATION_FAILED = gettext_lazy("Rapporten kunde inte tas fram. Försök igen, eller kontakta driften.")


@role_required(*READERS)
def index(request):
    """The steering group's whole view of the project: the published agendas of its meetings, and the stored
    reports, the current version of each first."""
    snapshots = ReportSnapshot.objects.select_related("period", "generated_by").defer("pdf", "tables")
    by_period: dict = {}
    for snapshot in snapshots.order_by("-period__starts_on", "period__kind", "-number"):
        by_period.setdefault(snapshot.period, []).append(snapshot)
    reports = [
        {"period": period, "current": versions[0], "earlier": versions[1:]} for period, versions in by_period.items()
    ]
    periods = ReportingPeriod.objects.all() if request.user.is_project_leader else []
    context = {"reports": reports, "periods": periods, "token": uuid.uuid4(), "agendas": None}
    if request.user.role in AGENDA_READERS:  # the evaluator reads the reports, not the steering group's agendas
        context["agendas"] = latest_agendas()[:8]
    return render(request, "reports/index.html", context)


@role_required(*READERS)
def detail(request, pk):
    """One stored version: what it covers, its tables, and each table as CSV."""
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("period", "generated_by").defer("pdf"), pk=pk)
    newest = snapshot.period.snapshots.order_by("-number").values_list("pk", flat=True).first()
    return render(request, "reports/detail.html", {"snapshot": snapshot, "current": newest == snapshot.pk})


@role_required(*READERS)
def download(request, pk):
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    response = HttpResponse(bytes(snapshot.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.filename}"'
    return response


@role_required(*READERS)
def table_csv(request, pk, key):
    """A table exactly as printed in the PDF (the same marks), for a spreadsheet: semicolons, UTF-8 with BOM."""
    snapshot = get_object_or_404(ReportSnapshot.objects.defer("pdf"), pk=pk)
    table = next((t for t in snapshot.tables if t["key"] == key), None)
    if table is None:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([table["title"], *table["header"]])
    writer.writerows(table["rows"])
    if table["total"]:
        writer.writerow(table["total"])
    for note in table["notes"]:
        writer.writerow([note])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.filename.removesuffix(".pdf")}-{key}.csv"'
    return response


@never_cache
@role_required(Role.PROJECT_LEADER)
def preview(request, period_pk):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    return HttpResponse(render_report_html(period, for_pdf=False))


@require_POST
@role_required(Role.PROJECT_LEADER)
def generate(request, period_pk):
    """Queue the report for the worker and wait for it on a page of its own."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = uuid.uuid4()
    if not ReportSnapshot.objects.filter(request_token=token).exists():
        result = generate_report.enqueue(period.pk, request.user.pk, str(token))
        if result.status == TaskResultStatus.FAILED:  # a backend that runs it at once
            messages.error(request, GENERATION_FAILED)
            return redirect("reports:index")
        request.session[job_key(token)] = str(result.id)
    return redirect("reports:generating", token=token)


def job_key(token) -> str:
    return f"report-job:{token}"


@never_cache
@role_required(Role.PROJECT_LEADER)
def generating(request, token):
    """Until the worker has made the report: a page that looks again every few seconds."""
    if snapshot := ReportSnapshot.objects.filter(request_token=token).defer("pdf", "tables").first():
        messages.success(request, _("%(report)s är framtagen och sparad.") % {"report": snapshot})
        return redirect("reports:detail", pk=snapshot.pk)
    if not (result_id := request.session.get(job_key(token))):
        raise Http404
    try:
        status = generate_report.get_result(result_id).status
    except TaskResultDoesNotExist:
        raise Http404 from None
    if status == TaskResultStatus.FAILED:
        messages.error(request, GENERATION_FAILED)
        return redirect("reports:index")
    return render(request, "reports/generating.html", {"waiting": status == TaskResultStatus.READY})
