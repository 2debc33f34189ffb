"""Writes that span several records: registration, status, closing, consent and waivers, access requests.

Who may record what, and the access grants that follow, are participants.sharing.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import claim_version
from insikt.models import REMOVED, anonymising_update
from insikt.notifications import notify, rename_in_notifications
from participants.models import (
    ENDED,
    FLOW,
    AccessRequest,
    ClosingReason,
    Consent,
    ConsentWithdrawal,
    Participant,
    ResponsibleCaseworker,
    SecrecyWaiver,
    Status,
    StatusChange,
    WaiverWithdrawal,
)
from participants.sharing import (
    refuse,
    registering_organisation_error,
    sync_access,
    waiver_withdrawal_error,
)
from participants.signals import participant_closed, waiver_withdrawn
from participants.tasks import anonymise_tasks

# Every other status stands for an event (consent given, meeting held …) and is set only by that event.
MANUAL_STATUSES = [Status.DECLINED, Status.ABORTED]
NEEDS_CONSENT = FLOW[FLOW.index(Status.CONSENTED) : FLOW.index(Status.CLOSED)]


# --- Status -----------------------------------------------------------------------------------------


def record_status(participant: Participant, to_status: str, *, by, reason: str = "") -> None:
    StatusChange.objects.create(
        participant=participant, from_status=participant.status, to_status=to_status, reason=reason, changed_by=by
    )
    participant.status = to_status
    participant.status_reason = reason


def allowed_next_statuses(participant: Participant) -> list[str]:
    """What a caseworker may set by hand: leaving the project (declined/aborted) before it ends.

    Every step of the flow follows from its event (consent registered, meeting held, reviews complete,
    recommendation sent); closing needs a date and a reason, see close_participant."""
    if participant.status in ENDED or participant.anonymised_at:
        return []
    return list(MANUAL_STATUSES)


def save_claimed(participant: Participant, expected_version: int) -> None:
    """Write only if nobody saved since `expected_version` was read (insikt.locking)."""
    claim_version(participant, expected_version)
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
    refuse(participant.writable_error())
    participant.full_clean()
    saved = Participant.objects.filter(pk=participant.pk).values("protected_identity", "first_name", "last_name")[0]
    save_claimed(participant, expected_version)
    if participant.protected_identity and not saved["protected_identity"]:
        rename_in_notifications(f"{saved['first_name']} {saved['last_name']}", participant.display_name)
    return participant


@transaction.atomic
def set_responsible(*, participant: Participant, user, expected_version: int, by) -> ResponsibleCaseworker:
    """The caseworker in `by`'s organisation who is responsible for the participant (one per organisation).
    Claims the participant's version, so that two people choosing at once do not overwrite each other."""
    refuse(participant.writable_error())
    if user.organisation_id != by.organisation_id or not user.works_with_participants or not user.is_active:
        raise ValidationError({"user": _("Välj en handläggare i din organisation.")})
    claim_version(participant, expected_version)
    responsible, _created = ResponsibleCaseworker.objects.update_or_create(
        participant=participant, organisation_id=by.organisation_id, defaults={"user": user}
    )
    return responsible


@transaction.atomic
def change_status(*, participant: Participant, to_status: str, reason: str, expected_version: int, by) -> None:
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    if to_status not in allowed_next_statuses(participant):
        raise ValidationError({"to_status": _("Den statusen kan inte väljas härifrån.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Ange ett skäl.")})
    record_status(participant, to_status, by=by, reason=reason)
    save_claimed(participant, expected_version)


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
    *,
    participant: Participant,
    reason: str,
    closed_on: date,
    expected_version: int,
    by,
    note: str = "",
    cancel_meetings: bool = False,
) -> None:
    """Avslut: the participant leaves the project with a reason and a date. Stays readable and counted in reports.
    With cancel_meetings, the meetings app cancels the booked meetings ahead (participants.signals)."""
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    if errors := closing_errors(participant, reason=reason, closed_on=closed_on, note=note):
        raise ValidationError(errors)
    text = str(ClosingReason(reason).label) + (f": {note.strip()}" if note.strip() else "")
    record_status(participant, Status.CLOSED, by=by, reason=text[:300])
    participant.closed_on = closed_on
    participant.closing_reason = reason
    save_claimed(participant, expected_version)
    participant_closed.send(sender=Participant, participant=participant, by=by, cancel_meetings=cancel_meetings)


