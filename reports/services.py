"""Render a report and store it as an immutable snapshot, with its tables exactly as printed."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from insikt.models import Organisation
from reports import charts
from reports.models import ReportingPeriod, ReportSnapshot
from reports.pdf import render_pdf, static_url
from reports.report import Report
from reports.steering.queries import agenda_texts, decision_log_table, latest_meeting


def report_context(report: Report, *, for_pdf: bool) -> dict:
    period = report.period
    for table in report.all_tables():
        # A chart only where it shows something: two or more shown bars.
        table.svg = mark_safe(charts.bar_chart(table.bars)) if table.chart and len(table.bars) >= 2 else ""  # noqa: S308 - labels escaped in bar_chart
    texts = latest_meeting(period)  # the agenda of the latest steering-group meeting about the period
    goal = report.goal
    return {
        "period": period,
        "report": report,
        "goal": goal,
        "tables": report.tables,
        "texts": texts,
        "agenda": agenda_texts(texts),
        "organisations": Organisation.objects.filter(has_staff=True),
        "progress_svg": mark_safe(charts.progress_chart(goal.cumulative_by_month, goal.target or 0, goal.label))  # noqa: S308 - numbers only
        if goal.cumulative_by_month
        else "",
        "generated_on": timezone.localdate(),
        "stylesheet": static_url("css/report.css") if for_pdf else None,
        "for_pdf": for_pdf,
    }


def render_report_html(period: ReportingPeriod, *, for_pdf: bool = True, report: Report | None = None) -> str:
    report = report or Report(period)
    return render_to_string("reports/report.html", report_context(report, for_pdf=for_pdf))


def generate_snapshot(*, period: ReportingPeriod, by, token=None) -> ReportSnapshot:
    """A new numbered version for the period; earlier versions stay as they were. A repeated submit of the same
    form (same token) returns the version it made instead of making another."""
    if token and (existing := ReportSnapshot.objects.filter(request_token=token).first()):
        return existing
    report = Report(period)
    pdf = render_pdf(render_report_html(period, report=report))
    tables = [table.as_data() for table in report.all_tables()]
    if report.decision_log is not None:
        tables.append(decision_log_table(report.decision_log))
    try:
        with transaction.atomic():
            period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
            number = (period.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
            return ReportSnapshot.objects.create(
                period=period, number=number, pdf=pdf, tables=tables, generated_by=by, request_token=token
            )
    except IntegrityError:
        if token and (existing := ReportSnapshot.objects.filter(request_token=token).first()):
            return existing
        raise
