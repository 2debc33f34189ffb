"""An attacker who solves a moment's three outcome tables of a tertial together learns no small count.

A generated group of people (each with an occupation, "not reached" or nothing recorded, and at least one source
of support when something is recorded) goes through the production code that protects the tables of one moment
together (reports.outcomes.tables). The attacker knows every printed cell and what holds whatever the data:

- the occupation rows sum to the total, the group;
- the work-or-studies table's rows are sums of occupation rows, and its total is the same group;
- the support table's "Gick inte att nå" and "Uppgift saknas" are the occupation table's, each support row is at
  most the group, and the support rows together are at least the people with something recorded (everyone
  recorded has a source, "Ingen egen försörjning" included).

For every "<5" the range consistent with all of it must be the threshold wide for one who adds and subtracts, and
hold two values for one who also reads the marks. (A year's columns are sums shown only where every tertial is,
as for every table, so a tertial's protection is the year's.)
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.models import WORK_OR_STUDIES, Occupation, Support
from reports.figures import TOTAL
from reports.models import PeriodKind
from reports.outcomes.figures import MISSING, NOT_REACHED, occupation_labels, support_labels
from reports.outcomes.tables import IN_WORK, OTHERWISE, protect_moment, support_column
from reports.suppression import LINKED, PROTECTING, SMALL, WITHHELD
from reports.tables import Layout, Spec, tertial_columns
from reports.tests.test_insights_suppression_attack import Variables, assert_no_small_cell_narrowed

T, CELL = 5, (2026, 2)
LAYOUT = Layout(PeriodKind.TERTIAL, 2026, 2026, 2)
STATES = [*Occupation.values, NOT_REACHED, MISSING]
SUPPORTS = Support.values[:4]  # a few sources keep the examples small and the cells crowded


@st.composite
def groups(draw):
    person = st.tuples(st.sampled_from(STATES), st.sets(st.sampled_from(SUPPORTS), min_size=1, max_size=2))
    return [(state, set() if state in (NOT_REACHED, MISSING) else supports)
            for state, supports in draw(st.lists(person, max_size=30))]  # fmt: skip


def protected(people):
    """The production protection of one moment's three tables: {(table, row): cell}, and the true values."""
    occupation = {state: sum(s == state for s, _ in people) for state in STATES}
    support = {s: sum(s in own for _, own in people) for s in Support.values}
    n = len(people)
    grid = {CELL: {**{k: (v, v) for k, v in occupation.items()}, TOTAL: (n, n)}}
    support_grid = {CELL: {**{k: (v, v) for k, v in support.items()}, NOT_REACHED: (occupation[NOT_REACHED],) * 2,
                           MISSING: (occupation[MISSING],) * 2, TOTAL: (n, n)}}  # fmt: skip
    occ = tertial_columns(Spec("o", "", occupation_labels(True), grid), LAYOUT, T)[CELL]
    sup = support_column(Spec("s", "", support_labels(True), support_grid), CELL, T)
    share = protect_moment(occ, sup, T)
    columns = {"occ": occ, "sup": sup, "share": share}
    cells = {(name, key): cell for name, column in columns.items() for key, cell in column.cells.items()}
    cells[("occ", TOTAL)] = occ.total
    in_work = sum(occupation[k] for k in WORK_OR_STUDIES)
    truth = {**{("occ", k): v for k, v in occupation.items()}, **{("sup", k): v for k, v in support.items()},
             ("sup", NOT_REACHED): occupation[NOT_REACHED], ("sup", MISSING): occupation[MISSING],
             ("share", IN_WORK): in_work, ("share", OTHERWISE): n - in_work - occupation[NOT_REACHED] -
             occupation[MISSING], ("share", NOT_REACHED): occupation[NOT_REACHED],
             ("share", MISSING): occupation[MISSING], ("occ", TOTAL): n}  # fmt: skip
    return cells, truth, columns


def relations(system: Variables) -> None:
    total = ("occ", TOTAL)
    system.equal({**{("occ", k): 1 for k in STATES}, total: -1})
    system.equal({("share", IN_WORK): 1, **{("occ", k): -1 for k in WORK_OR_STUDIES}})
    others = [k for k in Occupation.values if k not in WORK_OR_STUDIES]
    system.equal({("share", OTHERWISE): 1, **{("occ", k): -1 for k in others}})
    for key in (NOT_REACHED, MISSING):
        system.equal({("share", key): 1, ("occ", key): -1})
        system.equal({("sup", key): 1, ("occ", key): -1})
    for s in Support.values:
        system.at_most({("sup", s): 1, total: -1})
    recorded = {("occ", k): 1 for k in Occupation.values}
    system.at_most({**recorded, **{("sup", s): -1 for s in Support.values}})


def printed(system: Variables, cells, columns, knows_marks: bool) -> None:
    for key, cell in cells.items():
        column = columns[key[0]]
        if not cell.hidden:
            system.equal({key: 1}, cell.value)
        elif knows_marks and cell.mark == SMALL:
            system.at_most({key: -1}, -1)
            system.at_most({key: 1}, T - 1)
        elif knows_marks and cell.mark != WITHHELD:
            system.at_most({key: -1}, -T)
            marks = {c.mark for c in column.cells.values()}
            if cell.mark == PROTECTING and LINKED not in marks:  # chosen as the smallest that could protect
                shown = [c.value for c in column.cells.values() if not c.hidden and c.value >= T]
                if shown:
                    system.at_most({key: 1}, min(shown))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_no_small_count_of_a_moments_outcome_tables_can_be_worked_out(people):
    cells, truth, columns = protected(people)
    assert_no_small_cell_narrowed(cells, truth, columns, relations, printed, unbounded_ok=True)
