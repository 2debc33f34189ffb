"""The findings' figures, defined once for the analysis page, the final report and the tertial reports.

Every cell counts PEOPLE, not findings: the reports count people and the protection rule (reports.suppression)
is about people. A person is counted once per cell, in the tertial of the day their first finding of that cell
was recorded (`recorded_on`, the day the finding was written down), as the flow counts each person once per
step. So every figure is additive over tertials: the year is the sum of its tertials, as reports.tables
needs. Coded findings are counted after their participant has been anonymised (they carry no personal data).

Each fact answers a reports.figures Grid, {(year, tertial): {key: (people, people)}}, in one query.
"""

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Value, When
from django.db.models.functions import Cast, Concat

from meetings.models import Finding
from reports.figures import Grid, grid, within

OTHER = "annan"  # the organisation key of a finding that concerns an organisation outside the project's list
SEPARATOR = "|"


def organisation_key():
    """The organisation concerned: its id, or OTHER when the finding names another organisation."""
    return Case(When(organisation__isnull=True, then=Value(OTHER)), default=Cast("organisation_id", CharField()))


def first_findings(years: tuple[int, int], **same):
    """The findings in the years that are their person's first with the same values of `same` (name: expression),
    by an anti-join. The values are compared as annotations, so that "Annan" (no organisation) equals itself."""
    earlier = Finding.objects.annotate(**same).filter(
        participant=OuterRef("participant"), recorded_on__lt=OuterRef("recorded_on"),
        **{name: OuterRef(name) for name in same},
    )  # fmt: skip
    return Finding.objects.annotate(**same).filter(within("recorded_on", *years)).exclude(Exists(earlier))


def people_grid(findings, key, years: tuple[int, int]) -> Grid:
    return grid(findings, "recorded_on", key, years, value=Count("participant", distinct=True))


def compound(*parts) -> Concat:
    return Concat(parts[0], Value(SEPARATOR), *parts[1:], output_field=CharField())


def by_area(years: tuple[int, int]) -> Grid:
    """People with a finding in each insight area, by the day their first finding in the area was recorded.
    A person may have findings in several areas: the areas do not add up to the people with a finding."""
    return people_grid(first_findings(years, _area=F("area")), F("_area"), years)


def by_area_and_type(years: tuple[int, int]) -> Grid:
    """People with a finding of each type in each area ("area|type id"), by the day of their first such finding.
    A person may have findings of several types: the types may add up to more than the area's people."""
    findings = first_findings(years, _cell=compound(F("area"), Cast("finding_type_id", CharField())))
    return people_grid(findings, F("_cell"), years)


def by_area_and_organisation(years: tuple[int, int]) -> Grid:
    """People with a finding concerning each organisation in each area ("area|organisation id", or "area|annan"
    for any organisation outside the list, whatever its name), by the day of their first such finding."""
    findings = first_findings(years, _cell=compound(F("area"), organisation_key()))
    return people_grid(findings, F("_cell"), years)


def split(cells: dict[str, tuple[int, int]]) -> dict[str, dict[str, tuple[int, int]]]:
    """{"area|key": counts} as {area: {key: counts}}."""
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for compound, counts in cells.items():
        area, key = compound.split(SEPARATOR, 1)
        result.setdefault(area, {})[key] = counts
    return result
