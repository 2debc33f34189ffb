"""The findings' tables, protected as the reports protect every table, and what the chapters per area print.

One set of tables serves the analysis page, the final report and the tertial report: the same tertial columns,
protected the same way, so the same fact has the same figure (and the same mark) wherever it is printed.

- "findings-area": people with a finding in each area. No total: a person may have findings in several areas.
- "finding-type-<area>" and "finding-org-<area>": the area's people by type and by organisation concerned. The
  total is the area's people (the same cell, and mark, as the area's row in "findings-area"); the rows may add
  up to more than it (a person with two types), and each column is protected as if they added up exactly, which
  hides at least as much as needed (the total bounds a hidden cell only from below).
- "findings-org-<organisation>": for "Lärdomar för ordinarie verksamhet", one organisation's cells of every area's
  organisation table, rearranged (reports.insights.tables.Mirror): nothing new is printed, so nothing more needs
  protecting. A count of people per organisation over all areas is not printed: it would bound the area cells
  (from below, as at most their sum, and from above, as at least each), and the attacker in
  reports/tests/test_insights_suppression_attack.py found small cells it gave away. Nor is the three-way table
  (area × organisation × type): nearly every cell would be hidden.
- An area's recommendations: its row of the report's "rec_area" table (Insights.attach), not a breakdown by
  category: with "Rekommendationer efter kategori" printed (a count per category over all areas), such cells
  would be bounded exactly as a count per organisation bounds the organisation cells.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models import FindingType
from reports.insights import figures
from reports.insights.figures import OTHER
from reports.models import AreaSummary, Quote, QuoteKind, ReportingPeriod
from reports.suppression import Cell, Column, protect
from reports.tables import Columns, Layout, Spec, Table, build


def people_note(more: str) -> str:
    return " ".join([_("Antal personer, inte antal iakttagelser: varje person räknas en gång per rad, den tertial då "
                       "hens första iakttagelse av det slaget registrerades. Skyddet för små tal gäller personer."),
                     more])  # fmt: skip


@dataclass
class AreaChapter:
    """One insight area: what the final report's chapter and the analysis page print about it."""

    area: str
    label: str
    people: Table  # findings-area, for its row of this area
    by_type: Table
    by_organisation: Table
    summary: AreaSummary | None = None
    quotes: list = field(default_factory=list)
    questionnaire: list = field(default_factory=list)  # the report's question tables of the area
    recommendations: list = field(default_factory=list)  # (column, cell) of the area's row in the report's rec_area

    @property
    def has_findings(self) -> bool:
        return any(column.total.value for column in self.by_type.columns)


def tertials(layout: Layout):
    return [
        (year, t)
        for year in range(layout.first_year, layout.last_year + 1)
        for t in range(1, (layout.tertial or 3) + 1)
    ]


def area_columns(cells: figures.Grid, totals: figures.Grid, area: str, labels: dict, layout: Layout,
                 threshold: int) -> Columns:  # fmt: skip
    """The area's tertial columns of one breakdown, each with the area's people as its total, protected."""
    columns = {}
    for cell in tertials(layout):
        counts = figures.split(cells.get(cell, {})).get(area, {})
        people = totals.get(cell, {}).get(area, (0, 0))[1]
        column = Column("", {key: Cell(*counts.get(key, (0, 0))) for key in labels}, Cell(people, people))
        columns[cell] = protect(column, threshold)
    return columns


class Mirror(Table):
    """Cells of other tables, rearranged: the same cells and marks, explained where they are printed."""

    @property
    def notes(self) -> list[str]:
        return [self.note]


def by_organisation(key: str, label: str, chapters: list[AreaChapter]) -> Mirror:
    """One organisation's cells of every area's organisation table: nothing new, so nothing more to protect."""
    parts = [chapter.by_organisation for chapter in chapters]
    columns = [Column(header, {chapter.area: part.columns[i].cells[key] for chapter, part in zip(chapters, parts,
                                                                                                strict=True)})
               for i, header in enumerate(parts[0].header)]  # fmt: skip
    note = _("Samma antal och tecken som i tabellerna per insiktsområde, där tecknen förklaras. En person kan ha "
             "iakttagelser inom flera områden; raderna summeras därför inte.")  # fmt: skip
    return Mirror(key=f"findings-org-{key}", title=_("%(organisation)s: personer med iakttagelser, efter område")
                  % {"organisation": label}, labels={c.area: c.label for c in chapters}, columns=columns,
                  main=parts[0].main, threshold=parts[0].threshold, has_total=False, note=note)  # fmt: skip


def labels(type_grid: figures.Grid) -> tuple[dict, dict]:
    """The rows: every type that may be chosen or was counted, and every organisation and "Annan"."""
    counted = {key.split(figures.SEPARATOR, 1)[1] for cells in type_grid.values() for key in cells}
    types = {str(t.pk): t.name for t in FindingType.objects.order_by("position", "name")
             if t.active or str(t.pk) in counted}  # fmt: skip
    organisations = {str(o.pk): o.name for o in Organisation.objects.order_by("name")}
    return types, {**organisations, OTHER: _("Annan")}


