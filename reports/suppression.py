"""Small-number protection for the steering group's tables.

The marks follow Statistics Sweden's practice and are explained under every table that uses them:

    –     nothing to report (zero)
    <5    a count of 1–4
    ..    not shown: fewer than 5 people behind it, or hidden so that a "<5" elsewhere cannot be worked out

How a year's figures are protected, so that no report, and no two reports together, reveal a hidden count:

1. Each tertial is a column of its own. A count behind 1–4 people is hidden (primary). If the column has a
   total, more cells are hidden (the smallest first, never a zero) until every hidden small count can still
   take at least two values for a reader who knows every mark, and spans at least the threshold for one
   who only adds and subtracts. If no choice is enough, the column's breakdown is withheld (total only).
2. A year-so-far (or whole-year, or whole-project) cell is the sum of its tertials and is shown only when
   every one of them is shown. So it never adds anything that was not already published: differencing
   the year so far against the period, or one report against the previous one, gives nothing new.

The protection is checked in tests by an attacker that solves all published tables of a year as a linear
programme (reports/tests/test_suppression_attack.py).
"""

from dataclasses import dataclass, field
from math import inf

SHOWN = ""
SMALL = "small"  # a primary cell whose count is under the threshold: "<5"
FEW_PEOPLE = "few"  # a primary cell with a larger count behind fewer people (events): ".."
PROTECTING = "protecting"  # hidden only so that a small cell cannot be worked out: ".."
PART_HIDDEN = "part"  # a sum over tertials of which one is hidden: ".."
WITHHELD = "withheld"  # the column's breakdown is not shown at all: ".."
LINKED = "linked"  # hidden because another table of the report prints a related hidden count: ".."
TOTAL_HIDDEN = "total"  # a total hidden because, with another table's figures, it would give a small cell away
PRIMARY = {SMALL, FEW_PEOPLE}


@dataclass
class Cell:
    value: int  # what the row counts: people, or events (meetings, recommendations, answers)
    people: int  # distinct people behind the value: the protection rule is about people
    mark: str = SHOWN

    @property
    def hidden(self) -> bool:
        return self.mark != SHOWN

    def text(self, threshold: int) -> str:
        if self.mark == SMALL:
            return f"<{threshold}"
        if self.mark:
            return ".."
        return "–" if self.value == 0 else f"{self.value:,}".replace(",", "\u00a0")


@dataclass
class Column:
    label: str
    cells: dict[str, Cell]
    total: Cell | None = None
    exact: set = field(default_factory=set)  # rows published exactly by design (the goal figure)

    @property
    def withheld(self) -> bool:
        return any(c.mark == WITHHELD for c in self.cells.values())

    def percent(self, key: str) -> str:
        """A share only of a shown cell of a shown total, never rounded up to 100 % or down to 0 %."""
        cell, total = self.cells[key], self.total
        if total is None or cell.hidden or total.hidden or not total.value or not cell.value:
            return ""
        share = round(100 * cell.value / total.value)
        if cell.value and cell.value < total.value:
            share = min(max(share, 1), 99)
        return f"{share} %"


def primary_mark(cell: Cell, threshold: int) -> str:
    if 0 < cell.people < threshold:
        return SMALL if cell.value < threshold else FEW_PEOPLE
    return SHOWN


def protect(column: Column, threshold: int, floors: dict[str, int] | None = None) -> Column:
    """Mark the column's primary cells, then secondary ones until every primary cell is protected.

    `floors` are lower bounds another table of the report publishes for some cells (the flow's people with a
    first meeting under the meetings held). When no choice of cells protects against them, the total is
    hidden instead: without it the column's cells say nothing about each other."""
    floors = floors or {}
    for key, cell in column.cells.items():
        if key not in column.exact:
            cell.mark = primary_mark(cell, threshold)
    if column.total is not None:
        column.total.mark = primary_mark(column.total, threshold)
        secure(column, threshold, floors)
    return column


