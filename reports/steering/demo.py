"""Demo steering-group meetings: the one after the latest finished tertial, with its agenda written, published and
two decisions (one closed), and the coming one with the staff's points. Idempotent."""

from datetime import timedelta

from insikt.models import Role, User
from reports.models import AgendaHeading, ReportingPeriod, SteeringDecision, SteeringMeeting
from reports.steering.services import publish_agenda

TEXTS = {
    "happened": "Anmälningarna har ökat sedan informationsmötena samordnades mellan Arbetsförmedlingen och Jobbtorg. "
    "Flerpartsmötena hålls nu på båda kontoren.",
    "challenges": "Det tar lång tid att få tolk till flerpartsmötena, och genomlysningen från Ekonomiskt bistånd "
    "blir ofta klar först dagen före mötet.",
    "learnings": "Frågeformuläret har fått en ny version med frågor om dokumentation och skuldrådgivning.",
    "decisions_needed": "Styrgruppen behöver ta ställning till om projektet ska erbjuda digitala flerpartsmöten.",
    "goal_comment": "Takten är lägre än planen. Förslag på åtgärder presenteras vid nästa styrgruppsmöte.",
}
POINTS = [
    (AgendaHeading.HAPPENED, "Två nya handläggare på Jobbtorg har börjat boka informationsmöten."),
    (AgendaHeading.CHALLENGES, "Väntetiden på tolk är fortfarande två till tre veckor."),
    (AgendaHeading.DECISIONS, "Får projektet använda lokalerna på Värnhem för flerpartsmöten på fredagar?"),
]
DEMO_CASEWORKERS = ["af.handlaggare", "malmo.handlaggare", "socialsekreterare"]
DECISIONS = [
    ("Projektledaren tar fram ett förslag på digitala flerpartsmöten.", "Projektledaren", 30, 25,
     "Förslaget presenterades och godkändes."),
    ("Arbetsförmedlingen och Ekonomiskt bistånd ser över hur genomlysningen kan bli klar en vecka före mötet.",
     "Enhetscheferna", 60, None, ""),
]  # fmt: skip


def meeting_after(period: ReportingPeriod, **texts) -> SteeringMeeting:
    """The quarter's meeting two weeks after the period, its förmöte a week before."""
    meets_on = period.ends_on + timedelta(days=14)
    meeting = SteeringMeeting.objects.filter(period=period, meets_on=meets_on).first()
    return meeting or SteeringMeeting.objects.create(
        period=period, meets_on=meets_on, pre_meeting_on=meets_on - timedelta(days=7), **texts
    )


def seed_steering(finished: ReportingPeriod, current: ReportingPeriod, by) -> SteeringMeeting:
    """Returns the finished period's meeting (its texts fill the tertial report's agenda chapter)."""
    held = meeting_after(finished, **TEXTS, updated_by=by)
    if not held.agendas.exists():
        publish_agenda(meeting=held, by=by)
    for text, responsible, due_days, closed_days, note in DECISIONS:
        SteeringDecision.objects.get_or_create(
            meeting=held,
            text=text,
            defaults={
                "responsible": responsible,
                "due_on": held.meets_on + timedelta(days=due_days),
                "closed_on": held.meets_on + timedelta(days=closed_days) if closed_days else None,
                "closing_note": note,
                "recorded_by": by,
            },
        )
    coming = meeting_after(current)
    # One point from each organisation's demo caseworker (insikt.demo), so the page shows the collaboration.
    staff = list(User.objects.filter(role=Role.CASEWORKER, username__in=DEMO_CASEWORKERS).order_by("organisation"))
    staff = staff or [by]
    for n, (heading, text) in enumerate(POINTS):
        coming.points.get_or_create(heading=heading, text=text, defaults={"added_by": staff[n % len(staff)]})
    return held
