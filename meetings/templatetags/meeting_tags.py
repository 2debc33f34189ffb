"""What the participant page shows from this app.

The participant page belongs to `participants`, which must not import `meetings` (dependencies point
downwards, see docs/architecture.md); its template asks for this app's part through this tag instead. The page's
access check and access log entry are the participant view's; this only reads, in a fixed number of queries.

Recommendations and findings join the timeline through build_timeline(extra_items=…), see recommendation_items and
meetings/findings/timeline.py.
"""

from django import template
from django.utils import timezone

from meetings.findings.timeline import finding_items
from meetings.models import MeetingKind
from meetings.services import reviews_missing
from meetings.signals import booked_ahead
from meetings.timeline import LANE_RECOMMENDATIONS, TimelineItem, build_timeline

register = template.Library()


@register.simple_tag
def booked_meetings_ahead(participant) -> int:
    """For the closing form: how many booked meetings closing would leave (or cancel)."""
    return booked_ahead(participant).count()


@register.simple_tag(takes_context=True)
def participant_overview(context, participant):
    user = context["request"].user
    meetings = list(participant.meetings.order_by("-starts_at"))
    reviews = list(
        participant.history_reviews.select_related("organisation").prefetch_related(
            "programmes__programme_type", "benefits", "events"
        )
    )
    # The participant view has loaded consents and waivers already; reuse them rather than ask again.
    consents = context.get("consents")
    waivers = context.get("waivers")
    recommendations = list(
        participant.recommendations.select_related("category", "receiving_organisation").order_by("-created_at")
    )
    findings = list(participant.findings.select_related("finding_type", "organisation"))
    now = timezone.now()
    return {
        "recommendations": recommendations,
        "findings": findings,
        "may_record_finding": not participant.writable_error(),
        "closed": participant.is_closed,  # then only a follow-up meeting may be booked (meetings/services.py)
        "follow_up_kind": MeetingKind.FOLLOW_UP,
        "upcoming": sorted((m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at),
        "past": [m for m in meetings if m.ends_at < now],
        "reviews": reviews,
        "own_review": next((r for r in reviews if r.organisation_id == user.organisation_id), None),
        "missing": reviews_missing(participant, reviews),
        "has_consent": context.get("current_consent") is not None,
        "timeline": build_timeline(
            participant,
            meetings=meetings,
            consents=consents,
            waivers=waivers,
            reviews=reviews,
            extra_items=[*recommendation_items(recommendations), *finding_items(findings)],
        ),
    }


def recommendation_items(recommendations) -> list[TimelineItem]:
    """A sent recommendation on the day it was sent; a draft on the day it was written."""
    return [
        TimelineItem(
            lane=LANE_RECOMMENDATIONS,
            label=f"{r.category.name} ({r.get_status_display().lower()})",
            start=r.sent_on or timezone.localdate(r.created_at),
            style="recommendation",
        )
        for r in recommendations
    ]
