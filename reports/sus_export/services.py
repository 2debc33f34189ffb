"""Producing the SUS export: the file, and one access-log entry per identified participant in it."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from insikt.models import AccessLog, Role, User
from reports.models import ExportFormat
from reports.sus_export.builder import SusExport, build_sus_export
from reports.sus_export.files import as_csv, as_xlsx

LOG_DETAIL = "SUS-underlag"  # never the number: the entry names the participant by id


@transaction.atomic
def produce_sus_export(
    *, starts_on: date, ends_on: date, fmt: str, by: User, ip_address=None
) -> tuple[SusExport, bytes]:
    """Only the project leader; the log entries are written with the file, so no file leaves unlogged."""
    if by.role != Role.PROJECT_LEADER or not by.organisation_id:
        raise PermissionDenied
    export = build_sus_export(starts_on, ends_on)
    content = as_xlsx(export) if ExportFormat(fmt) == ExportFormat.XLSX else as_csv(export)
    AccessLog.objects.bulk_create(
        AccessLog(user=by, organisation_id=by.organisation_id, action=AccessLog.Action.EXPORT, participant_id=pk,
                  detail=LOG_DETAIL, ip_address=ip_address)
        for pk in export.identified
    )  # fmt: skip
    return export, content
