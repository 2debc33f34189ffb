"""Writing, sending and following up recommendations. The domain's rules live here, as Swedish messages keyed
by form field, so that views, commands and tests all obey them.

The waiver rule: a recommendation goes to an organisation only when the participant's registering organisation
is that organisation or an active secrecy waiver names it. Otherwise it can still be recorded, as one the
participant hands over themselves (the hand-over document then carries no identity).
"""

import copy
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import claim_version
from insikt.models import REMOVED
from insikt.notifications import notify
from meetings.models import (
    TRANSITIONS,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationArea,
    RecommendationStatus,
    RecommendationStatusChange,
)
from participants.models import ENDED, Participant, Status
from participants.services import advance_status


def receiver_is_named(participant: Participant, organisation_id, on: date | None = None) -> bool:
    """May the participant's details go to this organisation: it registered the person, or an active waiver names it."""
    return organisation_id in participant.named_organisation_ids(on)


def ended_error(participant: Participant) -> str | None:
    """Why nothing new may be added or sent for this participant (None: it may)."""
    if message := participant.writable_error():
        return message
    if participant.status == Status.CLOSED:
        return _("Deltagaren är avslutad. Återöppna deltagaren för att lägga till en ny rekommendation.")
    if participant.status in ENDED:
        # Declined or consent withdrawn: there is no consent to act on, so nothing is recommended.
        return _("Deltagaren har lämnat projektet (%(status)s). Ingen ny rekommendation kan läggas till.") % {
            "status": participant.get_status_display().lower()
        }
    return None


def waiver_error(recommendation: Recommendation) -> str | None:
    if recommendation.handed_over_by_participant or not recommendation.receiving_organisation_id:
        return None
    if receiver_is_named(recommendation.participant, recommendation.receiving_organisation_id):
        return None
    return _(
        "Inget gällande sekretessgenombrott nämner %(org)s, så rekommendationen kan inte skickas dit. "
        "Registrera ett sekretessgenombrott, eller markera att deltagaren lämnar över den själv."
    ) % {"org": recommendation.receiving_organisation.name}


def rule_errors(recommendation: Recommendation) -> dict[str, str]:
    errors = {}
    if message := ended_error(recommendation.participant):
        errors["__all__"] = message
    meeting = recommendation.meeting if recommendation.meeting_id else None
    if meeting and (
        meeting.participant_id != recommendation.participant_id
        or meeting.kind != MeetingKind.MULTI_PARTY
        or meeting.status != MeetingStatus.HELD
    ):
        errors["meeting"] = _("Välj ett genomfört flerpartsmöte med deltagaren.")
    if message := waiver_error(recommendation):
        errors["receiving_organisation"] = message
    return errors


def _save_areas(recommendation: Recommendation, areas: list[str]) -> None:
    recommendation.areas.all().delete()
    RecommendationArea.objects.bulk_create(
        RecommendationArea(recommendation=recommendation, area=area) for area in dict.fromkeys(areas)
    )


def create_recommendation(
    *, recommendation: Recommendation, areas: list[str], by, token=None
) -> tuple[Recommendation, bool]:
    """Write a draft recommendation. Returns (recommendation, created); a repeated submit of the same form adds none."""
    if token and (existing := Recommendation.objects.filter(request_token=token).first()):
        return existing, False
    if errors := rule_errors(recommendation):
        raise ValidationError(errors)
    recommendation.status = RecommendationStatus.DRAFT
    recommendation.created_by = by
    recommendation.request_token = token
    recommendation.full_clean(exclude=["created_by"])
    try:
        with transaction.atomic():
            recommendation.save(force_insert=True)
            _save_areas(recommendation, areas)
            RecommendationStatusChange.objects.create(
                recommendation=recommendation, to_status=RecommendationStatus.DRAFT, changed_by=by
            )
    except IntegrityError:
        # Two submits of the same form raced past the check above; the unique token let one through.
        if token and (existing := Recommendation.objects.filter(request_token=token).first()):
            return existing, False
        raise
    return recommendation, True


@transaction.atomic
def update_recommendation(
    *, recommendation: Recommendation, areas: list[str] | None, expected_version: int, by, token=None
) -> Recommendation:
    """Change a draft; once sent, only the follow-up date (what was sent is history). `areas` None: unchanged."""
    saved = Recommendation.objects.get(pk=recommendation.pk)
    if message := saved.participant.writable_error():
        raise ValidationError({"__all__": message})
    if not saved.is_draft:
        recommendation = _only_follow_up(saved, recommendation)
        areas = None
    elif errors := rule_errors(recommendation):
        raise ValidationError(errors)
    recommendation.full_clean()
    claim_version(recommendation, expected_version, token)
    recommendation.save()
    if areas is not None:
        _save_areas(recommendation, areas)
    return recommendation


