"""Writes that span several records: registration, consent, waivers, status, and the access grants they imply."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.access import grant, revoke
from insikt.models import Organisation
from participants.models import (
    ENDED,
    FLOW,
    NEEDS_REASON,
    ClosingReason,
    Consent,
    ConsentWithdrawal,
    Participant,
    ParticipantGroupObjectPermission,
    ResponsibleCaseworker,
    SecrecyWaiver,
    Status,
    StatusChange,
    WaiverWithdrawal,
)

PERMS = ["participants.view_participant", "participants.change_participant"]


class ConcurrentEditError(Exception):
    """Someone else saved the participant after this form was opened."""


def organisations_with_access(participant: Participant, on: date | None = None) -> set[Organisation]:
    """The organisations whose staff should see the participant: the registering one and every one an
    active waiver names (receiving agencies without staff in Insikt need no grant)."""
    named = Organisation.objects.filter(
        has_staff=True, pk__in=SecrecyWaiver.objects.active(on).filter(participant=participant).values("organisation")
    )
    return {participant.registering_organisation, *named}


def sync_access(participant: Participant, on: date | None = None) -> bool:
    """Grant and revoke so that exactly the organisations with a right to the participant hold the permission.

    Idempotent; called in the same transaction as every change of waivers. Revoking deletes grants only,
    never data. Returns whether anything changed.
    """
    wanted = organisations_with_access(participant, on)
    current_group_ids = set(
        ParticipantGroupObjectPermission.objects.filter(content_object=participant).values_list("group_id", flat=True)
    )
    for organisation in wanted:
        if organisation.group_id not in current_group_ids:
            grant(organisation, participant, PERMS)
    wanted_group_ids = {o.group_id for o in wanted}
    for organisation in Organisation.objects.filter(group_id__in=current_group_ids - wanted_group_ids):
        revoke(organisation, participant, PERMS)
    return wanted_group_ids != current_group_ids


def record_status(participant: Participant, to_status: str, *, by, reason: str = "") -> None:
    StatusChange.objects.create(
        participant=participant, from_status=participant.status, to_status=to_status, reason=reason, changed_by=by
    )
    participant.status = to_status
    participant.status_reason = reason


def allowed_next_statuses(participant: Participant) -> list[str]:
    """Forward along the flow (steps may be skipped), or out of it (declined/aborted) before closing.

    Closing is not among them: it needs a date and a reason, see close_participant."""
    if participant.status in ENDED:
        return []
    position = FLOW.index(participant.status)
    return [*(s for s in FLOW[position + 1 :] if s != Status.CLOSED), Status.DECLINED, Status.ABORTED]


def _save_if_unchanged(participant: Participant, expected_version: int) -> None:
    """Optimistic locking: write only if nobody saved since `expected_version` was read."""
    current = Participant.objects.select_for_update().only("version").get(pk=participant.pk).version
    if current != expected_version:
        raise ConcurrentEditError
    participant.version = expected_version + 1
    participant.save()


@transaction.atomic
def register_participant(*, participant: Participant, by) -> Participant:
    participant.registering_organisation = by.organisation
    participant.full_clean()
    participant.save()
    StatusChange.objects.create(participant=participant, to_status=participant.status, changed_by=by)
    ResponsibleCaseworker.objects.create(participant=participant, organisation=by.organisation, user=by)
    sync_access(participant)
    return participant


@transaction.atomic
def update_participant(*, participant: Participant, expected_version: int, by) -> Participant:
    participant.full_clean()
    _save_if_unchanged(participant, expected_version)
    return participant


@transaction.atomic
def change_status(*, participant: Participant, to_status: str, reason: str, expected_version: int, by) -> None:
    if to_status not in allowed_next_statuses(participant):
        raise ValidationError({"to_status": _("Den statusen kan inte väljas härifrån.")})
    if to_status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Ange ett skäl.")})
    record_status(participant, to_status, by=by, reason=reason)
    _save_if_unchanged(participant, expected_version)


def advance_status(participant: Participant, to_status: str, *, by) -> None:
    """Move along the flow when an event implies it (consent given, meeting held); never backwards."""
    if participant.status in ENDED or FLOW.index(to_status) <= FLOW.index(participant.status):
        return
    record_status(participant, to_status, by=by)
    participant.version += 1
    participant.save(update_fields=["status", "status_reason", "version", "updated_at"])


def closing_errors(participant: Participant, *, reason: str, closed_on: date | None, note: str) -> dict:
    """Why the participant cannot be closed like this, as Swedish messages keyed by form field (empty: it can)."""
    errors = {}
    if participant.status == Status.CLOSED:
        errors["__all__"] = _("Deltagaren är redan avslutad.")
    elif participant.status in ENDED:
        errors["__all__"] = _("Deltagaren har redan lämnat projektet (%(status)s).") % {
            "status": participant.get_status_display().lower()
        }
    if reason not in ClosingReason.values:
        errors["reason"] = _("Välj skäl till avslut.")
    elif reason == ClosingReason.OTHER and not note.strip():
        errors["note"] = _("Beskriv skälet när du väljer ”Annat”.")
    if closed_on is None:
        errors["closed_on"] = _("Ange avslutsdatum.")
    elif closed_on > timezone.localdate():
        errors["closed_on"] = _("Avslutsdatumet kan inte ligga i framtiden.")
    elif closed_on < participant.registered_on:
        errors["closed_on"] = _("Avslutsdatumet ligger före anmälan (%(date)s).") % {
            "date": participant.registered_on.isoformat()
        }
    return errors


@transaction.atomic
def close_participant(
    *, participant: Participant, reason: str, closed_on: date, expected_version: int, by, note: str = ""
) -> None:
    """Avslut: the participant leaves the project with a reason and a date. Stays readable and counted in reports."""
    if errors := closing_errors(participant, reason=reason, closed_on=closed_on, note=note):
        raise ValidationError(errors)
    text = str(ClosingReason(reason).label) + (f": {note.strip()}" if note.strip() else "")
    record_status(participant, Status.CLOSED, by=by, reason=text[:300])
    participant.closed_on = closed_on
    participant.closing_reason = reason
    _save_if_unchanged(participant, expected_version)


def status_before_closing(participant: Participant) -> str:
    """Where the participant was in the flow when last closed (the flow's step before closing if unknown)."""
    change = participant.status_changes.filter(to_status=Status.CLOSED).order_by("-changed_at", "-id").first()
    previous = change.from_status if change else ""
    return previous if previous in FLOW and previous != Status.CLOSED else Status.RECOMMENDED


@transaction.atomic
def reopen_participant(*, participant: Participant, reason: str, expected_version: int, by) -> None:
    """Undo an avslut: back to the status before closing, with the reason in the history (never erased)."""
    if participant.status != Status.CLOSED:
        raise ValidationError({"__all__": _("Bara en avslutad deltagare kan återöppnas.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Ange varför deltagaren återöppnas.")})
    text = _("Återöppnad: %(reason)s") % {"reason": reason.strip()}
    record_status(participant, status_before_closing(participant), by=by, reason=text[:300])
    participant.closed_on = None
    participant.closing_reason = ""
    _save_if_unchanged(participant, expected_version)


@transaction.atomic
def register_consent(*, participant: Participant, given_on: date, form: str, document=None, by) -> Consent:
    consent = Consent(participant=participant, given_on=given_on, form=form, recorded_by=by)
    if document:
        consent.document = document
    consent.full_clean()
    consent.save()
    advance_status(participant, Status.CONSENTED, by=by)
    return consent


@transaction.atomic
def withdraw_consent(*, consent: Consent, withdrawn_on: date, reason: str, by) -> ConsentWithdrawal:
    """The person leaves the project: the consent and every active waiver are withdrawn, access follows."""
    withdrawal = ConsentWithdrawal(consent=consent, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    withdrawal.full_clean()
    withdrawal.save()
    participant = consent.participant
    for waiver in SecrecyWaiver.objects.active().filter(participant=participant):
        WaiverWithdrawal.objects.create(waiver=waiver, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    if participant.status not in ENDED:
        record_status(
            participant, Status.ABORTED, by=by, reason=_("Samtycket återkallades: %(reason)s") % {"reason": reason}
        )
        participant.version += 1
        participant.save(update_fields=["status", "status_reason", "version", "updated_at"])
    sync_access(participant)
    return withdrawal


@transaction.atomic
def register_waivers(
    *, participant: Participant, organisations, valid_from: date, valid_to: date | None, form: str, document=None, by
) -> list[SecrecyWaiver]:
    waivers = []
    for organisation in organisations:
        waiver = SecrecyWaiver(
            participant=participant,
            organisation=organisation,
            valid_from=valid_from,
            valid_to=valid_to,
            form=form,
            recorded_by=by,
        )
        if document:
            waiver.document = document
        waiver.full_clean()
        waiver.save()
        waivers.append(waiver)
    sync_access(participant)
    return waivers


@transaction.atomic
def withdraw_waiver(*, waiver: SecrecyWaiver, withdrawn_on: date, reason: str, by) -> WaiverWithdrawal:
    withdrawal = WaiverWithdrawal(waiver=waiver, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    withdrawal.full_clean()
    withdrawal.save()
    sync_access(waiver.participant)
    return withdrawal


def expire_waivers(on: date | None = None) -> int:
    """Revoke the grants of waivers that have ended. Returns how many participants lost a grant."""
    on = on or timezone.localdate()
    ended = SecrecyWaiver.objects.filter(valid_to__lt=on, withdrawal__isnull=True).values("participant")
    count = 0
    for participant in Participant.objects.filter(pk__in=ended).select_related("registering_organisation"):
        with transaction.atomic():
            count += sync_access(participant, on)
    return count