def secure(column: Column, threshold: int, floors: dict[str, int] | None = None) -> bool:
    """Hide more cells (the smallest first) until the total gives no hidden small cell away; keeps every mark
    already set, so that cells hidden because of another table stay hidden. True if anything was hidden."""
    floors = floors or {}
    changed = False
    while exposed(column, threshold, floors):
        changed = True
        if hide_smallest([c for key, c in column.cells.items() if key not in column.exact], threshold):
            continue
        if any(floors.values()):  # the floors bound the cells even with the breakdown withheld
            hide_total(column, threshold)
            break
        for cell in column.cells.values():
            cell.mark = WITHHELD
        break
    return changed


def hide_smallest(cells, threshold: int, mark: str = PROTECTING) -> bool:
    """Hide the smallest shown cell that can protect (at least the threshold; the first of equals). False if none."""
    candidates = [(c.value, i, c) for i, c in enumerate(cells) if not c.hidden and c.value >= threshold]
    if candidates:
        min(candidates, key=lambda item: item[:2])[2].mark = mark
    return bool(candidates)


def hide_total(column: Column, threshold: int) -> None:
    for key, cell in column.cells.items():
        cell.mark = SHOWN if key in column.exact else primary_mark(cell, threshold)
    column.total.mark = TOTAL_HIDDEN


def bounds(cell: Cell, threshold: int, smallest_shown: float, knows_marks: bool, floor: int = 0):
    """What a reader can tell about a hidden cell from its mark, and from a floor another table sets."""
    if not knows_marks:
        return floor, inf
    if cell.mark == SMALL:
        return max(1, floor), threshold - 1
    if cell.mark == PROTECTING:
        # Chosen as the smallest cell that could protect: at most every cell still shown.
        return max(threshold, floor), smallest_shown
    return max(threshold, floor), inf


def exposed(
    column: Column, threshold: int, floors: dict[str, int] | None = None, total_range: dict | None = None
) -> list[str]:
    """The primary cells whose value the column's total would give away (too narrowly, or exactly).

    `total_range` is for a column whose total is a hidden cell of another table: {knows_marks: (lo, hi)}, what
    that table tells of it (`cell_range`)."""
    hidden = {k: c for k, c in column.cells.items() if c.hidden}
    primary = [k for k, c in hidden.items() if c.mark in PRIMARY]
    if not primary or column.total is None or column.total.mark == TOTAL_HIDDEN:
        return []
    weak = []
    for key in primary:
        for knows_marks, needed in ((False, threshold), (True, 1)):
            given = total_range[knows_marks] if total_range else None
            lo, hi = cell_range(column, key, threshold, knows_marks, floors, given)
            if hi - lo < needed:
                weak.append(key)
                break
    return weak


def cell_range(column: Column, key: str, threshold: int, knows_marks: bool, floors=None, total=None):
    """The smallest and largest value a reader can give a hidden cell from the rest of its column."""
    floors = floors or {}
    shown_sum = sum(c.value for c in column.cells.values() if not c.hidden)
    shown_large = [c.value for c in column.cells.values() if not c.hidden and c.value >= threshold]
    smallest_shown = min(shown_large, default=inf)
    if total is not None:
        total_lo, total_hi = total
    elif column.total.hidden:
        total_lo, total_hi = bounds(column.total, threshold, inf, knows_marks)
    else:
        total_lo = total_hi = column.total.value
    others = [
        bounds(c, threshold, smallest_shown, knows_marks, floors.get(k, 0))
        for k, c in column.cells.items()
        if c.hidden and k != key
    ]
    own_lo, own_hi = bounds(column.cells[key], threshold, smallest_shown, knows_marks, floors.get(key, 0))
    lo = max(own_lo, total_lo - shown_sum - sum(hi for _lo, hi in others))
    hi = min(own_hi, total_hi - shown_sum - sum(lo for lo, _hi in others))
    return lo, hi


def summed(columns: list[Column], label: str) -> Column:
    """The sum of several columns (the year so far, the year, the project), shown only where all parts are."""

    def add(parts: list[Cell | None]) -> Cell | None:
        if any(part is None for part in parts):
            return None
        cell = Cell(sum(p.value for p in parts), sum(p.people for p in parts))
        if any(p.hidden for p in parts):
            cell.mark = PART_HIDDEN
        return cell

    keys = list(columns[0].cells)
    cells = {key: add([column.cells[key] for column in columns]) for key in keys}
    return Column(label, cells, add([column.total for column in columns]), exact=set(columns[0].exact))