def _only_follow_up(saved: Recommendation, edited: Recommendation) -> Recommendation:
    saved.follow_up_on = edited.follow_up_on
    return saved


def status_errors(recommendation, saved_status, to_status, sent_on, sent_to, outcome_reason) -> dict:
    """Why the recommendation cannot move to `to_status` like this, as Swedish messages by form field."""
    errors = {}
    if to_status not in TRANSITIONS.get(saved_status, []):
        errors["to_status"] = _("Rekommendationen kan inte gå från ”%(from)s” till den statusen.") % {
            "from": RecommendationStatus(saved_status).label.lower()
        }
    participant = Participant.objects.get(pk=recommendation.participant_id)  # as it is now, not as loaded
    if message := participant.writable_error():
        errors["__all__"] = message
    if to_status == RecommendationStatus.SENT:
        if message := ended_error(participant):
            # Sending is what recommends; after the participant has left, a draft stays a draft.
            errors["__all__"] = message
        if not sent_on:
            errors["sent_on"] = _("Ange när rekommendationen skickades.")
        elif sent_on > timezone.localdate():
            errors["sent_on"] = _("Datumet kan inte ligga i framtiden.")
        if not sent_to.strip():
            errors["sent_to"] = _("Ange vilken enhet eller person som fick rekommendationen.")
        if message := waiver_error(recommendation):
            errors.setdefault("__all__", message)
    if to_status == RecommendationStatus.NOT_DONE and not outcome_reason.strip():
        errors["outcome_reason"] = _("Ange varför rekommendationen inte genomfördes.")
    return errors


@transaction.atomic
def change_status(
    *,
    recommendation: Recommendation,
    to_status: str,
    expected_version: int,
    by,
    sent_on: date | None = None,
    sent_to: str = "",
    outcome_reason: str = "",
    follow_up_on: date | None = None,
    comment: str = "",
    token=None,
) -> Recommendation:
    """Move a recommendation on: sent (date, to whom), received, and an outcome. Sending moves the participant on
    and tells the receiving organisation."""
    saved_status = Recommendation.objects.only("status").get(pk=recommendation.pk).status
    errors = status_errors(recommendation, saved_status, to_status, sent_on, sent_to, outcome_reason)
    if errors:
        raise ValidationError(errors)
    changes = {"status": to_status}
    if to_status == RecommendationStatus.SENT:
        changes.update(sent_on=sent_on, sent_to=sent_to.strip())
    if to_status == RecommendationStatus.NOT_DONE:
        changes["outcome_reason"] = outcome_reason.strip()
    if follow_up_on is not None:
        changes["follow_up_on"] = follow_up_on
    # Validated on a copy: a refused change leaves the caller's object as it is saved.
    changed = copy.copy(recommendation)
    for field, value in changes.items():
        setattr(changed, field, value)
    changed.full_clean()
    claim_version(recommendation, expected_version, token)
    for field, value in changes.items():
        setattr(recommendation, field, value)
    recommendation.save()
    RecommendationStatusChange.objects.create(
        recommendation=recommendation,
        from_status=saved_status,
        to_status=to_status,
        reason=(outcome_reason.strip() or comment.strip())[:300],
        changed_by=by,
    )
    if to_status == RecommendationStatus.SENT:
        participant = Participant.objects.select_for_update().get(pk=recommendation.participant_id)
        advance_status(participant, Status.RECOMMENDED, by=by)
        notify_sent(recommendation, participant, by)
    return recommendation


def notify_sent(recommendation: Recommendation, participant: Participant, by) -> None:
    """The receiving organisation's staff hear of it; by name only if the organisation may see the person."""
    receiver = recommendation.receiving_organisation
    if Participant.objects.known_to(receiver.pk).filter(pk=participant.pk).exists():
        text = _("Ny rekommendation till %(org)s: %(category)s för %(name)s.") % {
            "org": receiver.short_name,
            "category": recommendation.category.name,
            "name": participant.display_name,
        }
        url = reverse("meetings:recommendation", args=[recommendation.pk])
    else:
        text = _("En rekommendation har skickats till %(org)s. Deltagaren lämnar själv över den.") % {
            "org": receiver.short_name
        }
        url = ""
    notify(receiver.casework_staff(), text, url, by=by)


def anonymise_recommendations(participant: Participant) -> None:
    """Remove free text from the person's recommendations; keep categories, receivers, dates and outcomes."""
    recommendations = Recommendation.objects.filter(participant=participant)
    recommendations.update(rationale=REMOVED)
    recommendations.exclude(sent_to="").update(sent_to=REMOVED)
    recommendations.exclude(outcome_reason="").update(outcome_reason=REMOVED)
    changes = RecommendationStatusChange.objects.filter(recommendation__in=recommendations)
    changes.exclude(reason="").update(reason=REMOVED)
