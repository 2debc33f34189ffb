"""The demo shows reports to the steering group at once; reporting periods are whole tertials, years or the
project; the reports list shows what is current; each table downloads as the CSV of what the PDF prints."""

import csv
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from reports.models import ReportingPeriod, ReportSnapshot
from reports.services import generate_snapshot
from reports.tests.conftest import pdf_text


def test_the_demo_has_reports_for_the_steering_group(client, db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=60, stdout=io.StringIO())
    call_command("seed_demo", participants=60, stdout=io.StringIO())  # idempotent: no new versions
    kinds = set(ReportSnapshot.objects.values_list("period__kind", flat=True))
    assert kinds == {"tertial", "ar"} and ReportSnapshot.objects.count() == 2
    client.post("/logga-in/", {"username": "styrgrupp", "password": "insikt-demo"})
    page = client.get("/", follow=True).content.decode()
    assert "Slutrapport" in page and "Tertial" in page and "Hämta PDF" in page


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "tertial", "year": 2026}, "tertial"),
        ({"kind": "projekt", "year": 2026}, "end_year"),
        ({"kind": "projekt", "year": 2026, "end_year": 2025}, "end_year"),
        ({"kind": "ar", "year": 1999}, "year"),
    ],
)
def test_periods_are_whole_and_explained_in_swedish(db, fields, field):
    with pytest.raises(ValidationError) as error:
        ReportingPeriod(**fields).full_clean()
    assert field in error.value.message_dict


def test_periods_cannot_overlap_within_a_kind_and_their_dates_follow(db):
    from django.db import IntegrityError, transaction

    second = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=2)
    assert (second.starts_on.isoformat(), second.ends_on.isoformat()) == ("2026-05-01", "2026-08-31")
    project = ReportingPeriod.objects.create(kind="projekt", year=2025, end_year=2026)
    assert (project.starts_on.isoformat(), project.ends_on.isoformat()) == ("2025-01-01", "2026-12-31")
    for fields in (
        {"kind": "tertial", "year": 2026, "tertial": 2},
        {"kind": "projekt", "year": 2023, "end_year": 2027},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReportingPeriod.objects.create(**fields)
    # A day range cannot even be typed: the dates are not fields of the form.
    from django.contrib.admin.sites import site

    form = site._registry[ReportingPeriod].get_form(None)
    assert "starts_on" not in form.base_fields and "ends_on" not in form.base_fields


@pytest.fixture
def versions(demo_staff):
    period = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=2)
    return [generate_snapshot(period=period, by=demo_staff["projektledare"]) for _ in range(2)]


def test_the_list_shows_the_current_version_and_folds_the_replaced_ones(client, demo_staff, versions):
    client.force_login(demo_staff["styrgrupp"])
    page = client.get("/rapporter/").content.decode()
    assert "Version 2" in page and "1 tidigare version (ersatta)" in page
    assert versions[0].sha256 not in page  # the checksum is on the details page
    detail = client.get(f"/rapporter/{versions[0].pk}/").content.decode()
    assert "ersatt av en senare version" in detail and versions[0].sha256 in detail
    assert "gällande" in client.get(f"/rapporter/{versions[1].pk}/").content.decode()


def test_each_table_downloads_as_csv_exactly_as_printed_in_the_pdf(client, demo_staff, versions, tmp_path):
    snapshot = versions[1]
    client.force_login(demo_staff["styrgrupp"])
    text = " ".join(pdf_text(bytes(snapshot.pdf), tmp_path).split())
    assert snapshot.tables
    for table in snapshot.tables:
        response = client.get(f"/rapporter/{snapshot.pk}/tabeller/{table['key']}.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][1:] == table["header"]
        assert rows[1 : 1 + len(table["rows"])] == table["rows"]
        for row in table["rows"]:
            assert " ".join([row[0], *(c for c in row[1:] if c)]) in text, row  # the PDF prints the same row
    assert client.get(f"/rapporter/{snapshot.pk}/tabeller/finns-inte.csv").status_code == 404
    client.force_login(demo_staff["af.handlaggare"])
    assert client.get(f"/rapporter/{snapshot.pk}/tabeller/flow.csv").status_code == 403


def test_a_double_click_on_generate_makes_one_version(client, demo_staff):
    period = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=1)
    client.force_login(demo_staff["projektledare"])
    token = str(uuid.uuid4())
    first = client.post(f"/rapporter/perioder/{period.pk}/ta-fram/", {"token": token})
    second = client.post(f"/rapporter/perioder/{period.pk}/ta-fram/", {"token": token})
    assert first.url == second.url and ReportSnapshot.objects.count() == 1
    page = client.get("/rapporter/").content.decode()
    assert "js/generate-report.js" in page and 'data-working="Tar fram rapporten' in page


def test_the_project_report_compares_each_year_with_its_own_target(demo_staff):
    from reports.models import YearTarget
    from reports.report import Report

    YearTarget.objects.create(year=2025, reviewed_target=100)
    YearTarget.objects.create(year=2026, reviewed_target=300)
    report = Report(ReportingPeriod.objects.create(kind="projekt", year=2025, end_year=2026))
    assert [(row["year"], row["target"]) for row in report.goal.per_year] == [(2025, 100), (2026, 300)]
    assert report.goal.target == 400
    assert report.tables["flow"].header == ["2025", "2026", "Hela projektet"]


@pytest.mark.parametrize(
    "today, tertial",
    [
        ("2027-02-15", ("tertial", 2026, 3)),  # no tertial of 2027 has finished: the last one of 2026
        ("2026-12-01", ("tertial", 2026, 2)),
        ("2026-05-01", ("tertial", 2026, 1)),
    ],
)
def test_the_demo_reports_whatever_the_date(demo_staff, today, tertial):
    from datetime import date
    from unittest import mock

    from reports import demo

    day = date.fromisoformat(today)
    with mock.patch.object(demo.timezone, "localdate", return_value=day):
        assert demo.seed_reports(demo_staff["projektledare"]) == 2
        assert demo.seed_reports(demo_staff["projektledare"]) == 0  # idempotent
    made = set(ReportSnapshot.objects.values_list("period__kind", "period__year", "period__tertial"))
    assert made == {tertial, ("ar", day.year, None)}