def status_before_closing(participant: Participant) -> str:
    """Where the participant was in the flow when last closed (the flow's step before closing if unknown)."""
    change = participant.status_changes.filter(to_status=Status.CLOSED).order_by("-changed_at", "-id").first()
    previous = change.from_status if change else ""
    return previous if previous in FLOW and previous != Status.CLOSED else Status.RECOMMENDED


def status_on_reopening(participant: Participant) -> str:
    """The step reached before closing, as far as its events still hold: with the consent withdrawn, nothing
    from "Samtycke givet" on (a new consent moves the participant on again)."""
    before = status_before_closing(participant)
    if before in NEEDS_CONSENT and not Consent.objects.active().filter(participant=participant).exists():
        informed = participant.status_changes.filter(to_status=Status.INFORMED).exists()
        return Status.INFORMED if informed else Status.REGISTERED
    return before


@transaction.atomic
def reopen_participant(*, participant: Participant, reason: str, expected_version: int, by) -> None:
    """Undo an avslut: back to the step before closing whose events still hold, with the reason in the history."""
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    if participant.status != Status.CLOSED:
        raise ValidationError({"__all__": _("Bara en avslutad deltagare kan återöppnas.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Ange varför deltagaren återöppnas.")})
    text = _("Återöppnad: %(reason)s") % {"reason": reason.strip()}
    record_status(participant, status_on_reopening(participant), by=by, reason=text[:300])
    participant.closed_on = None
    participant.closing_reason = ""
    save_claimed(participant, expected_version)


# --- Consent and waivers ----------------------------------------------------------------------------


@transaction.atomic
def register_consent(
    *, participant: Participant, given_on: date, form: str, sus_consent: bool | None = None, document=None, by
) -> Consent:
    """`sus_consent` None: not asked (a consent recorded before the question existed)."""
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    consent = Consent(participant=participant, given_on=given_on, form=form, sus_consent=sus_consent, recorded_by=by)
    if document:
        consent.document = document
    consent.full_clean()
    consent.save()
    advance_status(participant, Status.CONSENTED, by=by)
    return consent


