"""Översikt: the project leader's (and each organisation's) view of where the work stands."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.home.overview import overview
from meetings.tests.factories import held_multi_party
from participants.models import AccessRequest, StatusChange
from participants.tests.factories import register
from reports.models import LogReview, ReportingPeriod
from reports.report import Report


def age_status(participant, days):
    StatusChange.objects.filter(participant=participant).update(changed_at=timezone.now() - timedelta(days=days))


def test_the_project_leader_lands_on_the_overview_with_the_reports_goal(client, demo_staff):
    leader, af = demo_staff["projektledare"], demo_staff["af.handlaggare"]
    today = timezone.localdate()
    for days_ago in (1, 2):
        held_multi_party(register(af), af, days_ago=days_ago)
    client.force_login(leader)
    assert client.get("/").url == "/oversikt/"
    page = client.get("/oversikt/").content.decode()
    year = ReportingPeriod.objects.create(kind="ar", year=today.year)
    report_goal = Report(year).goal
    assert overview(leader)["goal"].achieved == report_goal.achieved == 2
    assert f"Årets mål {today.year}" in page and f"{report_goal.label.lower()}" in page
    assert '<span class="display-6">2</span> av 300' in page


def test_stuck_participants_per_step_link_to_the_same_people(client, demo_staff):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    stuck = register(af, first_name="Fastnad")
    age_status(stuck, 40)
    register(af, first_name="Nyanmäld")  # changed today
    age_status(register(malmo, first_name="Malmöbo"), 40)  # not AF's to see
    rows = {status: n for status, _label, n in overview(af)["stuck"]}
    assert rows["anmald"] == 1 and sum(rows.values()) == 1
    client.force_login(af)
    page = client.get("/oversikt/").content.decode()
    link = "/deltagare/?status=anmald&amp;stuck=30"
    assert f'href="{link}">1</a>' in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Fastnad" in listed and "Nyanmäld" not in listed and "Malmöbo" not in listed


def test_a_bad_number_of_days_is_said_on_the_field(client, demo_staff):
    client.force_login(demo_staff["af.handlaggare"])
    response = client.get("/deltagare/?stuck=x")
    assert "Ange ett antal dagar, t.ex. 30." in response.content.decode()


def test_each_organisation_sees_its_own_and_nothing_of_the_project_leaders(client, demo_staff):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    participant = register(af)
    AccessRequest.objects.create(participant=participant, organisation=malmo.organisation, requested_by=malmo)
    assert overview(af)["access_requests"] == 1 and overview(malmo)["access_requests"] == 0
    assert overview(malmo)["this_month"]["registered"] == 0 and overview(af)["this_month"]["registered"] == 1
    client.force_login(malmo)
    page = client.get("/oversikt/").content.decode()
    assert "Årets mål" not in page and "Loggranskningen" not in page and client.get("/").status_code == 200


def test_reports_and_the_log_review_due(client, demo_staff):
    leader = demo_staff["projektledare"]
    today = timezone.localdate()
    tertial = (today.month - 1) // 4 + 1
    period = ReportingPeriod.objects.create(kind="tertial", year=today.year, tertial=tertial)
    client.force_login(leader)
    page = client.get("/oversikt/").content.decode()
    assert f"Tertial {tertial} {today.year} slutar" in page and "<strong>inte skriven</strong>" in page
    period.steering_meetings.create(meets_on=period.ends_on, challenges="Tolkar.")  # the agenda of its meeting
    assert "för perioden är skriven" in client.get("/oversikt/").content.decode()
    assert "är inte signerad" in page
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    LogReview.objects.create(month=last_month, created_by=leader, signed_off_by=leader, signed_off_at=timezone.now())
    assert "Förra månadens loggranskning är signerad." in client.get("/oversikt/").content.decode()


@pytest.mark.parametrize("username", ["styrgrupp", "af.admin"])
def test_only_staff_who_work_with_participants(client, demo_staff, username):
    client.force_login(demo_staff[username])
    assert client.get("/oversikt/").status_code == 403


def test_the_overview_costs_the_same_queries_for_more_participants(client, demo_staff, django_assert_max_num_queries):
    af = demo_staff["af.handlaggare"]
    client.force_login(demo_staff["projektledare"])
    for _ in range(2):
        age_status(register(af), 40)
    client.get("/oversikt/")
    with django_assert_max_num_queries(30) as captured:
        client.get("/oversikt/")
    for _ in range(6):
        held_multi_party(register(af), af)
    with django_assert_max_num_queries(len(captured)):
        client.get("/oversikt/")
