"""The person's journey over time: every dated thing Insikt knows, on one time axis, laid out for an SVG.

`items.collect_items` gathers the items (time at Arbetsförmedlingen, programmes and benefits from the
history reviews, consent, meetings); `layout.layout` places any list of items. A later app adds its own
items, e.g. recommendations, by passing them as `extra_items` to `build_timeline`: nothing here needs
to know it. All positions are computed here, so the template only draws; no script runs in the browser.
"""

from datetime import date

from django.utils import timezone

from meetings.timeline.items import LANE_FINDINGS, LANE_RECOMMENDATIONS, LANES, STYLES, TimelineItem, collect_items
from meetings.timeline.layout import Timeline, layout

__all__ = [
    "LANES",
    "LANE_FINDINGS",
    "LANE_RECOMMENDATIONS",
    "STYLES",
    "Timeline",
    "TimelineItem",
    "build_timeline",
    "layout",
]


def build_timeline(
    participant, *, meetings=None, consents=None, waivers=None, reviews=None, extra_items=(), today: date | None = None
) -> Timeline:
    """The participant's timeline. Pass what the caller has already loaded, to save the queries."""
    today = today or timezone.localdate()
    if meetings is None:
        meetings = participant.meetings.all()
    if consents is None:
        consents = participant.consents.select_related("withdrawal")
    if waivers is None:
        waivers = participant.waivers.select_related("organisation", "withdrawal")
    if reviews is None:
        reviews = participant.history_reviews.select_related("organisation").prefetch_related(
            "programmes__programme_type", "benefits", "events"
        )
    items = collect_items(
        participant, meetings=meetings, consents=consents, waivers=waivers, reviews=reviews, today=today
    )
    return layout([*items, *extra_items], today=today)
