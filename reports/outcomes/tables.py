"""The outcomes' tables, protected as the reports protect every table, for the report's chapter and the overview.

For each moment (reports.outcomes.figures): its people by occupation, by source of support, and in work or
studies. The three tables of a moment are the same people, so their tertial columns are protected together:

- occupation: a partition of the moment's group; its total is the group (the flow's "Anmäld" at registration,
  the closing table's total at closing: the same people, so the same figure and mark).
- support: the group's people with each source, "Gick inte att nå" and "Uppgift saknas". Its total is the
  group too. A person may have several sources, so the rows only cover the group: each is at most the total,
  and together they are at least it (everyone recorded has a source, "Ingen egen försörjning" included).
  `cover_exposed` checks what a reader learns from exactly that. "Gick inte att nå" and "Uppgift saknas" are
  the occupation table's cells: hidden in one, they are hidden in both (`settle`), and each column is then
  checked again.
- work or studies: the occupation rows added up (reports.figures WORK_OR_STUDIES, the rest, not reached,
  missing). It prints nothing new: a sum is shown only where it can be worked out from the occupation table
  already (all its parts shown, or every hidden cell of the column inside it and the total shown); otherwise
  it is withheld, never "<5" (four hidden ones under "<5" would each be 1). The share is of the whole group,
  the people not reached and those with nothing recorded included.
"""

from math import inf

from django.utils.translation import gettext as _

from participants.models import WORK_OR_STUDIES
from reports.figures import TOTAL
from reports.outcomes import figures
from reports.outcomes.figures import MISSING, NOT_REACHED
from reports.outcomes.leadtimes import LeadTimes
from reports.suppression import (
    LINKED,
    PRIMARY,
    PROTECTING,
    SHOWN,
    WITHHELD,
    Cell,
    Column,
    bounds,
    primary_mark,
    secure,
)
from reports.tables import Columns, Layout, Spec, Table, build, tertial_columns

SHARED = (NOT_REACHED, MISSING)
IN_WORK, OTHERWISE = "arbete_studier", "annan"


def titles(key: str) -> tuple[str, str]:
    """(when, who): the words of a moment's titles and notes."""
    if key == "inskrivning":
        return _("vid anmälan"), _("Personer som anmäldes under perioden (flödets ”Anmäld”), med läget vid anmälan.")
    if key == "avslut":
        return _("vid avslut"), _("Personer som avslutades under perioden och inte har återöppnats (samma personer "
                                  "som i ”Avslutade deltagare efter skäl”), med läget vid avslutet.")  # fmt: skip
    months = key.removeprefix("uppf-")
    return (_("%(k)s månader efter avslut") % {"k": months},
            _("Personer vars uppföljning %(k)s månader efter avslutet inföll under perioden (de avslutades %(k)s "
              "månader tidigare), med läget vid uppföljningen. ”Uppgift saknas”: ingen uppföljning registrerad.")
            % {"k": months})  # fmt: skip


def cover_exposed(column: Column, threshold: int) -> bool:
    """Whether a small hidden cell of a support column can be narrowed down: each row is at most the total and the
    rows together at least it, so a hidden cell is at least the total less everything else's largest value."""
    total, cells = column.total, column.cells
    hidden = {k: c for k, c in cells.items() if c.hidden}
    shown_sum = sum(c.value for c in cells.values() if not c.hidden)
    smallest = min((c.value for c in cells.values() if not c.hidden and c.value >= threshold), default=inf)
    for key in (k for k, c in hidden.items() if c.mark in PRIMARY):
        for knows_marks, needed in ((False, threshold), (True, 1)):
            total_lo, total_hi = (total.value, total.value) if not total.hidden else bounds(total, threshold, inf,
                                                                                            knows_marks)  # fmt: skip
            own_lo, own_hi = bounds(hidden[key], threshold, smallest, knows_marks)
            others = sum(bounds(c, threshold, smallest, knows_marks)[1] for k, c in hidden.items() if k != key)
            if min(own_hi, total_hi) - max(own_lo, total_lo - shown_sum - others) < needed:
                return True
    return False


def secure_cover(column: Column, threshold: int) -> bool:
    """As reports.suppression.secure, against what `cover_exposed` finds."""
    changed = False
    while cover_exposed(column, threshold):
        changed = True
        candidates = [
            (c.value, i, c) for i, c in enumerate(column.cells.values()) if not c.hidden and c.value >= threshold
        ]
        if not candidates:
            for cell in column.cells.values():
                cell.mark = WITHHELD
            break
        min(candidates, key=lambda item: item[:2])[2].mark = PROTECTING
    return changed


