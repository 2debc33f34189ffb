"""Writes that span several records: booking a meeting with its attendees, recording its outcome, the history review.

The rules of the domain live here (consent before a multi-party meeting, a secrecy waiver for every
other organisation at the table) so that views, the admin and commands all obey them. Each rule
speaks Swedish through a ValidationError keyed by the form field it concerns.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import ConcurrentEditError, claim_version
from insikt.models import REMOVED
from insikt.notifications import notify
from meetings.models import (
    AttendeeKind,
    HistoryReview,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    ReviewBenefit,
    ReviewEvent,
    ReviewProgramme,
)
from participants.models import FLOW, Consent, Participant, Status
from participants.services import advance_status
from participants.sharing import organisations_with_access


class OverlapWarning(Exception):
    """An attendee is already booked at that time. The caller may confirm and book anyway."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass
class Booking:
    """The result of book_meeting: the meeting, and whether this call created it (False: a repeated submit)."""

    meeting: Meeting
    created: bool


def has_active_consent(participant: Participant) -> bool:
    return Consent.objects.active().filter(participant=participant).exists()


def rule_errors(participant: Participant, kind: str, staff: list) -> dict[str, list[str]]:
    """Who may meet, by the domain's rules, as Swedish messages keyed by form field (empty: allowed).

    A multi-party meeting needs the participant's consent; staff from any organisation other than the
    registering one need an active secrecy waiver that names their organisation.
    """
    errors = {}
    if kind == MeetingKind.MULTI_PARTY and not has_active_consent(participant):
        errors["kind"] = [
            _(
                "Ett flerpartsmöte kan inte bokas förrän deltagarens samtycke är registrerat. "
                "Registrera samtycket på deltagarsidan först."
            )
        ]
    not_named = {u.organisation_id for u in staff} - participant.named_organisation_ids()
    if not_named:
        missing = [
            _(
                "%(name)s (%(org)s) kan inte läggas till: inget gällande sekretessgenombrott för deltagaren "
                "nämner %(org)s. Registrera ett sekretessgenombrott mot organisationen först."
            )
            % {"name": user, "org": user.organisation.short_name}
            for user in staff
            if user.organisation_id in not_named
        ]
        if missing:
            errors["staff"] = missing
    return errors


def check_rules(meeting: Meeting, attendees: list[MeetingAttendee]) -> None:
    """Raise the rule errors for this meeting and these attendees (see rule_errors)."""
    staff = [a.user for a in attendees if a.kind == AttendeeKind.STAFF]
    if errors := rule_errors(meeting.participant, meeting.kind, staff):
        raise ValidationError(errors)


def booking_warnings(meeting: Meeting, attendees: list[MeetingAttendee]) -> list[str]:
    """What the booker confirms ("Boka ändå") before a booking or a move: a time that has passed, and clashes."""
    warnings = []
    if meeting.starts_at < timezone.now():
        when = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"
        warnings.append(_("Tiden %(when)s har redan varit. Boka ändå bara om du lägger in ett möte i efterhand.")
                        % {"when": when})  # fmt: skip
    return warnings + overlaps(meeting, attendees)


def overlaps(meeting: Meeting, attendees: list[MeetingAttendee]) -> list[str]:
    """Warnings for attendees (staff or the participant) already booked at an overlapping time.

    Says when and who, never about whom the other meeting is: it may concern a person the reader may not see.
    """
    staff_ids = [a.user_id for a in attendees if a.kind == AttendeeKind.STAFF]
    same_people = Q(user_id__in=staff_ids)
    if any(a.kind == AttendeeKind.PARTICIPANT for a in attendees):
        same_people |= Q(kind=AttendeeKind.PARTICIPANT, meeting__participant_id=meeting.participant_id)
    clashes = (
        MeetingAttendee.objects.filter(
            same_people,
            meeting__status__in=[MeetingStatus.BOOKED, MeetingStatus.HELD],
            meeting__starts_at__lt=meeting.compute_ends_at(),
            meeting__ends_at__gt=meeting.starts_at,
        )
        .exclude(meeting_id=meeting.pk)
        .select_related("meeting", "user")
        .order_by("meeting__starts_at", "kind")
    )
    warnings = []
    for clash in clashes:
        other = clash.meeting
        when = f"{timezone.localtime(other.starts_at):%Y-%m-%d %H:%M}–{timezone.localtime(other.ends_at):%H:%M}"
        who = str(clash.user) if clash.kind == AttendeeKind.STAFF else _("Deltagaren")
        warnings.append(
            _("%(who)s har redan ett bokat möte %(when)s (%(kind)s).")
            % {"who": who, "when": when, "kind": other.get_kind_display().lower()}
        )
    return list(dict.fromkeys(warnings))


