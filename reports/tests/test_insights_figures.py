"""The findings' figures against a data set computed by hand (threshold 5): people, not findings, each person
once per cell by their first finding, small cells hidden with a note, totals never contradicting the table, the
organisation rows hidden where an area's cell of them is, and the same figure on the analysis page and in both
reports."""

from datetime import date

import pytest

from meetings.models import Finding, FindingType
from participants.demo import demo_personnummer
from participants.models import Participant
from reports.insights.tables import Insights
from reports.models import ReportingPeriod
from reports.report import Report, layout_of

SERIAL = iter(range(300_000, 400_000))

T1, T2, T2_LATER, T3 = date(2026, 2, 1), date(2026, 6, 10), date(2026, 7, 1), date(2026, 10, 1)


def finding(participant, day, *, area="arbete", kind="Missad möjlighet", org=None, other="", by, **fields):
    return Finding.objects.create(
        participant=participant, recorded_on=day, area=area, finding_type=FindingType.objects.get(name=kind),
        organisation=org, other_organisation=other, description="Hemlig beskrivning om Hemligsson",
        recorded_by=by, recorded_by_organisation=by.organisation, **fields,
    )  # fmt: skip


@pytest.fixture
def make(orgs, settings):
    """Participants made directly (bulk), with the derived fields computed as on save."""
    settings.REPORT_SUPPRESSION_THRESHOLD = 5

    def make(n):
        people = [Participant(personnummer=demo_personnummer(next(SERIAL)), first_name="Hemlig", last_name="Hemligsson",
                              district="centrum", benefit="aktivitetsstod", af_registered_on=date(2010, 1, 1),
                              job_entered_on=date(2023, 1, 1), registering_organisation=orgs["af"], registered_on=T1)
                  for _ in range(n)]  # fmt: skip
        for person in people:
            person.compute_derived()
        return Participant.objects.bulk_create(people)

    return make


@pytest.fixture
def data(make, demo_staff, orgs):
    """arbete, T2: A1–A6 "Missad möjlighet" about AF; B1, B2 "Insatsen passade inte" about AMA, and B1 also a
    "Missad möjlighet" about AF later in T2; A1 again in T3 (not counted again). hälsa, T1: C1–C3 about another
    organisation ("Annan"), under two different names."""
    by = demo_staff["projektledare"]
    a, b, c = make(6), make(2), make(3)
    for person in a:
        finding(person, T2, org=orgs["af"], by=by)
    for person in b:
        finding(person, T2, kind="Insatsen passade inte", org=orgs["ama"], by=by)
    finding(b[0], T2_LATER, org=orgs["af"], by=by)
    finding(a[0], T3, org=orgs["af"], by=by)
    for n, person in enumerate(c):
        finding(person, T1, area="halsa", other=["Vårdcentralen", "Tandvården"][n % 2], by=by)
    return {"a": a, "b": b, "c": c}


def period(kind="ar", **fields):
    return ReportingPeriod.objects.get_or_create(kind=kind, year=2026, **fields)[0]


def insights(p):
    return Insights(p, layout_of(p), 5)


def printed(table, column=0):
    return {row["label"]: row["cells"][column] for row in table.rows}


def chapter(found, area):
    return next(c for c in found.chapters if c.area == area)


def test_an_area_counts_people_by_type_and_hides_a_small_cell_and_its_protector(data):
    found = insights(period())
    work = chapter(found, "arbete")
    # Tertial 2: Missad möjlighet 7 people (A1–A6, B1), Insatsen passade inte 2 (B1, B2), the area 8 people.
    by_type = printed(work.by_type, 1)
    assert by_type["Insatsen passade inte"] == "<5"
    assert by_type["Missad möjlighet"] == ".."  # 8 - 7 would give the 2 away
    assert by_type["Samordning saknades"] == "–"
    assert work.by_type.totals == ["–", "8", "–", "8"]  # T1, T2, T3 (A1's second is not new), the year
    assert printed(work.by_type, 3)["Missad möjlighet"] == ".."  # a sum over a hidden tertial
    notes = " ".join(work.by_type.notes)
    assert "<5: 1–4 personer." in notes and "inte kan räknas fram ur summan" in notes
    assert "Antal personer, inte antal iakttagelser" in notes
    assert "summan visas inte eftersom någon av dess tertialer" in notes


