"""Monthly log review (logguppföljning): a sample of access-log entries for the project leader.

The sample is random entries plus every entry caught by a rule:
- a read by staff of an organisation that neither registered the participant nor was named by a
  waiver in force on the day of the read,
- a read outside office hours (before 07, from 19, or at a weekend, Stockholm time),
- reads by a user who read far more than usual that month (a sample of theirs),
- every duplicate check, where registration told someone that a person is already in Insikt,
- every entry about a person with protected personal data (sekretessmarkering, skyddad folkbokföring),
- every change of a staff account (created, role, deactivated, password link …), from the account history.
All selection runs in SQL.
"""

import random
from datetime import date
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone

from insikt.models import AccessLog, AccountChange
from participants.models import Participant, SecrecyWaiver
from reports.models import LogReview, LogReviewEntry

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RANDOM_SAMPLE = 20
HEAVY_READER_MIN = 200  # reads in a month that make a user's reads worth a look
HEAVY_READER_SAMPLE = 10
OFFICE_HOURS = (7, 19)


def month_range(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def entries_in(month: date):
    start, end = month_range(month)
    return AccessLog.objects.filter(at__date__gte=start, at__date__lt=end)


def reads_without_grounds(entries):
    """Reads by an organisation that did not register the participant and that no waiver named that day."""
    day = TruncDate("at", tzinfo=STOCKHOLM)
    registered_by_reader = Participant.objects.filter(
        pk=OuterRef("participant_id"), registering_organisation_id=OuterRef("organisation_id")
    )
    waiver_that_day = SecrecyWaiver.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("day")),
        Q(withdrawal__isnull=True) | Q(withdrawal__withdrawn_on__gt=OuterRef("day")),
        participant_id=OuterRef("participant_id"),
        organisation_id=OuterRef("organisation_id"),
        valid_from__lte=OuterRef("day"),
    )
    return entries.annotate(day=day).filter(~Exists(registered_by_reader), ~Exists(waiver_that_day))


def reads_outside_office_hours(entries):
    hour = ExtractHour("at", tzinfo=STOCKHOLM)
    weekday = ExtractIsoWeekDay("at", tzinfo=STOCKHOLM)
    return entries.annotate(hour=hour, weekday=weekday).filter(
        Q(hour__lt=OFFICE_HOURS[0]) | Q(hour__gte=OFFICE_HOURS[1]) | Q(weekday__gte=6)
    )


def heavy_reader_ids(entries) -> list[int]:
    return list(
        entries.values("user").annotate(n=Count("pk")).filter(n__gte=HEAVY_READER_MIN).values_list("user", flat=True)
    )


@transaction.atomic
def create_review(*, month: date, by, seed: int | None = None) -> LogReview:
    month = month.replace(day=1)
    review = LogReview.objects.create(month=month, created_by=by)
    entries = entries_in(month)
    chosen: dict[int, str] = {}
    for pk in reads_without_grounds(entries).values_list("pk", flat=True):
        chosen.setdefault(pk, LogReviewEntry.Rule.NO_GROUNDS)
    for pk in entries.filter(action=AccessLog.Action.DUPLICATE_CHECK).values_list("pk", flat=True):
        chosen.setdefault(pk, LogReviewEntry.Rule.DUPLICATE_CHECK)
    protected = Participant.objects.exclude(protected_identity="").values("pk")
    for pk in entries.filter(participant_id__in=protected).values_list("pk", flat=True):
        chosen.setdefault(pk, LogReviewEntry.Rule.PROTECTED)
    for pk in reads_outside_office_hours(entries).values_list("pk", flat=True)[:200]:
        chosen.setdefault(pk, LogReviewEntry.Rule.OFF_HOURS)
    for user_id in heavy_reader_ids(entries):
        for pk in entries.filter(user_id=user_id).order_by("?").values_list("pk", flat=True)[:HEAVY_READER_SAMPLE]:
            chosen.setdefault(pk, LogReviewEntry.Rule.HEAVY_READER)
    # Random sample: pick ids in Python from the id list only, so that the choice can be seeded in tests.
    ids = list(entries.exclude(pk__in=chosen).values_list("pk", flat=True))
    for pk in random.Random(seed).sample(ids, min(RANDOM_SAMPLE, len(ids))):  # noqa: S311 - sampling, not security
        chosen[pk] = LogReviewEntry.Rule.RANDOM
    LogReviewEntry.objects.bulk_create(
        LogReviewEntry(review=review, entry_id=pk, rule=rule) for pk, rule in chosen.items()
    )
    start, end = month_range(month)
    changes = AccountChange.objects.filter(at__date__gte=start, at__date__lt=end).values_list("pk", flat=True)
    LogReviewEntry.objects.bulk_create(
        LogReviewEntry(review=review, account_change_id=pk, rule=LogReviewEntry.Rule.ACCOUNT_CHANGE) for pk in changes
    )
    return review


def sign_off(*, review: LogReview, comment: str, by) -> bool:
    """Sign a month's review with what was checked. Signed once, kept as it was: only an unsigned one changes."""
    return bool(
        LogReview.objects.filter(pk=review.pk, signed_off_at__isnull=True).update(
            comment=comment, signed_off_by=by, signed_off_at=timezone.now()
        )
    )