def _save_attendees(meeting: Meeting, attendees: list[MeetingAttendee]) -> None:
    meeting.attendees.all().delete()
    for attendee in attendees:
        attendee.pk = None
        attendee.meeting = meeting
        # The database's constraints still hold; the form has already kept duplicates out.
        attendee.full_clean(exclude=["meeting"], validate_unique=False, validate_constraints=False)
    MeetingAttendee.objects.bulk_create(attendees)


def _clean_meeting(meeting: Meeting) -> None:
    meeting.ends_at = meeting.compute_ends_at()
    meeting.full_clean(exclude=["participant", "booked_by"])


def closed_error(participant: Participant, kind: str | None = None) -> str | None:
    """A closed participant gets follow-up meetings only: anything else needs a reopening first, which the
    status history records (declined/aborted: the other rules decide)."""
    if message := participant.writable_error():
        return message
    if participant.status == Status.CLOSED and kind != MeetingKind.FOLLOW_UP:
        return _("Deltagaren är avslutad: bara uppföljningsmöten kan bokas. Återöppna deltagaren för andra möten.")
    return None


def booking_closed_error(meeting: Meeting) -> str | None:
    """A meeting that was held, cancelled or missed is history: its booking no longer changes (no way back into
    "Bokat" that could skip the booking rules). The outcome and minutes still can, on the outcome page."""
    if meeting.status != MeetingStatus.BOOKED:
        return _(
            "Mötet är registrerat som %(status)s, så bokningen kan inte ändras längre. Boka ett nytt möte om det "
            "behövs; utfall och anteckningar ändras under ”Utfall och anteckningar”."
        ) % {"status": meeting.get_status_display().lower()}
    return closed_error(meeting.participant, meeting.kind)


def kind_change_error(meeting: Meeting, saved_kind: str) -> str | None:
    """A multi-party meeting whose questionnaire was answered or that led to a recommendation stays one."""
    if meeting.kind == saved_kind:
        return None
    if meeting.questionnaire_responses.exists() or meeting.recommendations.exists():
        return _(
            "Mötet har formulärsvar eller rekommendationer och kan därför inte byta typ. Boka ett nytt möte i stället."
        )
    return None


def book_meeting(
    *, meeting: Meeting, attendees: list[MeetingAttendee], by, token=None, allow_overlap: bool = False
) -> Booking:
    """Book a meeting with its attendees. A repeated submit of the same form (same token) books nothing."""
    meeting.request_token = token
    if token:
        existing = Meeting.objects.filter(request_token=token, participant=meeting.participant).first()
        if existing:
            return Booking(existing, created=False)
    if message := closed_error(meeting.participant, meeting.kind):
        raise ValidationError({"__all__": message})
    meeting.booked_by = by
    meeting.status = MeetingStatus.BOOKED
    check_rules(meeting, attendees)
    _clean_meeting(meeting)
    if not allow_overlap and (warnings := booking_warnings(meeting, attendees)):
        raise OverlapWarning(warnings)
    try:
        with transaction.atomic():
            meeting.save(force_insert=True)
            _save_attendees(meeting, attendees)
            notify_attendees(meeting, _("Nytt möte"), by)
    except IntegrityError:
        # Two submits raced past the check above; the unique token let exactly one through.
        existing = token and Meeting.objects.filter(request_token=token, participant=meeting.participant).first()
        if existing:
            return Booking(existing, created=False)
        raise
    return Booking(meeting, created=True)


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    attendees: list[MeetingAttendee],
    expected_version: int,
    by,
    token=None,
    allow_overlap: bool = False,
) -> Meeting:
    """Change time, place and attendees of a booked meeting, with every booking rule checked again (a waiver
    may have ended since booking). A meeting already held or cancelled is history, not a booking."""
    saved = Meeting.objects.select_for_update().only("status", "kind", "starts_at").get(pk=meeting.pk)
    if message := booking_closed_error(saved) or kind_change_error(meeting, saved.kind):
        raise ValidationError({"__all__": message})
    check_rules(meeting, attendees)
    _clean_meeting(meeting)
    if not allow_overlap and (warnings := booking_warnings(meeting, attendees)):
        raise OverlapWarning(warnings)
    claim_version(meeting, expected_version, token)
    meeting.save()
    _save_attendees(meeting, attendees)
    if meeting.starts_at != saved.starts_at:
        notify_attendees(meeting, _("Mötet är flyttat"), by)
    return meeting


