"""Översikt's results: the tertial report's own outcome tables for the year so far, the same figures and marks."""

import pytest
from django.utils import timezone

from insikt.home.overview import overview
from reports.models import ReportingPeriod
from reports.outcomes.tables import IN_WORK
from reports.report import Report
from reports.tests.test_figures import make  # noqa: F401 - a fixture
from reports.tests.test_outcomes import outcome  # noqa: F401 - a fixture


@pytest.fixture
def closed_today(make, outcome):  # noqa: F811
    today = timezone.localdate()
    closed = {"status": "avslutad", "closing_reason": "annat", "closed_on": today, "registered_on": today}
    outcome(make(6, **closed), "avslut", "arbete", supports=["lon"])
    outcome(make(5, **closed), "avslut", "studier", supports=["studiemedel"])
    outcome(make(5, **closed), "avslut", "arbetssokande", supports=["aktivitetsstod"])
    return today


def test_the_share_in_work_or_studies_at_closing_is_the_reports(client, demo_staff, closed_today):
    leader = demo_staff["projektledare"]
    results = overview(leader)["results"]
    assert (results["in_work"], results["in_work_percent"], results["closed"]) == ("11", "69 %", "16")
    period = ReportingPeriod.objects.create(kind="tertial", year=closed_today.year,
                                            tertial=1 + (closed_today.month - 1) // 4)  # fmt: skip
    share = Report(period).outcomes.moment_table("avslut", "share")
    year_so_far = share.columns[-1]
    assert year_so_far.cells[IN_WORK].text(5) == results["in_work"] and year_so_far.percent(IN_WORK) == "69 %"
    lead = Report(period).outcomes.lead_times.median_days("anmalan", "flerpartsmote", len(share.columns) - 1)
    assert lead.texts(5) == (results["lead_days"], results["lead_n"]) == ("–", "–")  # nobody has met yet
    client.force_login(leader)
    page = client.get("/oversikt/").content.decode()
    assert "Resultat hittills i år" in page and "69 %" in page and "(11 av 16)" in page


def test_staff_other_than_the_project_leader_get_no_results(demo_staff, closed_today):
    assert overview(demo_staff["af.handlaggare"])["results"] is None
