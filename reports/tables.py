"""A report's tables: each fact's protected tertial columns, laid out for the kind of report.

A tertial report shows its tertial and the year so far; the final report for a year shows the three
tertials side by side and the year; the report for the whole project shows each year and the project.
Every layout is built from the same protected tertial columns (reports.suppression), so the same fact
has the same figure in every report that covers it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.figures import TOTAL, Grid
from reports.models import PeriodKind
from reports.suppression import (
    FEW_PEOPLE,
    LINKED,
    PART_HIDDEN,
    PROTECTING,
    SMALL,
    TOTAL_HIDDEN,
    WITHHELD,
    Cell,
    Column,
    protect,
    summed,
)


@dataclass
class Layout:
    kind: PeriodKind
    first_year: int
    last_year: int
    tertial: int | None = None

    @property
    def years(self) -> tuple[int, int]:
        return self.first_year, self.last_year


@dataclass
class Spec:
    """One table: a fact's grid, its rows, and how to read it."""

    key: str
    title: str
    labels: dict[str, str]
    grid: Grid
    has_total: bool = True
    note: str = ""
    exact: set = field(default_factory=set)
    events: bool = False  # counts events (meetings, recommendations, answers), protected by the people behind
    chart: bool = False


@dataclass
class Table:
    key: str
    title: str
    labels: dict[str, str]
    columns: list[Column]
    main: int
    threshold: int
    has_total: bool
    note: str = ""
    events: bool = False
    chart: bool = False
    area: str = ""
    extra_notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "label": str(label),
                "cells": [column.cells[key].text(self.threshold) for column in self.columns],
                "percent": self.columns[self.main].percent(key) if self.has_total else "",
            }
            for key, label in self.labels.items()
        ]

    @property
    def totals(self) -> list[str]:
        return [column.total.text(self.threshold) for column in self.columns] if self.has_total else []

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    @property
    def marks(self) -> set[str]:
        cells = [c for column in self.columns for c in [*column.cells.values(), column.total] if c is not None]
        return {c.mark for c in cells if c.mark}

    @property
    def notes(self) -> list[str]:
        """What the marks in this table mean, and why a cell is hidden."""
        marks, t = self.marks, self.threshold
        notes = [self.note] if self.note else []
        notes += self.extra_notes
        if SMALL in marks:
            what = _("händelser, färre än %(t)s personer") if self.events else _("personer")
            notes.append(_("<%(t)s: 1–%(m)s %(what)s.") % {"t": t, "m": t - 1, "what": what % {"t": t}})
        if FEW_PEOPLE in marks:
            notes.append(_("..: antalet gäller färre än %(t)s personer och visas inte.") % {"t": t})
        if PROTECTING in marks:
            notes.append(
                _("..: visas inte, så att en ”<%(t)s” i samma kolumn inte kan räknas fram ur summan.") % {"t": t}
            )
        if PART_HIDDEN in marks:
            notes.append(_("..: summan visas inte eftersom någon av dess tertialer inte visas."))
        if LINKED in marks:
            notes.append(_("..: visas inte, eftersom uppgiften tillsammans med en annan tabell i rapporten skulle "
                           "avslöja ett dolt antal."))  # fmt: skip
        if TOTAL_HIDDEN in marks:
            notes.append(_("..: summan visas inte, eftersom den tillsammans med flödet eller frågeformulärets svar "
                           "skulle avslöja ett dolt antal."))  # fmt: skip
        if WITHHELD in marks:
            withheld = ", ".join(c.label for c in self.columns if c.withheld)
            notes.append(_("%(columns)s: uppdelningen visas inte, eftersom antalen då skulle kunna räknas fram.")
                         % {"columns": withheld})  # fmt: skip
        if self.exact:
            notes.append(_("Personer med genomfört flerpartsmöte redovisas exakt (se ”Om siffrorna”)."))
        return notes

    @property
    def exact(self) -> set:
        return set().union(*(c.exact for c in self.columns))

    @property
    def bars(self) -> list[tuple[str, int]]:
        """The main column's shown, non-zero rows: what a chart may draw."""
        column = self.columns[self.main]
        return [(label, column.cells[k].value) for k, label in self.labels.items()
                if not column.cells[k].hidden and column.cells[k].value]  # fmt: skip

    @property
    def left_out(self) -> list[str]:
        """The main column's hidden rows, which a chart does not draw: the sentence under it names them."""
        column = self.columns[self.main]
        return [str(label) for k, label in self.labels.items() if column.cells[k].hidden]

    def as_data(self) -> dict:
        """The table exactly as printed: stored with the report, and the source of its CSV."""
        return {
            "key": self.key,
            "title": str(self.title),
            "header": [str(h) for h in self.header] + ([_("Andel")] if self.has_total else []),
            "rows": [[r["label"], *r["cells"], *([r["percent"]] if self.has_total else [])] for r in self.rows],
            "total": [_("Totalt"), *self.totals, *([""] if self.has_total else [])] if self.has_total else None,
            "notes": [str(note) for note in self.notes],
        }


Columns = dict[tuple[int, int], Column]  # the protected tertial columns of one fact: {(year, tertial): …}


def tertial_column(spec: Spec, year: int, tertial: int, threshold: int, floors: dict | None = None) -> Column:
    counts = spec.grid.get((year, tertial), {})
    cells = {key: Cell(*counts.get(key, (0, 0))) for key in spec.labels}
    total = None
    if spec.has_total:
        value = sum(c.value for c in cells.values())
        people = counts.get(TOTAL, (value, value))[1]
        total = Cell(value, people)
    return protect(Column("", cells, total, exact=set(spec.exact)), threshold, floors)


def tertial_columns(spec: Spec, layout: Layout, threshold: int, floors=None) -> Columns:
    """Every tertial the report covers, each protected on its own; `floors(year, tertial)` gives a column's
    lower bounds published by another table (reports.links)."""
    last = layout.tertial or 3
    return {
        (year, t): tertial_column(spec, year, t, threshold, floors(year, t) if floors else None)
        for year in range(layout.first_year, layout.last_year + 1)
        for t in range(1, last + 1)
    }


def build(spec: Spec, layout: Layout, threshold: int, columns: Columns | None = None) -> Table:
    """The table of a fact laid out for the report's kind, from its protected tertial columns."""
    columns = columns or tertial_columns(spec, layout, threshold)

    def tertials(year):
        parts = [column for (y, _t), column in sorted(columns.items()) if y == year]
        for t, column in enumerate(parts, start=1):
            column.label = _("Tertial %(n)s") % {"n": t}
        return parts

    if layout.kind == PeriodKind.TERTIAL:
        parts = tertials(layout.first_year)
        current = parts[-1]
        current.label = _("Perioden")
        # In the first tertial the year so far is the period itself: one column says it.
        shown = [current, summed(parts, _("Året hittills"))] if len(parts) > 1 else [current]
        main = 0
    elif layout.kind == PeriodKind.YEAR:
        parts = tertials(layout.first_year)
        shown = [*parts, summed(parts, _("Året"))]
        main = len(shown) - 1
    else:
        years = {year: tertials(year) for year in range(layout.first_year, layout.last_year + 1)}
        shown = [summed(parts, str(year)) for year, parts in years.items()]
        shown.append(summed([c for parts in years.values() for c in parts], _("Hela projektet")))
        main = len(shown) - 1
    return Table(
        key=spec.key,
        title=spec.title,
        labels=spec.labels,
        columns=shown,
        main=main,
        threshold=threshold,
        has_total=spec.has_total,
        note=spec.note,
        events=spec.events,
        chart=spec.chart,
    )
