"""Facts that several tables of a report print, protected together, so that no table undoes another's suppression.

Each table's tertial columns are protected on their own (reports.suppression); these links then hold in every
tertial, and a year's sums are made only afterwards, so they add nothing (reports.tables):

- The flow's "Informationsmöte genomfört" and "Personer med genomfört flerpartsmöte" count people with their
  first such meeting, so each is a floor under the meetings table's held meetings of that kind. The meetings
  column is protected knowing those floors; where no choice of cells is enough, its total is hidden.
- A questionnaire is answered once per held multi-party meeting (questionnaire/models/responses.py), so what a
  question's table tells of its answers (every shown count, and the least its hidden rows add up to) is a
  floor under those meetings too.
- The outside table's job and AF rows are the same people as the job table's "450 dagar eller färre" and the
  AF table's "10 år eller kortare" (participants/models/target_group.py `failed_criteria`): the rows are
  printed with the same mark.
- "Utanför målgruppen" is at least each outside row and at most their sum. So where any of those rows is
  hidden, the registered table's breakdown is hidden too; and where the registered table hides a cell, so is
  the outside table's "Bor inte i Malmö", the one row printed nowhere else.
- Not linked: the flow's "Rekommendation skickad" (people with their first) is at most a recommendation
  table's total, hidden only when fewer people than the threshold are behind it, and then so is the flow's row
  (or it is 0); a shown total is at least the threshold and bounds nothing hidden (test_linked_suppression_attack.py).

The attacker in reports/tests/test_suppression_attack.py solves every table of a year's reports together,
with these links as constraints.
"""

from reports.suppression import LINKED, SHOWN, SMALL, WITHHELD, Column
from reports.tables import Columns, Layout, Spec, Table, build, tertial_columns

MEETING_FLOORS = {"held:information": "informerad", "held:flerpart": "flerpartsmote"}  # meetings row: flow row
SAME_PEOPLE = {"job": ("job", "-450"), "af": ("af", "-10")}  # outside row: (table, row)
ANSWERED_AT = "held:flerpart"  # the meetings row the questionnaire is answered at
PRINTED_NOWHERE_ELSE = "malmo"
REGISTERED, OUTSIDE = "registered", "outside"


def protect_together(specs: list[Spec], layout: Layout, threshold: int, answered: list[Spec] = ()) -> dict[str, Table]:
    """Every table of the report, the questionnaire's (`answered`) too, its linked cells protected together."""
    by_key = {spec.key: spec for spec in [*specs, *answered]}
    columns = {key: tertial_columns(spec, layout, threshold) for key, spec in by_key.items() if key != "meetings"}
    if "meetings" in by_key:
        floors = floors_from(columns.get("flow"), [columns[spec.key] for spec in answered], threshold)
        columns["meetings"] = tertial_columns(by_key["meetings"], layout, threshold, floors)
    if {REGISTERED, OUTSIDE} <= columns.keys():
        for cell in columns[REGISTERED]:
            link_target_group({key: tables[cell] for key, tables in columns.items()})
    return {key: build(spec, layout, threshold, columns[key]) for key, spec in by_key.items()}


def answered_at_least(column: Column, threshold: int) -> int:
    """What a reader knows a question's answers in a tertial are at least: its shown counts, and where its total
    is hidden, the rows' own least values added up (a "<5" is at least 1, another ".." at least the threshold)."""

    def least(cell) -> int:
        if not cell.hidden:
            return cell.value
        return 0 if cell.mark == WITHHELD else 1 if cell.mark == SMALL else threshold

    rows = sum(least(c) for c in column.cells.values())
    total = column.total
    return rows if total is None else max(rows, total.value if not total.hidden else least(total))


def floors_from(flow: Columns | None, answered: list[Columns], threshold: int):
    def floors(year: int, tertial: int) -> dict[str, int]:
        result = {}
        if flow is not None:
            cells = flow[(year, tertial)].cells
            shown = {step for step, cell in cells.items() if not cell.hidden}
            result = {row: cells[step].value for row, step in MEETING_FLOORS.items() if step in shown}
        answers = [answered_at_least(question[(year, tertial)], threshold) for question in answered]
        if any(answers):
            result[ANSWERED_AT] = max(result.get(ANSWERED_AT, 0), *answers)
        return result

    return floors


def link_target_group(tertial: dict[str, Column]) -> None:
    """One tertial of the target-group tables: the outside rows and the registered breakdown, hidden together."""
    outside, registered = tertial[OUTSIDE].cells, tertial[REGISTERED]
    for row, (table, key) in SAME_PEOPLE.items():
        if table in tertial and row in outside:
            same = tertial[table].cells[key].mark
            outside[row].mark = SHOWN if same == SHOWN else SMALL if same == SMALL else LINKED
    # A zero is never hidden; with one, the other cell is the total and hiding it would hide nothing.
    if any(cell.hidden for cell in outside.values()) and all(cell.value for cell in registered.cells.values()):
        for cell in registered.cells.values():
            if not cell.hidden:
                cell.mark = LINKED
    if any(cell.hidden for cell in registered.cells.values()):
        malmo = outside.get(PRINTED_NOWHERE_ELSE)
        if malmo is not None and not malmo.hidden and malmo.value:
            malmo.mark = LINKED
