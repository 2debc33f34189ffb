"""Recording and changing findings (iakttagelser), and removing their free text at anonymisation.

The rules live here, as Swedish messages keyed by the model's fields, so that views, commands and tests all obey
them; the form says them too, on its own fields (forms.py).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from insikt.locking import claim_version
from meetings.models import Finding, FindingType, MeetingKind, MeetingStatus
from participants.models import Participant


def blocked_error(participant: Participant) -> str | None:
    """Why no finding may be recorded or changed for this participant (None: it may)."""
    return participant.writable_error()


def rule_errors(finding: Finding, saved_type_id=None) -> dict[str, str]:
    """What is wrong with the finding beyond its fields' own checks (Finding.clean). `saved_type_id`: the type it
    had when saved, which it may keep after the project leader has retired the type."""
    errors = {}
    if message := blocked_error(finding.participant):
        errors["__all__"] = message
    if not finding.organisation_id and not finding.other_organisation.strip():
        errors["other_organisation"] = _("Skriv vilken organisation iakttagelsen gäller.")
    if finding.finding_type_id and finding.finding_type_id != saved_type_id:
        if not FindingType.objects.filter(pk=finding.finding_type_id, active=True).exists():
            errors["finding_type"] = _("Typen kan inte längre väljas. Välj en annan typ.")
    meeting = finding.meeting if finding.meeting_id else None
    if meeting and (
        meeting.participant_id != finding.participant_id
        or meeting.kind != MeetingKind.MULTI_PARTY
        or meeting.status != MeetingStatus.HELD
    ):
        errors["meeting"] = _("Välj ett genomfört flerpartsmöte med deltagaren.")
    review = finding.history_review if finding.history_review_id else None
    if review and review.participant_id != finding.participant_id:
        errors["history_review"] = _("Välj en av deltagarens genomlysningar.")
    return errors


def _locked_participant(finding: Finding) -> Participant:
    # Locked, so that anonymisation (which locks it too) cannot empty the findings while one is being written.
    finding.participant = Participant.objects.select_for_update().get(pk=finding.participant_id)
    return finding.participant


def record_finding(*, finding: Finding, by, token=None) -> tuple[Finding, bool]:
    """Record a new finding. Returns (finding, created); a repeated submit of the same form records none."""
    if token and (existing := Finding.objects.filter(request_token=token).first()):
        return existing, False
    finding.recorded_by = by
    finding.recorded_by_organisation_id = by.organisation_id
    finding.request_token = token
    finding.other_organisation = "" if finding.organisation_id else finding.other_organisation.strip()
    try:
        with transaction.atomic():
            _locked_participant(finding)
            if errors := rule_errors(finding):
                raise ValidationError(errors)
            finding.full_clean()
            finding.save(force_insert=True)
    except IntegrityError:
        # Two submits of the same form raced past the check above; the unique token let one through.
        if token and (existing := Finding.objects.filter(request_token=token).first()):
            return existing, False
        raise
    return finding, True


@transaction.atomic
def update_finding(*, finding: Finding, expected_version: int, by, token=None) -> Finding:
    """Change a finding as it was when the form was opened; ConcurrentEditError if someone saved it since.
    Who recorded it, and for which organisation, stays."""
    saved = Finding.objects.only("finding_type_id", "recorded_by_id", "recorded_by_organisation_id").get(pk=finding.pk)
    _locked_participant(finding)
    finding.recorded_by_id, finding.recorded_by_organisation_id = (
        saved.recorded_by_id,
        saved.recorded_by_organisation_id,
    )
    finding.other_organisation = "" if finding.organisation_id else finding.other_organisation.strip()
    if errors := rule_errors(finding, saved_type_id=saved.finding_type_id):
        raise ValidationError(errors)
    finding.full_clean()
    claim_version(finding, expected_version, token)
    finding.save()
    return finding


def anonymise_findings(participant: Participant) -> None:
    """Empty the findings' free text; keep what they are coded by (organisation, area, type, period, source) so
    that the project's analysis can still count them. Checked quotes (reports.Quote) are texts of their own."""
    Finding.objects.filter(participant=participant).update(description="", suggested_change="", anonymised=True)
