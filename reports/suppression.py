"""Small-number suppression for the steering group's tables.

A count under the threshold is shown as "<5". Showing the total would then let a reader work out a
single hidden cell by subtraction, so more cells are hidden (the smallest first) until the hidden
cells are at least two and together at least the threshold. Percentages are shown only for
visible cells. A cumulative column is also checked against its period column: a difference under
the threshold would reveal an earlier small count, so such a cumulative cell is hidden too.
"""

from dataclasses import dataclass, field


@dataclass
class Cell:
    value: int
    hidden: bool = False

    def shown(self, threshold: int) -> str:
        return f"<{threshold}" if self.hidden else str(self.value)


@dataclass
class Column:
    cells: dict[str, Cell]
    total: Cell
    threshold: int

    def percent(self, key: str) -> str:
        cell = self.cells[key]
        if cell.hidden or self.total.hidden or not self.total.value:
            return "–"
        return f"{round(100 * cell.value / self.total.value)} %"

    def shown(self, key: str) -> str:
        return self.cells[key].shown(self.threshold)

    @property
    def total_shown(self) -> str:
        return self.total.shown(self.threshold)


@dataclass
class Table:
    """Rows by label; one column for the period and, optionally, one for the year so far."""

    title: str
    labels: dict[str, str]  # key -> label, in display order
    period: Column
    cumulative: Column | None = None
    note: str = ""
    show_total: bool = True
    rows: list = field(default_factory=list)

    def __post_init__(self):
        self.rows = [
            {
                "label": label,
                "period": self.period.shown(key),
                "period_pct": self.period.percent(key) if self.show_total else None,
                "cumulative": self.cumulative.shown(key) if self.cumulative else None,
                "cumulative_pct": self.cumulative.percent(key) if self.cumulative and self.show_total else None,
            }
            for key, label in self.labels.items()
        ]


def suppress(counts: dict[str, int], threshold: int, also_hide: set[str] = frozenset()) -> Column:
    cells = {key: Cell(value) for key, value in counts.items()}
    for key, cell in cells.items():
        if cell.value < threshold or key in also_hide:
            cell.hidden = True
    total = sum(counts.values())
    if total < threshold:
        for cell in cells.values():
            cell.hidden = True
        return Column(cells, Cell(total, hidden=True), threshold)
    while True:
        hidden = [c for c in cells.values() if c.hidden]
        visible = sorted((c for c in cells.values() if not c.hidden), key=lambda c: c.value)
        if not hidden or not visible:
            break
        if len(hidden) >= 2 and sum(c.value for c in hidden) >= threshold:
            break
        visible[0].hidden = True
    return Column(cells, Cell(total), threshold)


def table(title: str, labels: dict[str, str], period: dict[str, int], cumulative: dict[str, int] | None,
          threshold: int, note: str = "", show_total: bool = True) -> Table:  # fmt: skip
    period_column = suppress({k: period.get(k, 0) for k in labels}, threshold)
    cumulative_column = None
    if cumulative is not None:
        # A small difference between the year so far and this period would reveal earlier small counts.
        revealing = {k for k in labels if 0 < cumulative.get(k, 0) - period.get(k, 0) < threshold}
        cumulative_column = suppress({k: cumulative.get(k, 0) for k in labels}, threshold, also_hide=revealing)
        earlier_total = cumulative_column.total.value - period_column.total.value
        if 0 < earlier_total < threshold:
            cumulative_column.total.hidden = True
    return Table(title, labels, period_column, cumulative_column, note, show_total)