def support_column(spec: Spec, cell: tuple[int, int], threshold: int) -> Column:
    counts = spec.grid.get(cell, {})
    people = counts.get(TOTAL, (0, 0))[1]
    column = Column("", {key: Cell(*counts.get(key, (0, 0))) for key in spec.labels}, Cell(people, people))
    for c in [*column.cells.values(), column.total]:
        c.mark = primary_mark(c, threshold)
    secure_cover(column, threshold)
    return column


def settle(occupation: Column, support: Column, threshold: int) -> None:
    """The shared cells hidden in both tables where one hides them (a zero never is), each column checked again,
    until nothing moves."""
    moved = True
    while moved:
        moved = False
        for key in SHARED:
            cells = [column.cells[key] for column in (occupation, support) if key in column.cells]
            if any(cell.hidden for cell in cells):
                for cell in cells:
                    if not cell.hidden and cell.value:
                        cell.mark, moved = LINKED, True
        moved = secure(occupation, threshold) or moved
        moved = secure_cover(support, threshold) or moved


def share_column(occupation: Column, labels: dict) -> Column:
    """The occupation column added up into the share table's rows, each shown only where already derivable."""
    others = [key for key in occupation.cells if key not in WORK_OR_STUDIES and key not in SHARED]
    groups = {IN_WORK: list(WORK_OR_STUDIES), OTHERWISE: others, **{key: [key] for key in SHARED}}
    hidden = {key for key, cell in occupation.cells.items() if cell.hidden}
    cells = {}
    for row in labels:
        parts = [occupation.cells[key] for key in groups[row]]
        cell = Cell(sum(p.value for p in parts), sum(p.people for p in parts))
        if len(parts) == 1:
            cell.mark = parts[0].mark
        elif any(p.hidden for p in parts):
            derivable = not occupation.total.hidden and hidden <= set(groups[row])
            cell.mark = SHOWN if derivable else WITHHELD
        cells[row] = cell
    total = occupation.total
    return Column("", cells, Cell(total.value, total.people, total.mark))


class Outcomes:
    """Every outcome table of a layout: per moment occupation, support and work or studies; the lead times."""

    def __init__(self, layout: Layout, threshold: int):
        self.layout, self.threshold = layout, threshold
        self.moments = [self.moment(key) for key in figures.moments()]
        self.lead_times = LeadTimes(layout, threshold)

    def moment(self, key: str) -> dict:
        when, who = titles(key)
        follow_up = key.startswith("uppf")
        occupation_grid, support_grid = figures.grids(key, self.layout.years)
        occupation = Spec(f"sysselsattning-{key}", _("Sysselsättning %(when)s") % {"when": when},
                          figures.occupation_labels(follow_up), occupation_grid, note=who)  # fmt: skip
        support = Spec(f"forsorjning-{key}", _("Försörjning %(when)s") % {"when": when},
                       figures.support_labels(follow_up), support_grid,
                       note=" ".join([who, _("En person kan ha flera försörjningskällor; raderna summeras därför "
                                             "till mer än totalen, som är personerna i gruppen.")]))  # fmt: skip
        labels = {IN_WORK: _("I arbete eller studier"), OTHERWISE: _("Annan sysselsättning"),
                  **{k: v for k, v in figures.occupation_labels(follow_up).items() if k in SHARED}}  # fmt: skip
        share = Spec(f"arbete-studier-{key}", _("I arbete eller studier %(when)s") % {"when": when}, labels, {},
                     note=" ".join([who, _("Arbete med eller utan stöd och studier. Andelen är av alla i gruppen, "
                                           "också de som inte gick att nå och de utan uppgift.")]))  # fmt: skip
        columns: dict[str, Columns] = {"occupation": tertial_columns(occupation, self.layout, self.threshold)}
        columns["support"] = {cell: support_column(support, cell, self.threshold) for cell in columns["occupation"]}
        for cell in columns["occupation"]:
            settle(columns["occupation"][cell], columns["support"][cell], self.threshold)
        columns["share"] = {cell: share_column(column, labels) for cell, column in columns["occupation"].items()}
        return {
            "key": key,
            "when": when,
            "share": build(share, self.layout, self.threshold, columns["share"]),
            "occupation": build(occupation, self.layout, self.threshold, columns["occupation"]),
            "support": build(support, self.layout, self.threshold, columns["support"]),
        }

    def moment_table(self, moment: str, kind: str) -> Table:
        return next(m[kind] for m in self.moments if m["key"] == moment)

    def tables(self) -> list[Table]:
        """The count tables, in the order the chapter prints them (the lead times are a table of their own)."""
        shares = [m["share"] for m in self.moments]
        return [*shares, *(m[kind] for m in self.moments for kind in ("occupation", "support"))]
