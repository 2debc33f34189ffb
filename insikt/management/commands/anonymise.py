"""Anonymise participants whose participation ended before a date, when their retention has passed.

Removes or replaces every personal field (name, personnummer, contact, free text, uploaded files)
and keeps what the reports count: birth year, the periods and days derived at registration,
statuses and their dates, meetings' kinds and dates, categories, and the answers to closed
questions. One transaction per participant; running it again changes nothing.

Like seed_demo this is a composition root: it writes every app's records of one participant.
"""

import uuid
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from meetings.models import (
    HistoryReview,
    Meeting,
    MeetingAttendee,
    Recommendation,
    RecommendationStatusChange,
    ReviewEvent,
    ReviewProgramme,
)
from participants.models import (
    ENDED,
    AccessRequest,
    Consent,
    ConsentWithdrawal,
    Participant,
    SecrecyWaiver,
    StatusChange,
    WaiverWithdrawal,
)
from questionnaire.models import CLOSED_TYPES, Answer, Question

REMOVED = "Anonymiserad"


def raw_update(queryset, **values) -> int:
    """UPDATE past the append-only guards: anonymisation is the one sanctioned change of those records."""
    return models.QuerySet.update(queryset, **values)


def ended_on(participant) -> date | None:
    if participant.closed_on:
        return participant.closed_on
    last = participant.status_changes.aggregate(at=Max("changed_at"))["at"]
    return timezone.localdate(last) if last else None


@transaction.atomic
def anonymise(participant) -> None:
    p = Participant.objects.select_for_update().get(pk=participant.pk)
    files = [r.document for r in [*Consent.objects.filter(participant=p), *SecrecyWaiver.objects.filter(participant=p)]]
    # Only once the database no longer names them: after a rollback the files must still be there.
    transaction.on_commit(lambda: [document.storage.delete(document.name) for document in files if document])
    raw_update(Consent.objects.filter(participant=p), document="")
    raw_update(SecrecyWaiver.objects.filter(participant=p), document="")
    raw_update(ConsentWithdrawal.objects.filter(consent__participant=p), reason=REMOVED)
    raw_update(WaiverWithdrawal.objects.filter(waiver__participant=p), reason=REMOVED)
    StatusChange.objects.filter(participant=p).exclude(reason="").update(reason=REMOVED)
    AccessRequest.objects.filter(participant=p).update(message="")
    meetings = Meeting.objects.filter(participant=p)
    meetings.update(notes="", place=REMOVED, video_link="")
    meetings.exclude(cancel_reason="").update(cancel_reason=REMOVED)  # a cancelled meeting keeps "a" reason
    # The interpreter's language says which language the person speaks: it goes too.
    MeetingAttendee.objects.filter(meeting__in=meetings, user__isnull=True).update(
        name=REMOVED, role="", language=Case(When(kind="tolk", then=Value(REMOVED)), default=Value(""))
    )
    reviews = HistoryReview.objects.filter(participant=p)
    reviews.update(earlier_plans="", summary="")
    ReviewProgramme.objects.filter(review__in=reviews).update(provider="")
    ReviewEvent.objects.filter(review__in=reviews).update(description=REMOVED)
    recommendations = Recommendation.objects.filter(participant=p)
    recommendations.update(rationale=REMOVED)
    recommendations.exclude(sent_to="").update(sent_to=REMOVED)
    recommendations.exclude(outcome_reason="").update(outcome_reason=REMOVED)
    RecommendationStatusChange.objects.filter(recommendation__in=recommendations).exclude(reason="").update(
        reason=REMOVED
    )
    answers = Answer.objects.filter(response__participant=p)
    answers.exclude(question__type__in=CLOSED_TYPES).update(text="", number=None, date=None)
    Answer.objects.filter(question__in=Question.objects.filter(type__in=CLOSED_TYPES), response__participant=p).update(
        text=""
    )
    Participant.objects.filter(pk=p.pk).update(
        personnummer=None,  # unique by construction: NULL is never equal to NULL
        first_name=REMOVED,
        last_name="",
        phone="",
        email="",
        address="",
        language="",
        status_reason=REMOVED if p.status_reason else "",
        outside_target_group_reason=REMOVED if p.outside_target_group_reason else "",
        anonymised_at=timezone.now(),
    )


class Command(BaseCommand):
    help = "Anonymiserar deltagare vars deltagande avslutades före DATUM och vars bevarandetid har löpt ut."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="ÅÅÅÅ-MM-DD: deltagande som avslutades före detta datum")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Visa vad som skulle göras, ändra inget")
        mode.add_argument("--apply", action="store_true", help="Anonymisera")
        parser.add_argument("--participant", help="Bara denna deltagare (id)")

    def handle(self, *args, before, dry_run, apply, participant, **options):
        try:
            cutoff = date.fromisoformat(before)
        except ValueError:
            raise CommandError("--before ska vara ett datum som ÅÅÅÅ-MM-DD.") from None
        if cutoff > timezone.localdate():
            raise CommandError("--before kan inte ligga i framtiden.")
        candidates = Participant.objects.filter(anonymised_at__isnull=True).select_related("registering_organisation")
        if participant:
            one = Participant.objects.filter(pk=participant).first() if is_uuid(participant) else None
            if one is None:
                raise CommandError("Ingen deltagare med det id:t.")
            if one.status not in ENDED:
                raise CommandError("Deltagaren är inte avslutad: bara avslutade deltagare kan anonymiseras.")
            candidates = candidates.filter(pk=one.pk)
        else:
            candidates = candidates.filter(status__in=ENDED)
        done = skipped = 0
        for candidate in candidates.iterator(chunk_size=200):
            ended = ended_on(candidate)
            retention = timedelta(days=candidate.registering_organisation.retention_days)
            if ended is None or ended >= cutoff:
                continue
            if ended + retention > timezone.localdate():
                skipped += 1
                organisation = candidate.registering_organisation.short_name
                self.stdout.write(f"{candidate.pk}: bevaras till {ended + retention} ({organisation})")
                continue
            if apply:
                anonymise(candidate)
            done += 1
            self.stdout.write(
                f"{candidate.pk}: {'anonymiserad' if apply else 'skulle anonymiseras'} (avslutad {ended})"
            )
        verb = "Anonymiserade" if apply else "Skulle anonymisera"
        self.stdout.write(f"{verb} {done} deltagare; {skipped} bevaras ännu.")


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