@transaction.atomic
def withdraw_consent(*, consent: Consent, withdrawn_on: date, reason: str, by) -> ConsentWithdrawal:
    """The person leaves the project: the consent and every waiver not yet ended (also those that start later)
    are withdrawn, and access follows at once."""
    # As saved now, not as the caller read it: a close in between must not be overwritten.
    participant = Participant.objects.select_for_update().get(pk=consent.participant_id)
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    withdrawal = ConsentWithdrawal(consent=consent, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    withdrawal.full_clean()
    withdrawal.save()
    for waiver in SecrecyWaiver.objects.not_ended(withdrawn_on).filter(participant=participant):
        WaiverWithdrawal.objects.create(waiver=waiver, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    if participant.status not in ENDED:
        record_status(
            participant, Status.ABORTED, by=by, reason=_("Samtycket återkallades: %(reason)s") % {"reason": reason}
        )
        participant.version += 1
        participant.save(update_fields=["status", "status_reason", "version", "updated_at"])
    sync_access(participant)
    return withdrawal


def waiver_registration_error(participant: Participant, by) -> str | None:
    if message := participant.writable_error() or registering_organisation_error(participant, by):
        return message
    if participant.status in (Status.DECLINED, Status.ABORTED):
        return _("Deltagaren deltar inte i projektet (%(status)s). Inget nytt sekretessgenombrott kan registreras.") % {
            "status": participant.get_status_display().lower()
        }
    if participant.consents.exists() and not Consent.objects.active().filter(participant=participant).exists():
        # Withdrawn (also after closing): no wider access for a person who has left. Consent and waiver are
        # signed at the same information meeting, so a waiver recorded before the consent is allowed.
        return _(
            "Deltagaren har återkallat sitt samtycke. Inget nytt sekretessgenombrott kan registreras förrän ett nytt "
            "samtycke är registrerat."
        )
    return None


@transaction.atomic
def register_waivers(
    *, participant: Participant, organisations, valid_from: date, valid_to: date | None, form: str, document=None, by
) -> list[SecrecyWaiver]:
    refuse(waiver_registration_error(participant, by))
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
    notify_waivers(participant, waivers, by)
    return waivers


def notify_waivers(participant: Participant, waivers: list[SecrecyWaiver], by) -> None:
    """Each named organisation's staff hear of it; by name only once the waiver is in force (access follows)."""
    today = timezone.localdate()
    for waiver in waivers:
        org = waiver.organisation
        if waiver.is_active(today):
            text = _("Nytt sekretessgenombrott mot %(org)s: %(name)s, från %(day)s.") % {
                "org": org.short_name,
                "name": participant.display_name,
                "day": waiver.valid_from.isoformat(),
            }
            url = reverse("participants:detail", args=[participant.pk])
        else:
            text = _("Ett sekretessgenombrott mot %(org)s gäller från %(day)s.") % {
                "org": org.short_name,
                "day": waiver.valid_from.isoformat(),
            }
            url = ""
        notify(org.casework_staff(), text, url, by=by)


@transaction.atomic
def withdraw_waiver(*, waiver: SecrecyWaiver, withdrawn_on: date, reason: str, by) -> WaiverWithdrawal:
    refuse(waiver.participant.writable_error() or waiver_withdrawal_error(waiver, by))
    withdrawal = WaiverWithdrawal(waiver=waiver, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by)
    withdrawal.full_clean()
    withdrawal.save()
    sync_access(waiver.participant)
    waiver_withdrawn.send(sender=SecrecyWaiver, waiver=waiver, by=by)
    return withdrawal


# --- Access requests -------------------------------------------------------------------------------


def request_access(*, number: str, message: str, by) -> AccessRequest | None:
    """Ask the organisation that registered the person for access. Says nothing back about the person: the
    caller answers the same whether or not the person exists or is already visible."""
    participant = Participant.objects.filter(personnummer=number).first()
    if participant is None or Participant.objects.known_to(by.organisation_id).filter(pk=participant.pk).exists():
        return None
    request, _created = AccessRequest.objects.get_or_create(
        participant=participant,
        organisation_id=by.organisation_id,
        handled_at=None,
        defaults={"requested_by": by, "message": message[:500]},
    )
    return request


@transaction.atomic
def answer_access_request(*, request: AccessRequest, answer: str, message: str, by) -> AccessRequest:
    """The registering organisation answers a request for access; the answer is kept, the request closed."""
    participant = Participant.objects.get(pk=request.participant_id)  # as saved: it may have been anonymised since
    refuse(participant.writable_error() or registering_organisation_error(participant, by))
    if answer not in AccessRequest.Answer.values:
        raise ValidationError({"answer": _("Välj ett svar.")})
    updated = AccessRequest.objects.filter(pk=request.pk, handled_at__isnull=True).update(
        answer=answer, answer_message=message.strip()[:500], handled_at=timezone.now(), handled_by=by
    )
    if not updated:
        raise ValidationError({"__all__": _("Begäran är redan besvarad.")})
    request.refresh_from_db()
    return request


# --- Anonymisation ----------------------------------------------------------------------------------


def anonymise_participant(participant: Participant) -> list:
    """Remove the person from this app's records (last, after the other apps'): name, personnummer, contact,
    free text and scanned documents. Keeps what reports count: dates, statuses, categories, birth year.
    Returns the scanned documents, to be deleted once the transaction has committed."""
    p = participant
    consents, waivers = Consent.objects.filter(participant=p), SecrecyWaiver.objects.filter(participant=p)
    files = [record.document for record in [*consents, *waivers] if record.document]
    anonymising_update(consents, document="")
    anonymising_update(waivers, document="")
    anonymising_update(ConsentWithdrawal.objects.filter(consent__participant=p), reason=REMOVED)
    anonymising_update(WaiverWithdrawal.objects.filter(waiver__participant=p), reason=REMOVED)
    StatusChange.objects.filter(participant=p).exclude(reason="").update(reason=REMOVED)
    AccessRequest.objects.filter(participant=p).update(message="", answer_message="")
    anonymise_tasks(p)
    Participant.objects.filter(pk=p.pk).update(
        personnummer=None,  # unique by construction: NULL is never equal to NULL
        first_name=REMOVED,
        last_name="",
        phone="",
        email="",
        address="",
        stated_birth_date=None,  # the birth year stays, as for a number
        no_number_reason="",
        language="",
        status_reason=REMOVED if p.status_reason else "",
        outside_target_group_reason=REMOVED if p.outside_target_group_reason else "",
        search_text="",
        anonymised_at=timezone.now(),
    )
    return files
