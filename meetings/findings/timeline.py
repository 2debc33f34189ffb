"""Findings on the person's journey over time (meetings.timeline), passed in as extra items."""

from collections import Counter

from meetings.timeline import LANE_FINDINGS, TimelineItem


def finding_items(findings) -> list[TimelineItem]:
    """Each finding where it belongs in time: over the period it concerns when that has both ends, else at the
    period's start, else on the day it was recorded. Labelled by its codes only: the description stays on its
    page. Findings coded alike on the same day are one item, counted, so that none is merged away unseen."""
    counted = Counter()
    for f in findings:
        label = f"{f.finding_type.name} ({f.organisation_label}, {f.get_area_display().lower()})"
        if f.period_from and f.period_to:
            counted[(label, f.period_from, f.period_to, "period-finding")] += 1
        else:
            counted[(label, f.placed_on, None, "finding")] += 1
    return [
        TimelineItem(LANE_FINDINGS, f"{count} × {label}" if count > 1 else label, start, end=end, style=style)
        for (label, start, end, style), count in counted.items()
    ]
