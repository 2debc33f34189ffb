"""An attacker who solves every published table of a year as a linear programme learns no hidden count.

For generated small tables (a year of three tertials), every report that could be published is built with
the production code: the three tertial reports (the period and the year so far) and the final report (the
three tertials and the year). The attacker reads what is printed and, for every cell hidden because few
people are behind it, finds the smallest and largest value consistent with everything published together:
shown cells and totals, each cell a whole number of at least 0. Two attackers:

- one who only adds and subtracts (the issue's test): the range must be at least the threshold wide;
- one who also reads every mark ("<5" is 1–4, a ".." in a tertial is at least 5, and a cell hidden to
  protect another is no larger than any cell still shown, since the smallest is chosen): the hidden count
  must still be able to take at least two values.

The published system is totally unimodular (sums over rows and over tertials), so the LP bounds are the
integer bounds. The attacker also confirms that the truth is consistent with what is printed: no table
contradicts its total.
"""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from reports.suppression import FEW_PEOPLE, SMALL
from reports.tables import Layout, Spec, build

T = 5
YEAR = 2026


def reports_of(spec: Spec):
    """Every report of the year: (layout, table), the tertials each printed column sums over."""
    published = []
    for k in (1, 2, 3):
        table = build(spec, Layout("tertial", YEAR, YEAR, k), T)
        spans = [[k], list(range(1, k + 1))][: len(table.columns)]
        published.append((table, spans))
    table = build(spec, Layout("ar", YEAR, YEAR), T)
    published.append((table, [[1], [2], [3], [1, 2, 3]]))
    return published


def bounds_for(text: str, knows_marks: bool, single_tertial: bool, smallest_shown: float, events: bool):
    if text == "–":
        return 0, 0
    if text.replace("\u00a0", "").isdigit():
        value = int(text.replace("\u00a0", ""))
        return value, value
    if not knows_marks:
        return 0, None
    if text == f"<{T}":
        return 1, T - 1
    # "..": in one tertial at least the threshold (a small count would read "<5"). A sum says nothing of its
    # own: its parts' marks say it all, and a withheld part may be zero.
    if single_tertial:
        return T, (None if events or smallest_shown == math.inf else smallest_shown)
    return 0, None


def attack(spec: Spec, rows: list[str], knows_marks: bool):
    """Constraints over x[row, tertial] from every published report; returns a function giving the bounds."""
    index = {(r, t): i for i, (r, t) in enumerate((r, t) for r in rows for t in (1, 2, 3))}
    n = len(index)
    equalities, upper = [], []  # (coefficients, rhs)
    for table, spans in reports_of(spec):
        for column, span in zip(table.columns, spans, strict=True):
            shown = [int(c.text(T).replace("\u00a0", "")) for c in column.cells.values()
                     if c.text(T).replace("\u00a0", "").isdigit() and int(c.text(T).replace("\u00a0", "")) >= T]  # fmt: skip
            smallest = min(shown, default=math.inf)
            lines = [([(r, t) for t in span], column.cells[r].text(T)) for r in rows]
            if column.total is not None:
                lines.append(([(r, t) for r in rows for t in span], column.total.text(T)))
            for cells, text in lines:
                withheld = column.withheld and len(cells) == len(span)
                lo, hi = bounds_for(text, knows_marks and not withheld, len(span) == 1 and len(cells) == 1,
                                    smallest, spec.events)  # fmt: skip
                coefficients = [0.0] * n
                for cell in cells:
                    coefficients[index[cell]] = 1.0
                if lo == hi:
                    equalities.append((coefficients, lo))
                    continue
                upper.append(([-c for c in coefficients], -lo))
                if hi is not None:
                    upper.append((coefficients, hi))

    def solve(target, sense):
        c = [0.0] * n
        c[index[target]] = sense
        result = linprog(
            c,
            A_ub=[a for a, _ in upper] or None,
            b_ub=[b for _, b in upper] or None,
            A_eq=[a for a, _ in equalities] or None,
            b_eq=[b for _, b in equalities] or None,
            bounds=[(0, None)] * n,
            method="highs",
        )
        assert result.status in (0, 3), "what is printed contradicts itself"
        return math.inf if result.status == 3 else sense * result.fun

    return lambda cell: (solve(cell, 1), solve(cell, -1))


def sensitive_cells(spec: Spec, rows: list[str]):
    """The (row, tertial) cells that are hidden because few people are behind them."""
    table = build(spec, Layout("ar", YEAR, YEAR), T)
    return [(r, t) for t in (1, 2, 3) for r in rows if table.columns[t - 1].cells[r].mark in (SMALL, FEW_PEOPLE)]


def check(spec: Spec, rows: list[str]):
    truth = {(r, t): spec.grid.get((YEAR, t), {}).get(r, (0, 0))[0] for r in rows for t in (1, 2, 3)}
    for knows_marks, needed in ((False, T), (True, 1)):
        solve = attack(spec, rows, knows_marks)
        for cell in sensitive_cells(spec, rows):
            lo, hi = solve(cell)
            assert lo <= truth[cell] <= hi, "the truth must be consistent with what is printed"
            assert hi - lo >= needed, f"{cell} = {truth[cell]} narrowed to [{lo}, {hi}] (marks known: {knows_marks})"


counts = st.integers(min_value=0, max_value=14)


@st.composite
def years(draw, events=False):
    rows = [f"r{i}" for i in range(draw(st.integers(min_value=2, max_value=5)))]
    grid = {}
    for t in (1, 2, 3):
        cells = {}
        for r in rows:
            value = draw(counts)
            people = draw(st.integers(min_value=min(value, 1), max_value=value)) if events else value
            cells[r] = (value, people)
        total_people = sum(p for _v, p in cells.values())
        if events and total_people:
            total_people = draw(st.integers(min_value=max(p for _v, p in cells.values()), max_value=total_people))
        cells["__total__"] = (sum(v for v, _p in cells.values()), total_people)
        grid[(YEAR, t)] = cells
    has_total = draw(st.booleans())
    return Spec("t", "Tabell", {r: r for r in rows}, grid, has_total=has_total, events=events), rows


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(years())
def test_no_hidden_count_of_people_can_be_worked_out(year):
    check(*year)


@PROPERTY
@given(years(events=True))
def test_no_hidden_count_of_events_behind_few_people_can_be_worked_out(year):
    check(*year)


@pytest.mark.parametrize(
    "cells, total, printed",
    [
        # The cases that used to be printed falsely or revealed their hidden cells.
        ({"inom": 40, "utanfor": 3}, "43", ["..", "<5"]),
        ({"ja": 9, "nej": 4}, "13", ["..", "<5"]),
        ({"a": 5, "b": 4, "c": 4}, "13", ["..", "<5", "<5"]),
        ({"a": 20, "b": 10, "c": 3}, "33", ["20", "..", "<5"]),
        ({"a": 4, "b": 4}, "8", ["..", ".."]),  # no choice protects both: the breakdown is withheld
    ],
)
def test_hand_computed_columns(cells, total, printed):
    spec = Spec("t", "Tabell", {k: k for k in cells}, {(YEAR, 1): {k: (v, v) for k, v in cells.items()}})
    table = build(spec, Layout("tertial", YEAR, YEAR, 1), T)
    assert [row["cells"][0] for row in table.rows] == printed
    assert table.totals == [total]
    check(spec, list(cells))
