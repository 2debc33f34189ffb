"""The reports app's models: reporting periods and report snapshots, the log review, the analysis of the findings,
the steering group's meetings, and the evaluator's exports. Reports read every other app but write only these
tables; nothing imports reports."""

from reports.models.exports import ExportDownload, ExportFormat, ExportRequest, ExportStatus
from reports.models.insights import AreaSummary, Quote, QuoteKind
from reports.models.periods import (
    TERTIALS,
    LogReview,
    LogReviewEntry,
    PeriodKind,
    ReportingPeriod,
    ReportSnapshot,
    ReviewRule,
    YearTarget,
)
from reports.models.steering import (
    AGENDA_FIELDS,
    AgendaDocument,
    AgendaHeading,
    AgendaPoint,
    SteeringDecision,
    SteeringMeeting,
)

__all__ = [
    "AGENDA_FIELDS", "TERTIALS", "AgendaDocument", "AgendaHeading", "AgendaPoint", "AreaSummary", "ExportDownload",
    "ExportFormat", "ExportRequest", "ExportStatus", "LogReview", "LogReviewEntry", "PeriodKind", "Quote",
    "QuoteKind", "ReportSnapshot", "ReportingPeriod", "ReviewRule", "SteeringDecision", "SteeringMeeting",
    "YearTarget",
]  # fmt: skip
