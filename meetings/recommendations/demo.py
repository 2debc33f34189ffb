"""Demo recommendations: every category and every status, for participants whose multi-party meeting was held.

Deterministic, idempotent (a participant who already has a recommendation is left alone), bulk inserts.
The status fits the participant's: drafts after the meeting, sent and followed up once recommended or closed.
"""

import random
from datetime import date, datetime, time, timedelta
from itertools import cycle

from django.db.models import Exists, OuterRef
from django.utils import timezone

from insikt.areas import InsightArea
from meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationArea,
    RecommendationCategory,
    RecommendationStatus,
    RecommendationStatusChange,
)
from participants.models import SecrecyWaiver, Status

S = RecommendationStatus
# The path to each status, so that the history reads as it would have happened.
PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SENT: [S.DRAFT, S.SENT],
    S.RECEIVED: [S.DRAFT, S.SENT, S.RECEIVED],
    S.DONE: [S.DRAFT, S.SENT, S.RECEIVED, S.DONE],
    S.NOT_DONE: [S.DRAFT, S.SENT, S.NOT_DONE],
    S.UNKNOWN: [S.DRAFT, S.SENT, S.UNKNOWN],
}
AFTER_SENDING = [S.SENT, S.RECEIVED, S.DONE, S.NOT_DONE, S.UNKNOWN, S.RECEIVED, S.SENT]
RATIONALES = [
    "Personen vill arbeta och har tydliga önskemål om yrke. Behöver stöd i matchning mot lediga jobb.",
    "Har under lång tid haft insatser utan samordning. Rekommenderar ett gemensamt planeringsmöte.",
    "Personen beskriver att tidigare insatser avbrutits. En insats i mindre grupp bedöms passa bättre.",
    "Behov av att arbetsförmågan utreds innan nästa steg planeras.",
    "Saknar gymnasiekompetens som efterfrågas i önskat yrke. Studier bedöms ge bäst förutsättningar.",
]
NOT_DONE_REASONS = ["Deltagaren tackade nej.", "Ingen plats i insatsen under perioden.", "Flyttade från Malmö."]
SENT_TO = {"af": "AF Malmö, arbetsförmedlare", "ama": "Jobbtorg Malmö", "eb": "Ekonomiskt bistånd, handläggare",
           "region": "Vårdcentral via deltagaren", "fk": "Försäkringskassan, samordnare"}  # fmt: skip


def seed_recommendations(staff: dict) -> int:
    """Add recommendations for participants with a held multi-party meeting and none yet; returns how many."""
    rng = random.Random(20230601)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    categories = list(
        RecommendationCategory.objects.filter(active=True).select_related("default_receiving_organisation")
    )
    latest = last_held_multi_party_meetings() if categories else {}
    if not latest:
        return 0
    named: dict = {}
    waivers = SecrecyWaiver.objects.active().filter(participant_id__in=list(latest))
    for participant_id, organisation_id in waivers.values_list("participant_id", "organisation_id"):
        named.setdefault(participant_id, set()).add(organisation_id)

    next_category = cycle(categories)
    next_outcome = cycle(AFTER_SENDING)
    recommendations, areas, changes = [], [], []
    for n, meeting in enumerate(latest.values()):
        participant = meeting.participant
        for _ in range(1 + n % 2):
            category = next(next_category)
            receiver = category.default_receiving_organisation or participant.registering_organisation
            is_named = receiver.pk == participant.registering_organisation_id or receiver.pk in named.get(
                participant.pk, set()
            )
            status = S.DRAFT if participant.status == Status.MEETING_HELD else next(next_outcome)
            recommendation = demo_recommendation(meeting, category, receiver, status, not is_named, rng, today)
            recommendations.append(recommendation)
            for area in rng.sample(list(InsightArea.values), rng.randint(1, 3)):
                areas.append(RecommendationArea(recommendation=recommendation, area=area))
            changes.extend(status_history(recommendation, meeting, today))
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    RecommendationArea.objects.bulk_create(areas, batch_size=2000)
    RecommendationStatusChange.objects.bulk_create(changes, batch_size=2000)
    return len(recommendations)


def last_held_multi_party_meetings() -> dict:
    """participant id → their last held multi-party meeting, for participants with no recommendation yet."""
    meetings = (
        Meeting.objects.filter(
            kind=MeetingKind.MULTI_PARTY,
            status=MeetingStatus.HELD,
            participant__status__in=[Status.MEETING_HELD, Status.RECOMMENDED, Status.CLOSED],
        )
        .filter(~Exists(Recommendation.objects.filter(participant=OuterRef("participant_id"))))
        .select_related("participant", "booked_by")
        .order_by("participant__registered_on", "participant_id", "-starts_at")
    )
    latest = {}
    for meeting in meetings:
        latest.setdefault(meeting.participant_id, meeting)
    return latest


def demo_recommendation(meeting, category, receiver, status, handed_over, rng, today) -> Recommendation:
    held_on = timezone.localdate(meeting.starts_at)
    sent_on = min(held_on + timedelta(days=rng.randint(1, 7)), today) if status != S.DRAFT else None
    # Some follow-ups are due already, so that the follow-up list has something to show.
    follow_up_on = (sent_on or held_on) + timedelta(weeks=rng.choice([2, 4, 8, 12]))
    return Recommendation(
        participant=meeting.participant, meeting=meeting, category=category, receiving_organisation=receiver,
        handed_over_by_participant=handed_over, rationale=rng.choice(RATIONALES), status=status,
        sent_on=sent_on, sent_to=SENT_TO.get(receiver.code, receiver.name) if sent_on else "",
        outcome_reason=rng.choice(NOT_DONE_REASONS) if status == S.NOT_DONE else "",
        follow_up_on=follow_up_on, created_by=meeting.booked_by,
    )  # fmt: skip


def status_history(recommendation, meeting, today) -> list[RecommendationStatusChange]:
    """Written the day of the meeting, sent on sent_on, each later step two weeks on (never ahead)."""
    held_on, now = timezone.localdate(meeting.starts_at), timezone.now()
    changes, previous = [], ""
    for step, to_status in enumerate(PATHS[recommendation.status]):
        day = held_on if step == 0 else min(recommendation.sent_on + timedelta(days=14 * (step - 1)), today)
        changes.append(
            RecommendationStatusChange(
                recommendation=recommendation,
                from_status=previous,
                to_status=to_status,
                reason=recommendation.outcome_reason if to_status == S.NOT_DONE else "",
                changed_by=meeting.booked_by,
                changed_at=min(at_afternoon(day), now),
            )
        )
        previous = to_status
    return changes


def at_afternoon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 0)))
