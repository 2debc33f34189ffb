"""What the steering group's pages, the agenda and the reports read about its meetings."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from reports.models import (
    AGENDA_FIELDS,
    AgendaDocument,
    AgendaHeading,
    AgendaPoint,
    ReportingPeriod,
    SteeringDecision,
    SteeringMeeting,
)


def open_decisions(meeting: SteeringMeeting):
    """Decisions taken at earlier meetings and not yet closed: they stand under "Vad har hänt sedan sist?"."""
    return (
        SteeringDecision.objects.filter(closed_on__isnull=True, meeting__meets_on__lt=meeting.meets_on)
        .select_related("meeting")
        .order_by("meeting__meets_on", "due_on", "id")
    )


def latest_meeting(period: ReportingPeriod) -> SteeringMeeting | None:
    """The meeting whose agenda a tertial report prints: the latest one about the period's figures."""
    if not period.pk:
        return None
    return period.steering_meetings.order_by("-meets_on").first()


def agenda_texts(meeting: SteeringMeeting | None, *, with_goal: bool = False) -> list[tuple[str, str]]:
    """The agenda's written texts under their fixed headings, in order; headings without text are left out."""
    if meeting is None:
        return []
    texts = []
    for heading in AgendaHeading:
        if heading == AgendaHeading.GOAL and not with_goal:
            continue  # the report prints the goal's comment in its own chapter
        text = getattr(meeting, AGENDA_FIELDS[heading.value])
        if text.strip():
            texts.append((heading.label, text))
    return texts


def points_by_heading(meeting: SteeringMeeting) -> list[tuple[AgendaHeading, list]]:
    """Every heading in the agenda's order, with the staff's points under it (an empty list when none)."""
    points: dict[str, list] = {heading.value: [] for heading in AgendaHeading}
    for point in meeting.points.select_related("added_by", "added_by__organisation").order_by("added_at"):
        points[point.heading].append(point)
    return [(heading, points[heading.value]) for heading in AgendaHeading]


def prefilled_texts(meeting: SteeringMeeting) -> dict[str, str]:
    """The agenda's texts as saved, and for an empty one the staff's points under its heading, one a line."""
    filled = {}
    for heading, points in points_by_heading(meeting):
        field = AGENDA_FIELDS[heading.value]
        filled[field] = getattr(meeting, field) or "\n".join(f"– {point.text}" for point in points)
    return filled


def points_since_written(meeting: SteeringMeeting):
    """Points added after the agenda was last saved with some text: the prefill no longer shows them."""
    if not any(getattr(meeting, field) for field in AGENDA_FIELDS.values()):
        return AgendaPoint.objects.none()
    return meeting.points.filter(added_at__gt=meeting.updated_at).select_related("added_by").order_by("added_at")


def meetings_with_agendas():
    """Meetings, the newest first, each with the number of its latest published agenda (None: not published)."""
    return SteeringMeeting.objects.select_related("period").annotate(published=Max("agendas__number"))


def latest_agendas():
    """The current version of every published agenda, the newest meeting first: what the steering group reads."""
    newest = AgendaDocument.objects.filter(meeting=OuterRef("meeting")).order_by("-number").values("pk")[:1]
    return (
        AgendaDocument.objects.filter(pk=Subquery(newest))
        .select_related("meeting", "meeting__period")
        .defer("pdf")
        .order_by("-meeting__meets_on")
    )


@dataclass
class DecisionRow:
    year: int
    meets_on: date
    text: str
    responsible: str
    due_on: date | None
    closed_on: date | None
    closing_note: str

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def state(self) -> str:
        if self.is_open:
            return _("Öppet")
        return _("Avslutat %(date)s") % {"date": self.closed_on.isoformat()}


def decision_log(first_year: int, last_year: int) -> list[DecisionRow]:
    """The decisions of the meetings held in these years, in the order they were taken, open or closed."""
    decisions = SteeringDecision.objects.filter(
        meeting__meets_on__year__gte=first_year, meeting__meets_on__year__lte=last_year
    ).order_by("meeting__meets_on", "due_on", "id")
    return [
        DecisionRow(d.meeting.meets_on.year, d.meeting.meets_on, d.text, d.responsible, d.due_on, d.closed_on,
                    d.closing_note)
        for d in decisions.select_related("meeting")
    ]  # fmt: skip


def decision_log_table(rows: list[DecisionRow]) -> dict:
    """The log as a stored table, in the shape of reports.tables.Table.as_data: its CSV comes from the same view."""
    return {
        "key": "beslutslogg",
        "title": _("Styrgruppens beslut"),
        "header": [_("Beslut"), _("Ansvarig"), _("Klart senast"), _("Läge"), _("Hur det avslutades")],
        "rows": [
            [
                r.meets_on.isoformat(),
                r.text,
                r.responsible,
                r.due_on.isoformat() if r.due_on else "",
                r.state,
                r.closing_note,
            ]
            for r in rows
        ],  # fmt: skip
        "total": None,
        "notes": [_("Första kolumnen är dagen för styrgruppsmötet där beslutet togs.")],
    }
