"""Demo findings: for participants whose multi-party meeting was held, one to three each, across the insight
areas, the types and the organisations, so that the analysis and the reports have material.

Deterministic, idempotent (a participant who already has a finding is left alone), one bulk insert.
"""

import random
from datetime import timedelta
from itertools import cycle

from django.db.models import Exists, OuterRef
from django.utils import timezone

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models import Finding, FindingType, HistoryReview, Meeting, MeetingKind, MeetingStatus

A = InsightArea
DESCRIPTIONS = {
    A.WORK: ["Personen ville söka arbete inom lager men fick bara studiemotiverande insatser.",
             "Matchningen mot lediga jobb upphörde när handläggaren byttes och togs aldrig upp igen."],
    A.ACTIVITIES: ["Planeringen förnyades varje år utan att insatserna ändrades.",
                   "Flera insatser pågick samtidigt utan att någon visste om de andra."],
    A.ORGANISATION: ["Kallelserna gick till en gammal adress under ett halvår.",
                     "Personen hade fyra olika handläggare på två år och fick börja om varje gång."],
    A.DOCUMENTATION: ["Arbetsförmågan bedömdes men bedömningen fanns inte i akten när nästa plan gjordes.",
                      "Avbrottet i praktiken är inte dokumenterat, så ingen följde upp varför."],
    A.HEALTH: ["Sjukskrivningen upphörde utan att någon stämde av med vården om nästa steg.",
               "Personen berättade om smärta vid flera möten men ingen remiss skrevs."],
    A.OTHER_OBSTACLES: ["Skulder gjorde att personen tackade nej till anställning; ingen budgetrådgivning erbjöds.",
                        "Behov av tolk noterades men tolk bokades inte till mötena."],
    A.COOPERATION: ["Ekonomiskt bistånd och Arbetsförmedlingen ställde krav på olika aktiviteter samma vecka.",
                    "En överlämning till kommunens insats föll bort när beslutet dröjde."],
}  # fmt: skip
SUGGESTIONS = ["Gemensam avstämning mellan organisationerna innan planen förnyas.",
               "En namngiven kontaktperson genom hela kedjan.",
               "Följ upp avbrott inom två veckor."]  # fmt: skip
OTHERS = ["Kriminalvården", "Migrationsverket", "Kronofogden"]
# Which organisation a finding concerns, weighted so that the analysis has some cells above the suppression limit.
CONCERNED = [Organisation.AF, Organisation.AF, Organisation.AMA, Organisation.EB, Organisation.EB,
             Organisation.FK, Organisation.REGION, None]  # fmt: skip


def seed_findings() -> int:
    """Add findings for participants with a held multi-party meeting and none yet; returns how many."""
    meetings = held_meetings_without_findings()
    types = list(FindingType.objects.filter(active=True))
    if not meetings or not types:
        return 0
    rng = random.Random(20231101)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    organisations = {o.code: o for o in Organisation.objects.all()}
    reviews = {
        r.participant_id: r
        for r in HistoryReview.objects.filter(participant_id__in=list(meetings)).order_by("-organisation__code")
    }
    areas, next_type = cycle(A.values), cycle(types)
    findings = []
    for n, meeting in enumerate(meetings.values()):
        held_on = timezone.localdate(meeting.starts_at)
        for k in range(1 + n % 3):
            area = next(areas)
            code = rng.choice(CONCERNED)
            review = reviews.get(meeting.participant_id) if k % 2 else None
            period_from = held_on - timedelta(days=rng.randint(120, 2000)) if rng.random() < 0.6 else None
            period_to = (
                period_from + timedelta(days=rng.randint(30, 400)) if period_from and rng.random() < 0.5 else None
            )
            findings.append(
                Finding(
                    participant_id=meeting.participant_id,
                    area=area,
                    finding_type=next(next_type),
                    organisation=organisations[code] if code else None,
                    other_organisation="" if code else rng.choice(OTHERS),
                    period_from=period_from,
                    period_to=min(period_to, held_on) if period_to else None,
                    description=rng.choice(DESCRIPTIONS[area]),
                    suggested_change=rng.choice(SUGGESTIONS) if rng.random() < 0.4 else "",
                    history_review=review,
                    meeting=None if review else meeting,
                    recorded_on=min(held_on + timedelta(days=rng.randint(0, 10)), today),
                    recorded_by=meeting.booked_by,
                    recorded_by_organisation_id=meeting.booked_by.organisation_id,
                )
            )
    Finding.objects.bulk_create(findings, batch_size=1000)
    return len(findings)


def held_meetings_without_findings() -> dict:
    """participant id → their last held multi-party meeting, for participants with no finding yet."""
    meetings = (
        Meeting.objects.filter(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD)
        .filter(~Exists(Finding.objects.filter(participant=OuterRef("participant_id"))))
        .select_related("booked_by")
        .order_by("participant__registered_on", "participant_id", "-starts_at")
    )
    latest = {}
    for meeting in meetings:
        latest.setdefault(meeting.participant_id, meeting)
    return latest
