"""The meetings app's models: meetings and history reviews, and the recommendations that come from a
multi-party meeting (one app, since a recommendation belongs to the meeting it came from; see
docs/architecture.md). Each module imports only what lies before it, so there is no import circle."""

from meetings.models.findings import STANDARD_FINDING_TYPES, Finding, FindingType, ensure_standard_finding_types
from meetings.models.meetings import (
    MAX_DURATION,
    MIN_DURATION,
    AttendeeKind,
    EventCategory,
    HistoryReview,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    Period,
    ProgrammeType,
    ReviewBenefit,
    ReviewBenefitType,
    ReviewEvent,
    ReviewProgramme,
)
from meetings.models.recommendations import (
    AWAITING_OUTCOME,
    NOT_SENT,
    STANDARD_CATEGORIES,
    TRANSITIONS,
    Recommendation,
    RecommendationArea,
    RecommendationCategory,
    RecommendationStatus,
    RecommendationStatusChange,
    ensure_standard_categories,
)

__all__ = [
    "STANDARD_FINDING_TYPES", "Finding", "FindingType", "ensure_standard_finding_types",
    "AWAITING_OUTCOME", "MAX_DURATION", "MIN_DURATION", "NOT_SENT", "STANDARD_CATEGORIES", "TRANSITIONS",
    "AttendeeKind", "EventCategory", "HistoryReview", "Meeting", "MeetingAttendee", "MeetingKind", "MeetingStatus",
    "Period", "ProgrammeType", "Recommendation", "RecommendationArea", "RecommendationCategory",
    "RecommendationStatus", "RecommendationStatusChange", "ReviewBenefit", "ReviewBenefitType", "ReviewEvent",
    "ReviewProgramme", "ensure_standard_categories",
]  # fmt: skip
