"""The agenda as the steering group reads it: the five fixed headings, the open decisions, and the latest figures
from the reports' own Report (the same definitions and suppression as the tertial report for the period)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from reports import charts
from reports.models import AGENDA_FIELDS, AgendaHeading, SteeringMeeting
from reports.pdf import render_pdf, static_url
from reports.report import Report
from reports.steering.queries import open_decisions


def agenda_context(meeting: SteeringMeeting, *, for_pdf: bool) -> dict:
    report = Report(meeting.period)
    goal = report.goal
    headings = [
        {"heading": heading, "text": getattr(meeting, AGENDA_FIELDS[heading.value]),
         "is_happened": heading == AgendaHeading.HAPPENED, "is_goal": heading == AgendaHeading.GOAL}
        for heading in AgendaHeading
    ]  # fmt: skip
    return {
        "meeting": meeting,
        "period": meeting.period,
        "headings": headings,
        "open_decisions": list(open_decisions(meeting)),
        "report": report,
        "goal": goal,
        "flow": report.tables["flow"],
        "progress_svg": mark_safe(charts.progress_chart(goal.cumulative_by_month, goal.target or 0, goal.label))  # noqa: S308 - numbers only
        if goal.cumulative_by_month
        else "",
        "generated_on": timezone.localdate(),
        "stylesheet": static_url("css/report.css") if for_pdf else None,
        "for_pdf": for_pdf,
    }


def agenda_html(meeting: SteeringMeeting, *, for_pdf: bool = True) -> str:
    return render_to_string("reports/steering/agenda.html", agenda_context(meeting, for_pdf=for_pdf))


def agenda_pdf(meeting: SteeringMeeting) -> bytes:
    return render_pdf(agenda_html(meeting))
