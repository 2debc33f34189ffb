"""The export pages: the evaluator asks and, once approved, produces; the project leader decides."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.decorators import role_required
from insikt.models import Role
from reports.exports import services
from reports.exports.access import producible_requests, visible_requests
from reports.exports.forms import DecisionForm, ProduceForm, RequestForm
from reports.models import ExportFormat, ExportStatus

READERS = (Role.EVALUATOR, Role.PROJECT_LEADER)


@never_cache
@role_required(*READERS)
def index(request):
    """The evaluator's own requests; for the project leader every request, the waiting ones first."""
    waiting_first = Case(When(status=ExportStatus.REQUESTED, then=Value(0)), default=Value(1),
                         output_field=IntegerField())  # fmt: skip
    requests = (
        visible_requests(request.user).annotate(produced=Count("downloads")).order_by(waiting_first, "-requested_at")
    )
    return render(request, "reports/exports/index.html", {"requests": requests})


@never_cache
@role_required(Role.EVALUATOR)
def create(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export, created = services.request_export(
                period=form.cleaned_data["period"],
                purpose=form.cleaned_data["purpose"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Din begäran är skickad till projektledaren."))
            else:
                messages.info(request, _("Begäran var redan skickad. Den har inte skickats en gång till."))
            return redirect("reports:exports:detail", pk=export.pk)
    return render(request, "reports/exports/request_form.html", {"form": form})


@never_cache
@role_required(*READERS)
def detail(request, pk, decision_form=None):
    export = get_object_or_404(visible_requests(request.user), pk=pk)
    if request.user.is_project_leader and export.is_waiting:
        decision_form = decision_form or DecisionForm(export=export)
    else:
        decision_form = None
    mine = export.requested_by_id == request.user.pk
    return render(
        request,
        "reports/exports/detail.html",
        {
            "export": export,
            "downloads": export.downloads.select_related("produced_by"),
            "decision_form": decision_form,
            "may_produce": mine and export.is_approved,
            "formats": ExportFormat.choices,
        },
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def decide(request, pk):
    export = get_object_or_404(visible_requests(request.user), pk=pk)
    form = DecisionForm(request.POST, export=export)
    if not form.is_valid():
        return detail(request, pk, decision_form=form)
    try:
        services.decide_export(
            export=export,
            approve=form.approves,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return detail(request, pk, decision_form=form)
    except services.AlreadyDecided as decided:
        messages.info(
            request,
            _("Begäran var redan beslutad (%(status)s) av %(who)s. Ditt beslut har inte sparats.")
            % {"status": decided.saved.get_status_display().lower(), "who": decided.saved.decided_by},
        )
    else:
        messages.success(request, _("Beslutet är sparat. Utvärderaren har fått en avisering."))
    return redirect("reports:exports:detail", pk=pk)


@require_POST
@role_required(Role.EVALUATOR)
def produce(request, pk):
    """The file itself. Only an approved request of the user's own is found; every production is logged."""
    export = get_object_or_404(producible_requests(request.user), pk=pk)
    form = ProduceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj CSV eller XLSX."))
        return redirect("reports:exports:detail", pk=pk)
    content, name, content_type = services.produce_export(
        export=export, fmt=form.cleaned_data["format"], by=request.user
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
