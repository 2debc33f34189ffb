"""Recording occupation and support (Outcome) at registration, at closing and at the follow-ups after closing.

The rules live here as Swedish messages keyed by the form's fields, so that the outcome form, the closing form and
the tests obey the same ones; the forms say them on their fields (participants/outcome_forms.py).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import AlreadySaved, ConcurrentEditError, claim_version
from participants import services
from participants.access import CHANGE, visible_participants
from participants.models import ENDED, Outcome, OutcomeMoment, OutcomeSupport, Participant, Status, Support

REGISTRATION_SLUG, CLOSING_SLUG, FOLLOW_UP_PREFIX = "anmalan", "avslut", "uppfoljning-"


@dataclass(frozen=True)
class Moment:
    """One moment of a participant's outcomes, as the URL names it (`anmalan`, `avslut`, `uppfoljning-6`)."""

    moment: str
    months_after: int = 0

    @property
    def slug(self) -> str:
        if self.moment == OutcomeMoment.FOLLOW_UP:
            return f"{FOLLOW_UP_PREFIX}{self.months_after}"
        return REGISTRATION_SLUG if self.moment == OutcomeMoment.REGISTRATION else CLOSING_SLUG

    @property
    def label(self) -> str:
        if self.moment == OutcomeMoment.FOLLOW_UP:
            return _("Uppföljning %(months)s mån") % {"months": self.months_after}
        return str(OutcomeMoment(self.moment).label)

    @property
    def is_follow_up(self) -> bool:
        return self.moment == OutcomeMoment.FOLLOW_UP

    @property
    def is_closing(self) -> bool:
        return self.moment == OutcomeMoment.CLOSING


REGISTRATION = Moment(OutcomeMoment.REGISTRATION)
CLOSING = Moment(OutcomeMoment.CLOSING)


def follow_ups() -> list[Moment]:
    return [Moment(OutcomeMoment.FOLLOW_UP, months) for months in settings.FOLLOW_UP_MONTHS]


def moment_from_slug(slug: str) -> Moment | None:
    return next((m for m in [REGISTRATION, CLOSING, *follow_ups()] if m.slug == slug), None)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month is 28 or 29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due_on(participant: Participant, moment: Moment) -> date | None:
    return add_months(participant.closed_on, moment.months_after) if participant.closed_on else None


# --- The rules ----------------------------------------------------------------------------------------------


def moment_error(participant: Participant, moment: Moment) -> str | None:
    """Why this moment cannot be recorded for the participant now (None: it can)."""
    if message := participant.writable_error():
        return message
    if moment.moment != OutcomeMoment.REGISTRATION and participant.status != Status.CLOSED:
        if moment.is_follow_up:
            return _("Uppföljningar registreras först när deltagaren är avslutad.")
        return _("Läget vid avslut registreras när deltagaren avslutas.")
    return None


def date_error(participant: Participant, moment: Moment, recorded_on: date) -> str | None:
    closed_on = participant.closed_on
    if recorded_on > timezone.localdate():
        return _("Datumet kan inte ligga i framtiden.")
    if moment.is_follow_up and closed_on and recorded_on < closed_on:
        return _("En uppföljning kan inte ligga före avslutet (%(day)s).") % {"day": closed_on.isoformat()}
    if moment.moment == OutcomeMoment.REGISTRATION and closed_on and recorded_on > closed_on:
        return _("Läget vid anmälan kan inte ligga efter avslutet (%(day)s).") % {"day": closed_on.isoformat()}
    if moment.is_closing and recorded_on < participant.registered_on:
        return _("Datumet ligger före anmälan (%(day)s).") % {"day": participant.registered_on.isoformat()}
    return None


def value_errors(moment: Moment, *, occupation: str, supports, not_reached: bool) -> dict[str, str]:
    """What is wrong with the occupation and supports given, keyed by field."""
    errors = {}
    if not_reached:
        if not moment.is_follow_up:
            errors["not_reached"] = _("Bara en uppföljning kan registreras som ”gick inte att nå”.")
        elif occupation or supports:
            errors["not_reached"] = _(
                "Personen gick inte att nå: lämna sysselsättning och försörjning tomma, eller ta bort krysset."
            )
        return errors
    if not occupation:
        errors["occupation"] = _("Välj sysselsättning.")
    if not supports:
        errors["supports"] = _("Välj minst en försörjning.")
    elif Support.NONE in supports and len(set(supports)) > 1:
        errors["supports"] = _("”Ingen egen försörjning” kan inte väljas tillsammans med en annan försörjning.")
    return errors


def outcome_errors(participant, moment, *, recorded_on, occupation, supports, not_reached=False) -> dict[str, str]:
    """Every rule at once, keyed by the outcome form's fields (`__all__` for the moment itself)."""
    errors = value_errors(moment, occupation=occupation, supports=supports, not_reached=not_reached)
    if message := moment_error(participant, moment):
        errors["__all__"] = message
    if recorded_on is None:
        errors["recorded_on"] = _("Ange datum.")
    elif message := date_error(participant, moment, recorded_on):
        errors["recorded_on"] = message
    return errors


# --- Writes -------------------------------------------------------------------------------------------------


def _write(outcome: Outcome, *, recorded_on, occupation, supports, not_reached, by) -> None:
    outcome.recorded_on, outcome.occupation, outcome.not_reached = recorded_on, occupation or "", not_reached
    outcome.recorded_by, outcome.recorded_by_organisation_id = by, by.organisation_id
    outcome.save()
    OutcomeSupport.objects.filter(outcome=outcome).delete()
    OutcomeSupport.objects.bulk_create(OutcomeSupport(outcome=outcome, support=s) for s in dict.fromkeys(supports))