def test_the_organisation_concerned_and_annan_whatever_its_name(data):
    found = insights(period())
    assert printed(chapter(found, "arbete").by_organisation, 1) == {
        **{label: "–" for label in found.organisation_labels.values()},
        "Arbetsförmedlingen": "..", "Malmö stad – Arbetsmarknadsavdelningen": "<5",
    }  # fmt: skip
    health = chapter(found, "halsa").by_organisation
    assert printed(health, 0)["Annan"] == "<5"  # three people, two names: one row
    assert health.totals[0] == "<5"


def test_the_areas_table_has_no_total_and_each_organisation_gets_its_cells_of_the_area_tables(data, orgs):
    found = insights(period())
    assert not found.areas.has_total
    assert printed(found.areas, 1)["Arbete och jobbsökning"] == "8"
    assert printed(found.areas, 0)["Hälsa"] == "<5"
    assert printed(found.areas, 3)["Hälsa"] == ".."  # the year: part of it hidden
    lessons = {lesson["label"]: lesson["table"] for lesson in found.lessons}
    assert set(lessons) == {"Arbetsförmedlingen", "Malmö stad – Arbetsmarknadsavdelningen", "Annan"}  # the others: none
    af = lessons["Arbetsförmedlingen"]
    assert af.key == f"findings-org-{orgs['af'].pk}" and not af.has_total
    work = chapter(found, "arbete").by_organisation
    for column in range(4):  # the same cells, the same marks, as the area's table
        assert printed(af, column)["Arbete och jobbsökning"] == printed(work, column)["Arbetsförmedlingen"]
    assert printed(lessons["Annan"], 0)["Hälsa"] == "<5"
    assert any("Samma antal och tecken" in note for note in af.notes)


def test_a_large_cell_is_shown_and_the_same_fact_has_the_same_figure_everywhere(data, make, demo_staff, orgs):
    for person in make(5):
        finding(
            person, T2, area="samverkan", kind="Samordning saknades", org=orgs["eb"], by=demo_staff["projektledare"]
        )
    year, tertial = insights(period()), insights(period("tertial", tertial=2))
    cooperation = chapter(year, "samverkan")
    assert printed(cooperation.by_type, 1)["Samordning saknades"] == "5"
    assert cooperation.by_type.rows[[r["label"] for r in cooperation.by_type.rows].index("Samordning saknades")][
        "percent"] == "100 %"  # fmt: skip
    eb = next(lesson["table"] for lesson in year.lessons if lesson["label"] == "Malmö stad – Ekonomiskt bistånd")
    assert printed(eb, 1)["Samverkan"] == "5"
    # The tertial report's "Nya iakttagelser" (the period, the year so far) and the final report's T2 column.
    report = Report(period("tertial", tertial=2))
    assert [t.key for t in report.insights.report_tables()] == ["findings-area"]
    assert printed(report.insights.areas, 0) == printed(year.areas, 1) == printed(tertial.areas, 0)
    assert printed(report.insights.areas, 1)["Samverkan"] == "5"
    final = Report(period())
    keys = {t.key for t in final.all_tables()}
    assert {"findings-area", "finding-type-arbete", "finding-org-halsa", f"findings-org-{orgs['eb'].pk}"} <= keys
    assert "finding-type-aktiviteter" not in keys  # an area without findings prints no tables


def test_counts_take_a_constant_number_of_queries(data, make, demo_staff, django_assert_max_num_queries):
    p = period()
    with django_assert_max_num_queries(9):
        insights(p)
    for person in make(30):
        finding(person, T3, area="dokumentation", by=demo_staff["projektledare"])
    with django_assert_max_num_queries(9):
        insights(p)


def test_the_final_reports_new_tables_are_stored_printed_and_downloadable(data, demo_staff, client, tmp_path):
    import csv
    import io

    from reports.services import generate_snapshot
    from reports.tests.conftest import pdf_text

    snapshot = generate_snapshot(period=period(), by=demo_staff["projektledare"])
    tables = {t["key"]: t for t in snapshot.tables}
    by_type = tables["finding-type-arbete"]
    assert ["Insatsen passade inte", "–", "<5", "–", "..", ""] in by_type["rows"]
    assert by_type["total"] == ["Totalt", "–", "8", "–", "8", ""]
    text = " ".join(pdf_text(bytes(snapshot.pdf), tmp_path).split())
    assert "Insatsen passade inte – <5 – .." in text and "5.1 Arbete och jobbsökning" in text
    assert "Lärdomar för ordinarie verksamhet" in text and "Hemlig beskrivning" not in text
    client.force_login(demo_staff["styrgrupp"])
    response = client.get(f"/rapporter/{snapshot.pk}/tabeller/finding-type-arbete.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1 : 1 + len(by_type["rows"])] == by_type["rows"]