def notify_attendees(meeting: Meeting, what: str, by) -> None:
    """The staff who attend hear of a booking, a move or a cancellation (they may see the participant)."""
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    text = _("%(what)s: %(kind)s med %(name)s %(when)s.") % {
        "what": what,
        "kind": meeting.get_kind_display().lower(),
        "name": meeting.participant.display_name,
        "when": when,
    }
    staff = [a.user for a in meeting.attendees.select_related("user").filter(kind=AttendeeKind.STAFF)]
    notify(staff, text, reverse("meetings:detail", args=[meeting.pk]), by=by)


# Holding a meeting of this kind moves the participant to this status (never backwards).
STATUS_WHEN_HELD = {
    MeetingKind.INFORMATION: Status.INFORMED,
    MeetingKind.MULTI_PARTY: Status.MEETING_HELD,
}


@transaction.atomic
def record_outcome(
    *, meeting: Meeting, status: str, cancel_reason: str, notes: str, expected_version: int, by, token=None
) -> Meeting:
    """Held, cancelled (with reason) or no-show, and the minutes. A held meeting moves the participant on."""
    saved_status = Meeting.objects.only("status").get(pk=meeting.pk).status
    if message := meeting.participant.writable_error():
        raise ValidationError({"__all__": message})
    errors = {}
    if saved_status == MeetingStatus.HELD and status != MeetingStatus.HELD:
        errors["status"] = _("Mötet är registrerat som genomfört och deltagarens status har flyttats fram.")
    elif saved_status != MeetingStatus.BOOKED and status == MeetingStatus.BOOKED:
        errors["status"] = _("Ett möte som ställts in eller där deltagaren uteblev bokas inte om. Boka ett nytt möte.")
    elif status in (MeetingStatus.HELD, MeetingStatus.NO_SHOW) and meeting.starts_at > timezone.now():
        errors["status"] = _("Mötet har inte börjat än. Registrera utfallet när mötet har ägt rum.")
    if status == MeetingStatus.CANCELLED and not cancel_reason.strip():
        errors["cancel_reason"] = _("Ange skälet till att mötet ställdes in.")
    if errors:
        raise ValidationError(errors)
    meeting.status = status
    meeting.cancel_reason = cancel_reason.strip() if status == MeetingStatus.CANCELLED else ""
    meeting.notes = notes
    claim_version(meeting, expected_version, token)
    meeting.save(update_fields=["status", "cancel_reason", "notes", "version", "request_token", "updated_at"])
    if status == MeetingStatus.CANCELLED and saved_status != MeetingStatus.CANCELLED:
        notify_attendees(meeting, _("Mötet är inställt"), by)
    if status == MeetingStatus.HELD and saved_status != MeetingStatus.HELD and meeting.kind in STATUS_WHEN_HELD:
        participant = Participant.objects.select_for_update().get(pk=meeting.participant_id)
        advance_status(participant, STATUS_WHEN_HELD[meeting.kind], by=by)
    return meeting


def reviews_missing(participant: Participant, reviews=None) -> list:
    """The organisations with access to the participant whose history review is not yet complete.

    Pass the participant's reviews when they are already loaded."""
    if reviews is None:
        reviews = participant.history_reviews.filter(completed_on__isnull=False)
    completed = {r.organisation_id for r in reviews if r.completed_on}
    return sorted((o for o in organisations_with_access(participant) if o.pk not in completed), key=lambda o: o.name)


