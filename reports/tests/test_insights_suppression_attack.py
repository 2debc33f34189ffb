"""An attacker who solves the findings' tables of a tertial together learns no small count.

People with findings (area, type, organisation) in one tertial go through the production code that protects the
findings' tables (reports.insights.tables). The attacker knows every printed cell, and what holds whatever the
data in one tertial: an area's people are at most the sum of its type (or organisation) rows and at least each
of them. ("Lärdomar för ordinarie verksamhet" rearranges the organisation cells and prints nothing new; a count
per organisation over all areas would bound them, and `with_organisation_totals` shows this attacker finding a
small cell it gave away.) For every
"<5" the range consistent with all of it must be the threshold wide for one who adds and subtracts, and hold two
values for one who also reads the marks. (The year's columns are sums shown only where every tertial is, so a
tertial's protection is the year's.)
"""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.insights.figures import SEPARATOR
from reports.insights.tables import area_columns
from reports.models import PeriodKind
from reports.suppression import PROTECTING, SMALL, WITHHELD
from reports.tables import Layout
from reports.tests.test_linked_suppression_attack import System

T, YEAR, CELL = 5, 2026, (2026, 2)
AREAS, TYPES, ORGS = ["a", "b", "c"], ["t1", "t2", "t3"], ["o1", "o2", "o3"]
LAYOUT = Layout(PeriodKind.YEAR, YEAR, YEAR)


@st.composite
def tertials(draw):
    finding = st.tuples(st.sampled_from(AREAS), st.sampled_from(TYPES), st.sampled_from(ORGS))
    return draw(st.lists(st.lists(finding, min_size=1, max_size=3), max_size=40))


def people(findings, match) -> int:
    return sum(any(match(f) for f in own) for own in findings)


def protected(findings):
    """The production protection of one tertial's findings: {(table, area or "", row): cell}."""
    areas = {CELL: {x: (n, n) for x in AREAS if (n := people(findings, lambda f, x=x: f[0] == x))}}

    def pairs(index, keys):
        return {CELL: {f"{x}{SEPARATOR}{k}": (n, n) for x in AREAS for k in keys
                       if (n := people(findings, lambda f, x=x, k=k: f[0] == x and f[index] == k))}}  # fmt: skip

    by_type = {x: area_columns(pairs(1, TYPES), areas, x, dict.fromkeys(TYPES), LAYOUT, T) for x in AREAS}
    by_org = {x: area_columns(pairs(2, ORGS), areas, x, dict.fromkeys(ORGS), LAYOUT, T) for x in AREAS}
    cells = {}
    for x in AREAS:
        cells[("area", x, "")] = by_type[x][CELL].total
        cells.update({("type", x, t): by_type[x][CELL].cells[t] for t in TYPES})
        cells.update({("orgarea", x, o): by_org[x][CELL].cells[o] for o in ORGS})
    truth = {
        **{("area", x, ""): people(findings, lambda f, x=x: f[0] == x) for x in AREAS},
        **{("type", x, t): people(findings, lambda f, x=x, t=t: f[:2] == (x, t)) for x in AREAS for t in TYPES},
        **{("orgarea", x, o): people(findings, lambda f, x=x, o=o: (f[0], f[2]) == (x, o)) for x in AREAS
           for o in ORGS},
    }  # fmt: skip
    return cells, truth, {x: (by_type[x][CELL], by_org[x][CELL]) for x in AREAS}


class Variables(System):
    def __init__(self, keys):
        self.keys = list(keys)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.eq, self.ub = [], []


def relations(system: Variables) -> None:
    for x in AREAS:
        for table, rows in (("type", TYPES), ("orgarea", ORGS)):
            system.at_most({("area", x, ""): 1, **{(table, x, r): -1 for r in rows}})
            for r in rows:
                system.at_most({(table, x, r): 1, ("area", x, ""): -1})


def smallest_shown(column) -> float:
    return min((c.value for c in column.cells.values() if not c.hidden and c.value >= T), default=math.inf)


def printed(system: Variables, cells, columns, knows_marks: bool) -> None:
    for key, cell in cells.items():
        if not cell.hidden:
            system.equal({key: 1}, cell.value)
        elif knows_marks and cell.mark == SMALL:
            system.at_most({key: -1}, -1)
            system.at_most({key: 1}, T - 1)
        elif knows_marks and cell.mark != WITHHELD:
            system.at_most({key: -1}, -T)
            column = columns.get((key[0], key[1]))
            if cell.mark == PROTECTING and column is not None:  # chosen as the smallest that could protect
                if (bound := smallest_shown(column)) < math.inf:
                    system.at_most({key: 1}, bound)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tertials())
def test_no_small_count_of_the_findings_tables_can_be_worked_out(findings):
    cells, truth, per_area = protected(findings)
    columns = {
        **{("type", x): c[0] for x, c in per_area.items()},
        **{("orgarea", x): c[1] for x, c in per_area.items()},
    }
    assert_no_small_cell_narrowed(cells, truth, columns, relations, printed)


def assert_no_small_cell_narrowed(cells, truth, columns, relations, printed, unbounded_ok=False) -> None:
    """Each "<5" keeps the threshold's width for one who adds and subtracts, two values for one who reads marks."""
    sensitive = [key for key, cell in cells.items() if cell.mark == SMALL]
    for knows_marks, needed in ((False, T), (True, 1)):
        system = Variables(cells)
        relations(system)
        printed(system, cells, columns, knows_marks)
        for key in sensitive:
            lo, hi = system.solve(key, 1), system.solve(key, -1)
            assert lo <= truth[key] <= hi, "the truth must be consistent with what is printed"
            wide = hi - lo >= needed or (unbounded_ok and math.isinf(hi))
            assert wide, f"{key} = {truth[key]} narrowed to [{lo}, {hi}] (marks known: {knows_marks})"


def test_with_organisation_totals_the_attacker_would_work_out_a_small_cell():
    """Why no count per organisation over all areas is printed: here it pins the withheld cells of area a."""
    findings = [[("a", "t1", "o1")]] * 4 + [[("a", "t1", "o2")]] * 4
    cells, _truth, per_area = protected(findings)
    assert {cells[("orgarea", "a", o)].mark for o in ("o1", "o2")} == {WITHHELD}  # area a's breakdown: withheld
    organisations = {("org", "", o): 4 for o in ("o1", "o2")}  # what such a table would print: "<5", "<5", "–"
    system = Variables([*cells, *organisations, ("org", "", "o3")])
    relations(system)
    printed(system, cells, {("orgarea", "a"): per_area["a"][1]}, knows_marks=True)
    system.equal({("org", "", "o3"): 1}, 0)
    for key in organisations:
        system.at_most({key: -1}, -1), system.at_most({key: 1}, T - 1)
    for o in ORGS:
        for x in AREAS:
            system.at_most({("orgarea", x, o): 1, ("org", "", o): -1})
    target = ("orgarea", "a", "o1")
    assert system.solve(target, 1) == system.solve(target, -1) == 4