class Insights:
    """The findings' tables for a reporting period's layout, the area summaries and the checked quotes."""

    def __init__(self, period: ReportingPeriod, layout: Layout, threshold: int):
        self.period, self.layout, self.threshold = period, layout, threshold
        years = layout.years
        areas = figures.by_area(years)
        type_grid, org_grid = figures.by_area_and_type(years), figures.by_area_and_organisation(years)
        self.type_labels, self.organisation_labels = labels(type_grid)
        self.areas = build(
            Spec("findings-area", _("Personer med nya iakttagelser, efter insiktsområde"), dict(InsightArea.choices),
                 areas, has_total=False,
                 note=people_note(_("En person kan ha iakttagelser inom flera områden; raderna summeras därför "
                                   "inte."))),
            layout, threshold)  # fmt: skip
        org_columns = {area: area_columns(org_grid, areas, area, self.organisation_labels, layout, threshold)
                       for area in InsightArea.values}  # fmt: skip
        self.chapters = [self.chapter(area, type_grid, areas, org_columns[area]) for area in InsightArea]
        self.organisations = [by_organisation(key, label, self.chapters)
                              for key, label in self.organisation_labels.items()]  # fmt: skip
        self.add_texts()

    def chapter(self, area: InsightArea, type_grid, areas, org_columns: Columns) -> AreaChapter:
        total_note = _("Totalt: personer med någon iakttagelse inom området. En person kan ha flera, så raderna kan "
                       "summera till mer än totalen.")  # fmt: skip
        words = {"area": area.label}
        by_type = Spec(f"finding-type-{area.value}", _("%(area)s: personer efter typ av iakttagelse") % words,
                       self.type_labels, {}, note=people_note(total_note))  # fmt: skip
        by_org = Spec(f"finding-org-{area.value}", _("%(area)s: personer efter organisation som iakttagelsen gäller")
                      % words, self.organisation_labels, {}, note=people_note(total_note))  # fmt: skip
        type_columns = area_columns(type_grid, areas, area.value, self.type_labels, self.layout, self.threshold)
        return AreaChapter(
            area=area.value,
            label=area.label,
            people=self.areas,
            by_type=build(by_type, self.layout, self.threshold, type_columns),
            by_organisation=build(by_org, self.layout, self.threshold, org_columns),
        )

    def add_texts(self) -> None:
        """The project leader's summary of each area and the checked quotes of findings recorded in the period."""
        summaries = {s.area: s for s in AreaSummary.objects.filter(period=self.period)} if self.period.pk else {}
        quotes = (
            Quote.objects.filter(finding__recorded_on__range=(self.period.starts_on, self.period.ends_on))
            .select_related("finding__organisation", "finding__finding_type")
            .defer("finding__description", "finding__suggested_change")
            .order_by("finding__area", "finding__recorded_on", "pk")
        )
        self.suggestions: dict[str, list[Quote]] = {}
        by_area: dict[str, list[Quote]] = {}
        for quote in quotes:
            if quote.kind == QuoteKind.SUGGESTION:
                key = str(quote.finding.organisation_id or OTHER)
                self.suggestions.setdefault(key, []).append(quote)
            else:
                by_area.setdefault(quote.finding.area, []).append(quote)
        for chapter in self.chapters:
            chapter.summary = summaries.get(chapter.area)
            chapter.quotes = by_area.get(chapter.area, [])

    @property
    def lessons(self) -> list[dict]:
        """Per organisation concerned by a finding: its table by area and the suggested changes marked for the
        report."""
        return [{"label": label, "table": table, "suggestions": self.suggestions.get(key, [])}
                for (key, label), table in zip(self.organisation_labels.items(), self.organisations, strict=True)
                if any(cell.value for column in table.columns for cell in column.cells.values())]  # fmt: skip

    def attach(self, questionnaire: list[tuple[str, list[Table]]], recommendation_areas: Table) -> None:
        """The report's own tables that each area's chapter refers to: its questions, its recommendations."""
        rows = dict(zip(recommendation_areas.labels, recommendation_areas.rows, strict=True))
        for chapter in self.chapters:
            chapter.questionnaire = [t for _label, tables in questionnaire for t in tables if t.area == chapter.area]
            chapter.recommendations = list(zip(recommendation_areas.header, rows[chapter.area]["cells"], strict=True))

    def report_tables(self) -> list[Table]:
        """What a report prints: a tertial report the areas only, a final report the areas with findings too."""
        if self.period.is_tertial:
            return [self.areas]
        per_area = [t for c in self.chapters if c.has_findings for t in (c.by_type, c.by_organisation)]
        return [self.areas, *per_area, *(lesson["table"] for lesson in self.lessons)]

    def all_tables(self) -> list[Table]:
        per_area = [t for chapter in self.chapters for t in (chapter.by_type, chapter.by_organisation)]
        return [self.areas, *per_area, *self.organisations]
