"""The SUS export page: the project leader chooses a period, sees how many rows and downloads the file."""

from axes.helpers import get_client_ip_address
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.decorators import role_required
from insikt.models import Role
from reports import sus
from reports.models import PeriodKind, ReportingPeriod
from reports.sus_export import services
from reports.sus_export.builder import build_sus_export
from reports.sus_export.files import CONTENT_TYPES, filename
from reports.sus_export.forms import SusPeriodForm, SusProduceForm


def page(request, form):
    """Counts only: no number or name is shown on the page, so showing it is not a read of anyone."""
    export = build_sus_export(form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]) if form.is_valid() else None
    periods = ReportingPeriod.objects.exclude(kind=PeriodKind.PROJECT)[:6]
    context = {"form": form, "export": export, "columns": sus.COLUMNS, "note": sus.NOTE, "periods": periods}
    return render(request, "reports/sus/index.html", context)


@never_cache
@role_required(Role.PROJECT_LEADER)
def index(request):
    return page(request, SusPeriodForm(request.GET if "starts_on" in request.GET else None))


@never_cache
@require_POST
@role_required(Role.PROJECT_LEADER)
def download(request):
    form = SusProduceForm(request.POST)
    if not form.is_valid():
        return page(request, form)
    export, content = services.produce_sus_export(
        starts_on=form.cleaned_data["starts_on"],
        ends_on=form.cleaned_data["ends_on"],
        fmt=form.cleaned_data["format"],
        by=request.user,
        ip_address=get_client_ip_address(request),
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[form.cleaned_data["format"]])
    response["Content-Disposition"] = f'attachment; filename="{filename(export, form.cleaned_data["format"])}"'
    response["Cache-Control"] = "no-store"
    return response