def save_review(
    *,
    review: HistoryReview,
    completed: bool,
    programmes: list[ReviewProgramme],
    benefits: list[ReviewBenefit],
    events: list[ReviewEvent],
    expected_version: int | None,
    by,
    token=None,
) -> tuple[HistoryReview, bool]:
    """Create or update one organisation's review with all its rows. Returns (review, created).

    When every organisation with access has completed its review, and consent is registered, the
    participant moves to "Genomlysning klar".
    """
    if message := review.participant.writable_error():
        raise ValidationError({"__all__": message})
    if message := uncompleting_error(review, completed):
        raise ValidationError({"completed": message})
    # Completed on the day it was first marked complete; unmarking it (before the step is reached) makes a draft.
    review.completed_on = (review.completed_on or timezone.localdate()) if completed else None
    creating = review._state.adding
    if creating and (existing := started_meanwhile(review, token)):
        return existing, False
    if creating:
        review.created_by = by
    review.updated_by = by
    review.full_clean()
    for row in [*programmes, *benefits, *events]:
        row.full_clean(exclude=["review"], validate_constraints=False)
    with transaction.atomic():
        if creating:
            if existing := insert_review(review, token):
                return existing, False
        else:
            claim_version(review, expected_version, token)
            review.save()
        for model, items in ((ReviewProgramme, programmes), (ReviewBenefit, benefits), (ReviewEvent, events)):
            model.objects.filter(review=review).delete()
            for item in items:
                item.pk, item.review = None, review
            model.objects.bulk_create(items)
        participant = Participant.objects.select_for_update().get(pk=review.participant_id)
        if review.completed_on and has_active_consent(participant) and not reviews_missing(participant):
            advance_status(participant, Status.REVIEWED, by=by)
    return review, creating


def uncompleting_error(review: HistoryReview, completed: bool) -> str | None:
    """Once "Genomlysning klar" is reached (or the participant left), that step rests on this completion."""
    if review.completed_on and not completed and review.participant.status not in FLOW[: FLOW.index(Status.REVIEWED)]:
        return _("Genomlysningen är klarmarkerad och deltagaren har gått vidare (%(status)s). Den kan inte göras "
                 "om till utkast; rätta uppgifterna och spara den som klar.") % {
            "status": review.participant.get_status_display().lower()}  # fmt: skip
    return None


def started_meanwhile(review: HistoryReview, token) -> HistoryReview | None:
    """The review this same form already saved (a double click); ConcurrentEditError if a colleague started one."""
    review.request_token = token
    if token and (
        existing := HistoryReview.objects.filter(request_token=token, participant=review.participant).first()
    ):
        return existing
    if HistoryReview.objects.filter(participant=review.participant, organisation=review.organisation).exists():
        raise ConcurrentEditError  # someone in the same organisation started the review after this form was opened
    return None


def insert_review(review: HistoryReview, token) -> HistoryReview | None:
    """Insert a new review; if a submit raced this one past the checks, the one the unique constraints let
    through: returned when it was this same form (a double click), ConcurrentEditError otherwise."""
    try:
        with transaction.atomic():
            review.save(force_insert=True)
    except IntegrityError:
        if existing := token and HistoryReview.objects.filter(request_token=token).first():
            return existing
        raise ConcurrentEditError from None
    return None


def anonymise_meetings(participant: Participant) -> None:
    """Remove the person from meetings and history reviews; keep their kinds, dates and outcomes."""
    meetings = Meeting.objects.filter(participant=participant)
    meetings.update(notes="", place=REMOVED, video_link="")
    meetings.exclude(cancel_reason="").update(cancel_reason=REMOVED)  # a cancelled meeting keeps "a" reason
    # The interpreter's language says which language the person speaks: it goes too.
    MeetingAttendee.objects.filter(meeting__in=meetings, user__isnull=True).update(
        name=REMOVED,
        role="",
        language=Case(When(kind=AttendeeKind.INTERPRETER, then=Value(REMOVED)), default=Value("")),
    )
    reviews = HistoryReview.objects.filter(participant=participant)
    reviews.update(earlier_plans="", summary="")
    ReviewProgramme.objects.filter(review__in=reviews).update(provider="")
    ReviewEvent.objects.filter(review__in=reviews).update(description=REMOVED)