def record_outcome(
    *, participant, moment: Moment, recorded_on, occupation="", supports=(), not_reached=False,
    expected_version=None, by, token=None,
) -> tuple[Outcome, bool]:  # fmt: skip
    """Record a moment, or correct it as it was when the form was opened (`expected_version`; None: it was not
    recorded then). Returns (outcome, written); a repeated submit of the same form writes nothing. Raises
    ConcurrentEditError (with `saved`) when someone recorded or corrected it since the form was opened."""
    values = {"recorded_on": recorded_on, "occupation": occupation, "supports": list(supports),
              "not_reached": not_reached}  # fmt: skip
    try:
        with transaction.atomic():
            # Locked, so that anonymisation and closing (which lock it too) cannot change it under this write.
            participant = Participant.objects.select_for_update().get(pk=participant.pk)
            if errors := outcome_errors(participant, moment, **values):
                raise ValidationError(errors)
            saved = Outcome.objects.filter(
                participant=participant, moment=moment.moment, months_after=moment.months_after
            ).first()
            if saved is None:
                saved = Outcome(participant=participant, moment=moment.moment, months_after=moment.months_after,
                                request_token=token)  # fmt: skip
            elif expected_version is None:
                if token and saved.request_token == token:
                    return saved, False
                raise ConcurrentEditError(saved=saved)
            else:
                claim_version(saved, expected_version, token)
            _write(saved, **values, by=by)
    except AlreadySaved:
        return Outcome.objects.get(request_token=token), False
    except IntegrityError:
        # Two submits raced past the lookup above; the unique constraints let one through.
        saved = Outcome.objects.get(participant=participant, moment=moment.moment, months_after=moment.months_after)
        if token and saved.request_token == token:
            return saved, False
        raise ConcurrentEditError(saved=saved) from None
    return saved, True


@transaction.atomic
def close_with_outcome(*, participant, occupation, supports, by, **closing) -> Outcome:
    """Avslut (participants.services.close_participant) and the state at closing, in one transaction."""
    if errors := value_errors(CLOSING, occupation=occupation, supports=supports, not_reached=False):
        raise ValidationError(errors)
    services.close_participant(participant=participant, by=by, **closing)
    return record_closing_outcome(participant=participant, closed_on=participant.closed_on, occupation=occupation,
                                  supports=supports, by=by)  # fmt: skip


def record_closing_outcome(*, participant, closed_on, occupation, supports, by) -> Outcome:
    """The state at closing, written in the closing's transaction (which has claimed the participant's version, so
    this needs no version of its own). A closing after a reopening replaces the earlier one."""
    if errors := value_errors(CLOSING, occupation=occupation, supports=supports, not_reached=False):
        raise ValidationError(errors)
    outcome = Outcome.objects.filter(participant=participant, moment=OutcomeMoment.CLOSING).first()
    if outcome is None:
        outcome = Outcome(participant=participant, moment=OutcomeMoment.CLOSING)
    else:
        outcome.version += 1
    _write(outcome, recorded_on=closed_on, occupation=occupation, supports=supports, not_reached=False, by=by)
    return outcome


# --- Reads --------------------------------------------------------------------------------------------------


def participant_outcomes(participant) -> QuerySet[Outcome]:
    return participant.outcomes.select_related("recorded_by", "recorded_by_organisation").prefetch_related("supports")


def moments_of(participant) -> list[tuple[Moment, Outcome | None, date | None]]:
    """The moments to show on the participant's page: (moment, outcome or None, follow-up due day or None).
    Closing and follow-ups once the participant is closed, and any recorded earlier (before a reopening)."""
    saved = {(o.moment, o.months_after): o for o in participant_outcomes(participant)}
    closed = participant.status == Status.CLOSED
    rows = []
    for moment in [REGISTRATION, CLOSING, *follow_ups()]:
        outcome = saved.get((moment.moment, moment.months_after))
        if moment.moment == OutcomeMoment.REGISTRATION or closed or outcome:
            rows.append((moment, outcome, follow_up_due_on(participant, moment) if moment.is_follow_up else None))
    return rows


def registration_outcome_missing(user) -> QuerySet[Participant]:
    """The user's own participants (responsible, not ended) with no outcome at registration."""
    recorded = Outcome.objects.filter(participant=OuterRef("pk"), moment=OutcomeMoment.REGISTRATION)
    mine = visible_participants(user, CHANGE).filter(responsible__user=user).exclude(status__in=ENDED)
    return mine.exclude(Exists(recorded))


def follow_up_due(user, today: date, moment: Moment) -> QuerySet[Participant]:
    """The user's own closed participants whose follow-up `moment` has come (closed_on + N months ≤ today) and is
    not recorded."""
    recorded = Outcome.objects.filter(participant=OuterRef("pk"), moment=moment.moment,
                                      months_after=moment.months_after)  # fmt: skip
    # closed_on + N months ≤ today exactly when closed_on ≤ today − N months; on a month's last day, every day of
    # the month N months back has come (31 January + 1 month is 28 February).
    latest = add_months(today, -moment.months_after)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        latest = latest.replace(day=calendar.monthrange(latest.year, latest.month)[1])
    mine = visible_participants(user, CHANGE).filter(responsible__user=user, status=Status.CLOSED)
    return mine.filter(closed_on__lte=latest).exclude(Exists(recorded))
