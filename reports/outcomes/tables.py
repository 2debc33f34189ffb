"""The outcomes' tables, protected as the reports protect every table, for the report's chapter and the overview.

For each moment (reports.outcomes.figures): its people by occupation, by source of support, and in work or
studies. The three tables of a moment are the same people, so their tertial columns are protected together:

- occupation: a partition of the moment's group; its total is the group (the flow's "Anmäld" at registration,
  the closing table's total at closing: the same people, so the same figure and mark).
- support: the group's people with each source, "Gick inte att nå" and "Uppgift saknas". Its total is the
  group too. A person may have several sources, so the rows only cover the group: each is at most the total,
  and together they are at least it (everyone recorded has a source, "Ingen egen försörjning" included).
  `cover_exposed` checks what a reader learns from exactly that. "Gick inte att nå" and "Uppgift saknas" are
  the occupation table's cells: hidden in one, they are hidden in all (`link`), and each column is then
  checked again.
- work or studies: the occupation rows added up (participants.models WORK_OR_STUDIES, the rest, not reached,
  missing). It is the headline, so it is protected first, as a table of its own; the occupation rows are then
  hidden under its sums as needed (`nest`): a shown sum is a total of its rows, and the rows of the hidden
  sums add up to the group less the shown ones. The share is of the whole group, the people not reached and
  those with nothing recorded included.
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
    WITHHELD,
    Cell,
    Column,
    bounds,
    cell_range,
    exposed,
    hide_smallest,
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
        if not hide_smallest(column.cells.values(), threshold):
            for cell in column.cells.values():
                cell.mark = WITHHELD
            break
    return changed


def support_column(spec: Spec, cell: tuple[int, int], threshold: int) -> Column:
    counts = spec.grid.get(cell, {})
    people = counts.get(TOTAL, (0, 0))[1]
    column = Column("", {key: Cell(*counts.get(key, (0, 0))) for key in spec.labels}, Cell(people, people))
    for c in [*column.cells.values(), column.total]:
        c.mark = primary_mark(c, threshold)
    secure_cover(column, threshold)
    return column


def groups(occupation: Column) -> dict[str, list[str]]:
    """The occupation rows each row of the work-or-studies table adds up."""
    others = [key for key in occupation.cells if key not in WORK_OR_STUDIES and key not in SHARED]
    shared = {key: [key] for key in SHARED if key in occupation.cells}
    return {IN_WORK: list(WORK_OR_STUDIES), OTHERWISE: others, **shared}


def share_column(occupation: Column, threshold: int) -> Column:
    """The occupation column added up into the work-or-studies rows, each with its own primary mark."""
    cells = {}
    for row, keys in groups(occupation).items():
        parts = [occupation.cells[key] for key in keys]
        cells[row] = Cell(sum(p.value for p in parts), sum(p.people for p in parts))
        cells[row].mark = primary_mark(cells[row], threshold)
    total = occupation.total
    return Column("", cells, Cell(total.value, total.people, total.mark))


def nest(occupation: Column, share: Column, threshold: int) -> bool:
    """Hide occupation cells until, with the work-or-studies sums of them, no small cell can be worked out.

    Each sum is a total of its occupation rows, as exactly as its own table gives it (a hidden one within the
    range its column leaves it); the rows of the hidden sums add up to the group less the shown sums. Where no
    row can protect, the sum is hidden (a hidden one withheld) instead. True if anything moved. What it hides is
    LINKED: hidden for what the other table prints."""
    rest, shown_sums = {}, 0
    for row, keys in groups(occupation).items():
        parts, whole = {key: occupation.cells[key] for key in keys}, share.cells[row]
        if whole.hidden:
            rest.update(parts)
        else:
            shown_sums += whole.value
        if whole.mark == WITHHELD:
            continue
        given = {marks: cell_range(share, row, threshold, marks) for marks in (False, True)} if whole.hidden else None
        unprinted = whole.hidden and len(parts) > 1 and not any(p.hidden for p in parts.values())
        if unprinted or exposed(Column("", parts, whole), threshold, total_range=given):
            if not hide_smallest(parts.values(), threshold, LINKED):
                whole.mark = WITHHELD if whole.hidden else LINKED
            return True
    total = occupation.total
    given = {marks: bounds(total, threshold, inf, marks) if total.hidden else (total.value,) * 2
             for marks in (False, True)}  # fmt: skip
    rest_range = {marks: (lo - shown_sums, hi - shown_sums) for marks, (lo, hi) in given.items()}
    if not exposed(Column("", rest, total), threshold, total_range=rest_range):
        return False
    if not (hide_smallest(rest.values(), threshold, LINKED) or hide_smallest(share.cells.values(), threshold, LINKED)):
        for cell in [*occupation.cells.values(), *share.cells.values()]:
            cell.mark = WITHHELD
        return False
    return True


def link(columns: list[Column]) -> bool:
    """The cells the tables share ("Gick inte att nå", "Uppgift saknas"): hidden in one, hidden in all."""
    moved = False
    for key in SHARED:
        cells = [column.cells[key] for column in columns if key in column.cells]
        if any(cell.hidden for cell in cells):
            for cell in cells:
                if not cell.hidden and cell.value:
                    cell.mark, moved = LINKED, True
    return moved


def protect_moment(occupation: Column, support: Column, threshold: int) -> Column:
    """Protect a tertial's three tables of a moment together; answers the work-or-studies column.

    The work-or-studies table, the headline, is protected first as a table of its own; the occupation rows are
    then hidden as needed under its sums, and the support table as `secure_cover` has it, until nothing moves."""
    for cell in occupation.cells.values():
        cell.mark = primary_mark(cell, threshold)
    share = share_column(occupation, threshold)
    moved = True
    while moved:
        moved = secure(share, threshold)
        moved = nest(occupation, share, threshold) or moved
        moved = link([occupation, support, share]) or moved
        moved = secure_cover(support, threshold) or moved
    return share


def share_alone(occupation: Column, threshold: int) -> Column:
    """The work-or-studies column of a moment whose occupation and support tables are not printed."""
    share = share_column(occupation, threshold)
    secure(share, threshold)
    return share


class Outcomes:
    """Every outcome table of a layout: per moment occupation, support and work or studies; the lead times."""

    def __init__(self, layout: Layout, threshold: int, only: tuple[str, ...] | None = None):
        """`only`: the moments wanted (the overview's one), so that no query is made for the others."""
        self.layout, self.threshold = layout, threshold
        self.moments = [self.moment(key) for key in figures.moments() if only is None or key in only]
        self.follow_up_months = [months for moment, months in figures.moments().values() if months]
        self.before_after_months = [months for months in self.follow_up_months if months in figures.BEFORE_AFTER]
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
        if follow_up and figures.moments()[key][1] not in figures.BEFORE_AFTER:  # the share table only
            alone = {cell: share_alone(column, self.threshold) for cell, column in columns["occupation"].items()}
            return {"key": key, "when": when, "share": build(share, self.layout, self.threshold, alone),
                    "occupation": None, "support": None}  # fmt: skip
        columns["support"] = {cell: support_column(support, cell, self.threshold) for cell in columns["occupation"]}
        columns["share"] = {
            cell: protect_moment(column, columns["support"][cell], self.threshold)
            for cell, column in columns["occupation"].items()
        }
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
        return [*shares, *(m[kind] for m in self.moments for kind in ("occupation", "support") if m[kind])]
