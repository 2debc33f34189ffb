from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.decorators import role_required
from insikt.models import Role
from reports.models import ReportingPeriod, ReportSnapshot
from reports.services import generate_snapshot, render_report_html

READERS = (Role.STEERING_GROUP, Role.PROJECT_LEADER)


@role_required(*READERS)
def index(request):
    """The steering group's whole view of the project: the stored reports."""
    snapshots = ReportSnapshot.objects.select_related("period", "generated_by").defer("pdf")
    periods = ReportingPeriod.objects.all() if request.user.is_project_leader else []
    return render(request, "reports/index.html", {"snapshots": snapshots, "periods": periods})


@role_required(*READERS)
def download(request, pk):
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    response = HttpResponse(bytes(snapshot.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.filename}"'
    return response


@never_cache
@role_required(Role.PROJECT_LEADER)
def preview(request, period_pk):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    return HttpResponse(render_report_html(period, for_pdf=False))


@require_POST
@role_required(Role.PROJECT_LEADER)
def generate(request, period_pk):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    snapshot = generate_snapshot(period=period, by=request.user)
    messages.success(request, _("%(report)s är framtagen och sparad.") % {"report": snapshot})
    return redirect("reports:index")
