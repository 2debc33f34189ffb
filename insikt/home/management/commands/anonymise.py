"""Anonymise participants whose participation ended before a date, when their retention has passed.

Each app removes the person from its own records (its services' anonymise_… function) and keeps what
the reports count: birth year, the periods and days derived at registration, statuses and their dates,
meetings' kinds and dates, categories, the answers to closed questions, and the findings' codes
(organisation, area, type, period; their descriptions go). One transaction per participant; the scanned
documents are deleted only once it has committed. Running it again changes nothing: an anonymised
participant refuses every write.
"""

import uuid
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from meetings.findings.services import anonymise_findings
from meetings.recommendations.services import anonymise_recommendations
from meetings.services import anonymise_meetings
from participants.models import ENDED, Participant
from participants.services import anonymise_participant
from questionnaire.services import anonymise_answers


def ended_on(participant) -> date | None:
    if participant.closed_on:
        return participant.closed_on
    last = participant.status_changes.aggregate(at=Max("changed_at"))["at"]
    return timezone.localdate(last) if last else None


@transaction.atomic
def anonymise(participant) -> None:
    p = Participant.objects.select_for_update().get(pk=participant.pk)
    anonymise_answers(p)
    anonymise_recommendations(p)
    anonymise_findings(p)
    anonymise_meetings(p)
    files = anonymise_participant(p)  # last: it marks the participant anonymised
    # Only once the database no longer names them: after a rollback the files must still be there.
    transaction.on_commit(lambda: [document.storage.delete(document.name) for document in files])


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
