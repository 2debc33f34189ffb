"""Laying items out on one time axis for the SVG: every position is computed here, the template only draws."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from meetings.timeline.items import ALWAYS_SHOWN, LANES, STYLES, TimelineItem

WIDTH = 960
LABEL_WIDTH = 160
RIGHT_MARGIN = 24
TOP = 22  # room for the "Idag" label
AXIS_HEIGHT = 26
BAR_ROW, BAR_HEIGHT = 22, 16
POINT_ROW, RADIUS = 18, 6
LANE_PADDING = 6
ROW_GAP = 6  # items (with their labels) closer than this go on separate rows, so that none hides another
CHAR_WIDTH = 6.2  # an estimate for 11px sans-serif; a label is drawn inside its bar only when it fits


@dataclass
class Bar:
    x: float
    y: float
    width: float
    label: str
    title: str
    style: str
    ongoing: bool
    label_x: float | None = None  # None: no room for the label anywhere (it is in the title and the list)
    label_anchor: str = "start"
    label_inside: bool = False
    height: int = BAR_HEIGHT

    @property
    def text_y(self) -> float:
        return self.y + self.height - 4.5


@dataclass
class Marker:
    x: float
    y: float
    title: str
    style: str
    shape: str
    label: str = ""
    label_x: float | None = None
    label_anchor: str = "start"

    @property
    def text_y(self) -> float:
        return self.y + 4

    @property
    def points(self) -> str:
        """Polygon corners for the diamond and the triangle."""
        x, y, r = self.x, self.y, RADIUS + 0.5
        if self.shape == "triangle":
            corners = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
        elif self.shape == "triangle-down":
            corners = [(x - r, y - r * 0.8), (x + r, y - r * 0.8), (x, y + r)]
        else:
            corners = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        return " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)

    @property
    def square_x(self) -> float:
        return self.x - RADIUS + 0.5

    @property
    def square_y(self) -> float:
        return self.y - RADIUS + 0.5

    @property
    def square_size(self) -> float:
        return 2 * RADIUS - 1

    @property
    def cross(self) -> str:
        """Path data for the diagonal cross of a cancelled meeting or a withdrawn consent."""
        x, y, r = self.x, self.y, RADIUS - 2
        return f"M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x - r:.1f} {y + r:.1f}L{x + r:.1f} {y - r:.1f}"


@dataclass
class Lane:
    key: str
    label: str
    y: float
    height: float
    empty: bool = False

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 + 4


@dataclass
class Tick:
    x: float
    label: str

    @property
    def label_x(self) -> float:
        return self.x + 4


@dataclass
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    start: date
    end: date
    today_x: float
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    items: list[TimelineItem] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # style, shape, text

    top: int = TOP

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 17

    @property
    def today_label_y(self) -> float:
        return TOP - 8

    @property
    def description(self) -> str:
        return _("Tidslinje från %(start)s till %(end)s med %(count)s händelser och perioder.") % {
            "start": self.start.year,
            "end": self.end.year,
            "count": len(self.items),
        }


def _year_step(years: int) -> int:
    return 1 if years <= 12 else 2 if years <= 24 else 5


def layout(items: list[TimelineItem], *, today: date) -> Timeline:
    """Place items on one axis: lanes top to bottom, overlapping periods and close markers on separate rows."""
    # The same period recorded by two organisations' reviews is drawn (and listed) once.
    items = sorted(dict.fromkeys(items), key=lambda i: (i.start, str(i.label)))
    days = [today, *(i.start for i in items), *(i.end for i in items if i.end)]
    start = date(min(days).year, 1, 1)
    last = max(days)
    end = last + timedelta(days=max(30, (last - start).days // 40))
    total = (end - start).days
    plot_left, plot_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN

    def x(day: date) -> float:
        return round(plot_left + (day - start).days / total * (plot_right - plot_left), 1)

    keys = [k for k in LANES if k in ALWAYS_SHOWN or any(i.lane == k for i in items)]
    keys += [k for k in dict.fromkeys(i.lane for i in items) if k not in keys]
    timeline = Timeline(WIDTH, 0, plot_left, plot_right, 0, start, end, x(today), items=items)
    y = TOP
    for key in keys:
        in_lane = [i for i in items if i.lane == key]
        bars, bar_rows = _place_bars([i for i in in_lane if i.is_period], x, today, plot_left, plot_right)
        markers, marker_rows = _place_markers([i for i in in_lane if not i.is_period], x, plot_left, plot_right)
        height = 2 * LANE_PADDING + max(bar_rows * BAR_ROW + marker_rows * POINT_ROW, BAR_ROW)
        for bar, row in bars:
            bar.y = y + LANE_PADDING + row * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2
            timeline.bars.append(bar)
        for marker, row in markers:
            marker.y = y + LANE_PADDING + bar_rows * BAR_ROW + row * POINT_ROW + POINT_ROW / 2
            timeline.markers.append(marker)
        timeline.lanes.append(Lane(key, str(LANES.get(key, key)), y, height, empty=not in_lane))
        y += height
    timeline.axis_y = y
    timeline.height = int(y + AXIS_HEIGHT)
    step = _year_step(end.year - start.year)
    timeline.ticks = [
        Tick(x(date(year, 1, 1)), str(year)) for year in range(start.year, end.year + 1, step) if date(year, 1, 1) < end
    ]
    used = dict.fromkeys(i.style for i in items)
    timeline.legend = [(style, STYLES[style][0], str(STYLES[style][1])) for style in STYLES if style in used]
    return timeline


def _label_extent(left, right, text, inside_width, plot_left, plot_right):
    """Where a label goes: inside the bar, else right of it, else left of it, else nowhere.

    Returns (occupied_left, occupied_right, label_x, anchor, inside)."""
    width = len(text) * CHAR_WIDTH
    if inside_width and width + 8 <= inside_width:
        return left, right, left + 4, "start", True
    if right + 5 + width <= plot_right:
        return left, right + 5 + width, right + 5, "start", False
    if left - 5 - width >= plot_left:
        return left - 5 - width, right, left - 5, "end", False
    return left, right, None, "start", False


def _row_for(rows, left, right):
    """The first row where [left, right] overlaps nothing already placed; a new row if none."""
    for index, taken in enumerate(rows):
        if all(right + ROW_GAP <= a or left >= b + ROW_GAP for a, b in taken):
            taken.append((left, right))
            return index
    rows.append([(left, right)])
    return len(rows) - 1


def _place_bars(periods, x, today, plot_left, plot_right):
    placed, rows = [], []
    for item in periods:
        left = x(item.start)
        right = max(x(today if item.ongoing else item.end), left + 3)
        label = str(item.label)
        a, b, label_x, anchor, inside = _label_extent(left, right, label, right - left, plot_left, plot_right)
        bar = Bar(
            left,
            0,
            round(right - left, 1),
            label,
            f"{label}: {item.when}",
            item.style,
            item.ongoing,
            label_x=label_x,
            label_anchor=anchor,
            label_inside=inside,
        )
        placed.append((bar, _row_for(rows, a, b)))
    return placed, len(rows)


def _place_markers(points, x, plot_left, plot_right):
    placed, rows = [], []
    for item in points:
        at = x(item.start)
        label = f"{item.label} {item.start.isoformat()}"
        a, b, label_x, anchor, _inside = _label_extent(
            at - RADIUS - 1, at + RADIUS + 1, label, 0, plot_left, plot_right
        )
        shape = STYLES.get(item.style, ("circle",))[0]
        marker = Marker(
            at,
            0,
            f"{item.start.isoformat()}: {item.label}",
            item.style,
            shape,
            label=label,
            label_x=label_x,
            label_anchor=anchor,
        )
        placed.append((marker, _row_for(rows, a, b)))
    return placed, len(rows)
