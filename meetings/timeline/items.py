"""What goes on the person's journey over time: the lanes, one dated item, and the items Insikt knows."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import MeetingStatus
from participants.models import Status

LANE_AF = "af"
LANE_PROGRAMMES = "program"
LANE_BENEFITS = "ersattning"
LANE_PROJECT = "insikt"
LANE_CONSENT = "samtycke"
LANE_MEETINGS = "moten"
LANE_RECOMMENDATIONS = "rekommendationer"
LANE_EVENTS = "handelser"
LANE_FINDINGS = "iakttagelser"

# In display order. The first five are always drawn, so that an empty lane says "nothing recorded".
LANES = {
    LANE_AF: gettext_lazy("Arbetsförmedlingen"),
    LANE_PROGRAMMES: gettext_lazy("Program och insatser"),
    LANE_BENEFITS: gettext_lazy("Ersättningar"),
    LANE_PROJECT: gettext_lazy("Insikt"),
    LANE_CONSENT: gettext_lazy("Samtycke"),
    LANE_MEETINGS: gettext_lazy("Möten"),
    LANE_RECOMMENDATIONS: gettext_lazy("Rekommendationer"),
    LANE_FINDINGS: gettext_lazy("Iakttagelser"),
    LANE_EVENTS: gettext_lazy("Viktiga händelser"),
}
ALWAYS_SHOWN = [LANE_AF, LANE_PROGRAMMES, LANE_BENEFITS, LANE_PROJECT, LANE_CONSENT, LANE_MEETINGS]

# style → (marker shape, legend text). Shapes differ as well as colours, so that print in grey still reads.
STYLES = {
    "period-af": ("bar", gettext_lazy("Inskriven på AF")),
    "period-job": ("bar", gettext_lazy("Jobb- och utvecklingsgarantin")),
    "period-programme": ("bar", gettext_lazy("Program eller insats")),
    "period-benefit": ("bar", gettext_lazy("Ersättning")),
    "milestone": ("diamond", gettext_lazy("Anmälan, genomlysning klar, avslutad")),
    "event": ("square", gettext_lazy("Händelse i genomlysningen (hälsa, boende …)")),
    "consent": ("square", gettext_lazy("Samtycke, sekretessgenombrott")),
    "withdrawn": ("square-crossed", gettext_lazy("Återkallat eller upphört")),
    "meeting-held": ("circle", gettext_lazy("Möte genomfört")),
    "meeting-booked": ("circle-open", gettext_lazy("Möte bokat")),
    "meeting-missed": ("circle-crossed", gettext_lazy("Möte inställt eller uteblev")),
    "recommendation": ("triangle", gettext_lazy("Rekommendation")),
    "finding": ("triangle-down", gettext_lazy("Iakttagelse")),
    "period-finding": ("bar", gettext_lazy("Iakttagelse om en period")),
}


@dataclass(frozen=True)
class TimelineItem:
    """A point in time (no end, not ongoing) or a period. `lane` is a key of LANES, `style` a key of STYLES."""

    lane: str
    label: str
    start: date
    end: date | None = None
    ongoing: bool = False
    style: str = "milestone"

    @property
    def is_period(self) -> bool:
        return self.end is not None or self.ongoing

    @property
    def lane_label(self) -> str:
        return str(LANES.get(self.lane, self.lane))

    @property
    def when(self) -> str:
        if not self.is_period:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {_('pågår') if self.ongoing else self.end.isoformat()}"


def meeting_style(status: str) -> str:
    if status == MeetingStatus.HELD:
        return "meeting-held"
    if status == MeetingStatus.BOOKED:
        return "meeting-booked"
    return "meeting-missed"


def collect_items(participant, *, meetings, consents, waivers, reviews, today: date) -> list[TimelineItem]:
    items = [
        TimelineItem(
            LANE_AF, _("Inskriven på Arbetsförmedlingen"), participant.af_registered_on, ongoing=True, style="period-af"
        ),
        TimelineItem(
            LANE_AF, _("Jobb- och utvecklingsgarantin"), participant.job_entered_on, ongoing=True, style="period-job"
        ),
        TimelineItem(LANE_PROJECT, _("Anmäld till Insikt"), participant.registered_on),
        *consent_items(consents, waivers, today),
    ]
    for meeting in meetings:
        label = f"{meeting.get_kind_display()} ({meeting.get_status_display().lower()})"
        day = timezone.localdate(meeting.starts_at)
        items.append(TimelineItem(LANE_MEETINGS, label, day, style=meeting_style(meeting.status)))
    for review in reviews:
        items.extend(review_items(review))
    if participant.closed_on and participant.status == Status.CLOSED:
        label = _("Avslutad: %(reason)s") % {"reason": participant.get_closing_reason_display().lower()}
        items.append(TimelineItem(LANE_PROJECT, label, participant.closed_on))
    return items


def consent_items(consents, waivers, today: date) -> list[TimelineItem]:
    items = []
    for consent in consents:
        items.append(TimelineItem(LANE_CONSENT, _("Samtycke givet"), consent.given_on, style="consent"))
        if hasattr(consent, "withdrawal"):
            withdrawn_on = consent.withdrawal.withdrawn_on
            items.append(TimelineItem(LANE_CONSENT, _("Samtycke återkallat"), withdrawn_on, style="withdrawn"))
    for waiver in waivers:
        org = waiver.organisation.short_name
        label = _("Sekretessgenombrott mot %(org)s") % {"org": org}
        items.append(TimelineItem(LANE_CONSENT, label, waiver.valid_from, style="consent"))
        if hasattr(waiver, "withdrawal"):
            label = _("Sekretessgenombrott mot %(org)s återkallat") % {"org": org}
            items.append(TimelineItem(LANE_CONSENT, label, waiver.withdrawal.withdrawn_on, style="withdrawn"))
        elif waiver.valid_to and waiver.valid_to < today:
            label = _("Sekretessgenombrott mot %(org)s upphörde") % {"org": org}
            items.append(TimelineItem(LANE_CONSENT, label, waiver.valid_to, style="withdrawn"))
    return items


def review_items(review) -> list[TimelineItem]:
    """A history review's programmes and benefits as periods, its dated events (by area only: the text stays in
    the review) and its completion as a milestone."""
    items = []
    for programme in review.programmes.all():
        label = str(programme.programme_type) + (f", {programme.provider}" if programme.provider else "")
        items.append(TimelineItem(LANE_PROGRAMMES, label, programme.starts_on, end=programme.ends_on,
                                  ongoing=programme.ends_on is None, style="period-programme"))  # fmt: skip
    for benefit in review.benefits.all():
        label = benefit.get_benefit_type_display()
        items.append(TimelineItem(LANE_BENEFITS, label, benefit.starts_on, end=benefit.ends_on,
                                  ongoing=benefit.ends_on is None, style="period-benefit"))  # fmt: skip
    for event in review.events.all():
        if event.occurred_on:  # an undated event has no place on a time axis; the review lists it
            items.append(TimelineItem(LANE_EVENTS, event.get_category_display(), event.occurred_on, style="event"))
    if review.completed_on:
        label = _("Genomlysning klar (%(org)s)") % {"org": review.organisation.short_name}
        items.append(TimelineItem(LANE_PROJECT, label, review.completed_on))
    return items
