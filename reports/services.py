"""Render a report and store it as an immutable snapshot."""

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from insikt.models import Organisation
from reports import charts
from reports.figures import Figures
from reports.models import ReportingPeriod, ReportSnapshot, SteeringTexts
from reports.pdf import render_pdf, static_url


def report_context(period: ReportingPeriod, *, for_pdf: bool) -> dict:
    figures = Figures(period)
    for table in figures.tables.values():
        bars = [(str(label), None if cell.hidden else cell.value) for label, cell in zip(
            table.labels.values(), table.period.cells.values(), strict=True)]  # fmt: skip
        table.chart = mark_safe(charts.bar_chart(bars, figures.threshold))  # noqa: S308 - labels escaped in bar_chart
    texts = SteeringTexts.objects.filter(period=period).first() if period.pk else None
    return {
        "period": period,
        "figures": figures,
        "goal": figures.goal,
        "tables": figures.tables,
        "texts": texts,
        "organisations": Organisation.objects.filter(has_staff=True),
        "progress_svg": mark_safe(  # noqa: S308 - built from numbers only
            charts.progress_chart(figures.goal["cumulative_by_month"], figures.goal["target"])
        ),
        "generated_on": timezone.localdate(),
        "stylesheet": static_url("css/report.css") if for_pdf else None,
        "for_pdf": for_pdf,
    }


def render_report_html(period: ReportingPeriod, *, for_pdf: bool = True) -> str:
    return render_to_string("reports/report.html", report_context(period, for_pdf=for_pdf))


@transaction.atomic
def generate_snapshot(*, period: ReportingPeriod, by) -> ReportSnapshot:
    """A new numbered version for the period; earlier versions stay as they were."""
    pdf = render_pdf(render_report_html(period))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    number = (period.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
    return ReportSnapshot.objects.create(period=period, number=number, pdf=pdf, generated_by=by)
