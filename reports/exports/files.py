"""The export as a file: CSV (semicolons, UTF-8 with BOM, as the reports' tables) or XLSX (openpyxl)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.exports.builder import Export
from reports.models import ExportFormat, ExportRequest

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(export_request: ExportRequest, fmt: str) -> str:
    period = export_request.period
    return f"insikt-pseudonymiserad-{period.starts_on:%Y%m%d}-{period.ends_on:%Y%m%d}.{fmt}"


def as_csv(export: Export) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([column.key for column in export.columns])
    writer.writerows(export.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def text(value: str) -> str:
    """A label the project leader typed in the admin, never read by a spreadsheet as a formula."""
    return "'" + value if value[:1] in ("=", "+", "@") else value


def as_xlsx(export: Export, export_request: ExportRequest) -> bytes:
    """The rows, what each column means, and what the export is (period, purpose, when it was produced)."""
    book = Workbook()
    rows = book.active
    rows.title = _("Export")
    rows.append([column.key for column in export.columns])
    for row in export.rows:
        rows.append(row)
    rows.freeze_panes = "B2"
    columns = book.create_sheet(_("Kolumner"))
    columns.append([_("Kolumn"), _("Betydelse")])
    for column in export.columns:
        columns.append([column.key, text(column.label)])
    columns.column_dimensions["A"].width = 36
    columns.column_dimensions["B"].width = 100
    about = book.create_sheet(_("Om exporten"))
    for label, value in [
        (_("Period"), str(export_request.period)),
        (_("Syfte"), text(export_request.purpose)),
        (_("Framtagen"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Rader"), len(export.rows)),
        (_("Innehåll"), _("En rad per deltagare som var anmäld eller aktiv under perioden, under en pseudonym. "
                          "Inga namn, personnummer, födelsedatum, exakta datum eller fritexter.")),
    ]:  # fmt: skip
        about.append([label, value])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
