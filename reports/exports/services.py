"""Asking for, deciding on and producing the evaluator's pseudonymised export."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import ConcurrentEditError, claim_version
from insikt.models import Role, User
from insikt.notifications import notify
from reports.exports.builder import build_export
from reports.exports.files import CONTENT_TYPES, as_csv, as_xlsx, filename
from reports.models import ExportDownload, ExportFormat, ExportRequest, ExportStatus, ReportingPeriod


class AlreadyDecided(Exception):
    """The request was decided on (by this form or another) after the form was opened."""

    def __init__(self, saved: ExportRequest):
        super().__init__()
        self.saved = saved


def request_export(*, period: ReportingPeriod, purpose: str, by: User, token=None) -> tuple[ExportRequest, bool]:
    """A new request, waiting for the project leader. The form's one-time token becomes the request's id, so a
    repeated submit returns the request it made (created False) instead of making another."""
    if by.role != Role.EVALUATOR:
        raise PermissionDenied
    if not purpose.strip():
        raise ValidationError({"purpose": _("Skriv vad exporten ska användas till.")})
    if token and (existing := ExportRequest.objects.filter(pk=token).first()):
        if existing.requested_by_id == by.pk:
            return existing, False
        token = None
    try:
        with transaction.atomic():
            export = ExportRequest.objects.create(
                id=token or uuid.uuid4(), period=period, purpose=purpose.strip(), requested_by=by
            )
            leaders = User.objects.filter(role=Role.PROJECT_LEADER, is_active=True)
            notify(leaders, _("En begäran om pseudonymiserad export väntar på ditt beslut."), detail_url(export), by=by)
    except IntegrityError:
        # Two submits of the same form raced past the check above; the id let one through.
        if token and (existing := ExportRequest.objects.filter(pk=token, requested_by=by).first()):
            return existing, False
        raise
    return export, True


def detail_url(export: ExportRequest) -> str:
    return reverse("reports:exports:detail", args=[export.pk])


@transaction.atomic
def decide_export(*, export: ExportRequest, approve: bool, note: str, expected_version: int, by: User) -> ExportRequest:
    """Approve or refuse a waiting request. A refusal says why. Raises AlreadyDecided once it is decided."""
    if not by.is_project_leader:
        raise PermissionDenied
    saved = ExportRequest.objects.select_for_update().get(pk=export.pk)
    if saved.status != ExportStatus.REQUESTED:
        raise AlreadyDecided(saved)
    if not approve and not note.strip():
        raise ValidationError({"note": _("Skriv varför begäran avslås, så att utvärderaren vet vad som saknas.")})
    try:
        claim_version(saved, expected_version)
    except ConcurrentEditError:
        raise AlreadyDecided(ExportRequest.objects.get(pk=export.pk)) from None
    saved.status = ExportStatus.APPROVED if approve else ExportStatus.REFUSED
    saved.decided_by, saved.decided_at, saved.decision_note = by, timezone.now(), note.strip()
    saved.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    text = _("Din begäran om export för %(period)s är %(status)s.") % {
        "period": saved.period, "status": saved.get_status_display().lower()
    }  # fmt: skip
    notify([saved.requested_by], text, detail_url(saved), by=by)
    return saved


@transaction.atomic
def produce_export(*, export: ExportRequest, fmt: str, by: User) -> tuple[bytes, str, str]:
    """The file (content, file name, content type), written as an ExportDownload in the same transaction: only the
    requester, only once approved."""
    if not export.is_approved or export.requested_by_id != by.pk:
        raise PermissionDenied
    fmt = ExportFormat(fmt)
    built = build_export(export.period)
    content = as_csv(built) if fmt == ExportFormat.CSV else as_xlsx(built, export)
    ExportDownload.objects.create(request=export, format=fmt, rows=len(built.rows), produced_by=by)
    return content, filename(export, fmt), CONTENT_TYPES[fmt]
