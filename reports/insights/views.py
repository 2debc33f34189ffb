"""The analysis page: the findings' protected counts for a reporting period and the checked quotes for everyone
who reads reports; for the project leader also the descriptions to read through, quote and summarise.

The descriptions are personal data: they are read through the access queryset and each participant shown is
written to the access log. The evaluator and the steering group get counts and checked quotes only."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from insikt.access import log_access, log_access_many
from insikt.areas import InsightArea
from insikt.decorators import role_required
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog, Role
from insikt.paging import page_of
from meetings.findings.access import visible_findings
from meetings.models import Finding
from reports.insights import services
from reports.insights.forms import FilterForm, QuoteForm, SummaryForm
from reports.insights.tables import Insights
from reports.models import AreaSummary, Quote, QuoteKind, ReportingPeriod
from reports.report import layout_of

READERS = (Role.PROJECT_LEADER, Role.STEERING_GROUP, Role.EVALUATOR)
DETAIL = "Analys av iakttagelser"
PAGE_SIZE = 30


def chosen_period(value) -> ReportingPeriod | None:
    """The period asked for, else the latest that has begun, else any."""
    periods = ReportingPeriod.objects.all()
    if value and str(value).isdigit() and (period := periods.filter(pk=value).first()):
        return period
    begun = periods.filter(starts_on__lte=timezone.localdate()).order_by("-starts_on", "kind")
    return begun.first() or periods.order_by("starts_on").first()


@never_cache
@role_required(*READERS)
def analysis(request):
    period = chosen_period(request.GET.get("period"))
    context = {"periods": ReportingPeriod.objects.order_by("-starts_on", "kind"), "period": period}
    if period is not None:
        insights = Insights(period, layout_of(period), settings.REPORT_SUPPRESSION_THRESHOLD)
        context["insights"] = insights
        if request.user.is_project_leader:
            context.update(descriptions(request, period, insights))
    return render(request, "reports/insights/analysis.html", context)


def descriptions(request, period: ReportingPeriod, insights: Insights) -> dict:
    """The page of descriptions the filter asks for, each with its quotes; every participant shown is logged."""
    form = FilterForm(request.GET, organisations=insights.organisation_labels, types=insights.type_labels)
    findings = (
        visible_findings(request.user)
        .filter(recorded_on__range=(period.starts_on, period.ends_on), **form.filters())
        .select_related("finding_type", "organisation")
        .order_by("area", "-recorded_on", "pk")
    )
    page = page_of(findings, request.GET.get("sida"), PAGE_SIZE)
    quotes = {(q.finding_id, q.kind): q for q in Quote.objects.filter(finding__in=[f.pk for f in page])}
    log_access_many(request, sorted({str(f.participant_id) for f in page}), AccessLog.Action.VIEW, DETAIL)
    query = request.GET.copy()
    query.pop("sida", None)
    back = urlencode({"next": request.GET.urlencode()})
    rows = [
        {"finding": f, "area": f.get_area_display(),
         "quote": quotes.get((f.pk, QuoteKind.DESCRIPTION)), "suggestion": quotes.get((f.pk, QuoteKind.SUGGESTION)),
         "quote_url": f"{reverse('reports:quote', args=[f.pk, QuoteKind.DESCRIPTION.value])}?{back}",
         "suggestion_url": f"{reverse('reports:quote', args=[f.pk, QuoteKind.SUGGESTION.value])}?{back}"}
        for f in page
    ]  # fmt: skip
    return {"filter_form": form, "page": page, "rows": rows, "query": query.urlencode()}


def finding_for_request(request, pk, action=AccessLog.Action.VIEW) -> Finding:
    finding = get_object_or_404(visible_findings(request.user).select_related("finding_type", "organisation"), pk=pk)
    log_access(request, finding.participant_id, action, f"{DETAIL}: iakttagelse {finding.pk}")
    return finding


def kind_of(value: str) -> QuoteKind:
    if value not in QuoteKind.values:
        raise Http404
    return QuoteKind(value)


def back_to(request) -> str:
    """Back to the analysis page as it was (period, filter, page), never to another site."""
    url = reverse("reports:insights")
    query = request.POST.get("next", request.GET.get("next", ""))
    return f"{url}?{query}" if query and "//" not in query and not query.startswith("/") else url


@never_cache
@role_required(Role.PROJECT_LEADER)
def quote_edit(request, pk, kind):
    kind = kind_of(kind)
    finding = finding_for_request(request, pk)
    quote = Quote.objects.filter(finding=finding, kind=kind).first()
    initial = {"text": quote.text, "version": quote.version} if quote else {}
    form = QuoteForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.save_quote(finding=finding, kind=kind, text=form.cleaned_data["text"],
                                expected_version=form.cleaned_data["version"], by=request.user)  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        except AlreadySaved:
            messages.info(request, _("Texten var redan sparad."))
            return redirect(back_to(request))
        except ConcurrentEditError:
            conflict = True
            quote = Quote.objects.filter(finding=finding, kind=kind).first()
            form = rebound_to_saved(QuoteForm, request, quote, model_form=False) if quote else QuoteForm(request.POST)
        else:
            log_access(request, finding.participant_id, AccessLog.Action.CHANGE, f"{DETAIL}: citat {finding.pk}")
            messages.success(request, _("Den granskade texten är sparad och kommer med i slutrapporten."))
            return redirect(back_to(request))
    context = {"form": form, "finding": finding, "quote": quote, "kind": kind, "conflict": conflict,
               "is_suggestion": kind == QuoteKind.SUGGESTION, "next": request.GET.get("next", "")}  # fmt: skip
    return render(request, "reports/insights/quote_form.html", context)


@never_cache
@role_required(Role.PROJECT_LEADER)
def quote_remove(request, pk, kind):
    """Take a quote out of the report (POST only; GET shows nothing)."""
    kind = kind_of(kind)
    if request.method != "POST":
        return redirect("reports:quote", pk=pk, kind=kind.value)
    finding = finding_for_request(request, pk, AccessLog.Action.CHANGE)
    quote = get_object_or_404(Quote, finding=finding, kind=kind)
    try:
        services.remove_quote(quote=quote, expected_version=int(request.POST.get("version") or 0), by=request.user)
    except ConcurrentEditError:
        messages.error(request, _("Texten har ändrats av någon annan sedan sidan öppnades. Den är inte borttagen."))
        return redirect("reports:quote", pk=pk, kind=kind.value)
    except AlreadySaved:
        pass
    messages.success(request, _("Texten är borttagen ur rapporten."))
    return redirect(back_to(request))


@never_cache
@role_required(Role.PROJECT_LEADER)
def summary_edit(request, period_pk, area):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    if area not in InsightArea.values:
        raise Http404
    summary = AreaSummary.objects.filter(period=period, area=area).first()
    initial = {"text": summary.text, "version": summary.version} if summary else {}
    form = SummaryForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.save_summary(period=period, area=area, text=form.cleaned_data["text"],
                                  expected_version=form.cleaned_data["version"], by=request.user)  # fmt: skip
        except ConcurrentEditError:
            conflict = True
            summary = AreaSummary.objects.get(period=period, area=area)
            form = rebound_to_saved(SummaryForm, request, summary, model_form=False)
        else:
            messages.success(request, _("Sammanfattningen är sparad."))
            return redirect(f"{reverse('reports:insights')}?period={period.pk}#omrade-{area}")
    context = {"form": form, "period": period, "area": InsightArea(area), "summary": summary, "conflict": conflict}
    return render(request, "reports/insights/summary_form.html", context)
