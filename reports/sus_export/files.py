"""The SUS export as CSV (semicolons, UTF-8 with BOM, as the other exports) or XLSX; the first line says that the
names and codes are still to be checked against the SUS manual."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports import sus
from reports.models import ExportFormat
from reports.sus_export.builder import SusExport

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def heading(export: SusExport) -> list[str]:
    period = f"{export.starts_on.isoformat()} – {export.ends_on.isoformat()}"
    return [_("Underlag för registrering i SUS, %(period)s. %(note)s") % {"period": period, "note": sus.NOTE}]


def filename(export: SusExport, fmt: str) -> str:
    return f"insikt-sus-{export.starts_on:%Y%m%d}-{export.ends_on:%Y%m%d}.{fmt}"


def as_csv(export: SusExport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(heading(export))
    writer.writerow([str(column) for column in sus.COLUMNS])
    writer.writerows(export.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(export: SusExport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "SUS"
    sheet.append(heading(export))
    sheet.append([str(column) for column in sus.COLUMNS])
    for row in export.rows:
        sheet.append(row)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
