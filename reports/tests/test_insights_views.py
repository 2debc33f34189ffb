"""The analysis page: who reaches it, who reads descriptions (the project leader, through the access queryset, each
participant logged), checked quotes written and changed without overwriting, and quotes that outlive anonymisation."""

import pytest
from django.utils import timezone

from insikt.models import AccessLog
from meetings.findings.services import anonymise_findings
from meetings.models import Finding, FindingType
from reports.models import AreaSummary, Quote, ReportingPeriod
from reports.report import Report
from reports.services import render_report_html

SECRET = "Handläggaren glömde Hemligsson på Jobbtorg Söder"
SUGGESTION = "Ring upp inom en vecka efter uteblivet möte"
CHECKED = "Personen fick vänta länge på ett nytt möte efter ett uteblivet besök."
URL = "/rapporter/iakttagelser/"
ROLES = {"projektledare": 200, "styrgrupp": 200, "utvarderare": 200, "af.handlaggare": 403,
         "malmo.handlaggare": 403, "socialsekreterare": 403, "af.admin": 403}  # fmt: skip


def record(participant, by, *, area="arbete", text=SECRET, suggestion=SUGGESTION):
    return Finding.objects.create(
        participant=participant, area=area, finding_type=FindingType.objects.get(name="Missad möjlighet"),
        organisation=by.organisation, description=text, suggested_change=suggestion, recorded_by=by,
        recorded_by_organisation=by.organisation,
    )  # fmt: skip


@pytest.fixture
def analysis(world, make_user):
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(kind="ar", year=today.year)
    staff = dict(world["staff"])
    if "utvarderare" not in staff:  # the demo's evaluator, or one like it
        staff["utvarderare"] = make_user(role="utvarderare", username="utvarderare")
    findings = {
        "own": record(world["own"], staff["af.handlaggare"]),
        "other": record(world["other"], staff["malmo.handlaggare"], text="Annans hemliga beskrivning"),
    }
    return {"period": period, "staff": staff, "findings": findings, "world": world}


@pytest.mark.parametrize(("username", "status"), ROLES.items())
def test_every_role_reaches_the_page_or_is_refused(client, analysis, username, status):
    client.force_login(analysis["staff"][username])
    assert client.get(URL).status_code == status
    own = analysis["findings"]["own"]
    writes = [f"{URL}{own.pk}/citat/beskrivning/", f"{URL}perioder/{analysis['period'].pk}/arbete/sammanfattning/"]
    for url in writes:
        assert client.get(url).status_code == (200 if username == "projektledare" else 403)


@pytest.mark.parametrize("username", ["styrgrupp", "utvarderare"])
def test_the_steering_group_and_the_evaluator_see_counts_and_quotes_never_descriptions(client, analysis, username):
    own = analysis["findings"]["own"]
    Quote.objects.create(finding=own, text=CHECKED, checked_by=analysis["staff"]["projektledare"])
    client.force_login(analysis["staff"][username])
    page = client.get(URL).content.decode()
    assert "Personer med nya iakttagelser" in page and CHECKED in page
    for personal in (SECRET, SUGGESTION, "Annans hemliga", "/deltagare/", "Beskrivningarna att läsa igenom"):
        assert personal not in page
    assert not AccessLog.objects.filter(detail__startswith="Analys av iakttagelser").exists()


def test_the_project_leader_reads_the_descriptions_she_may_see_and_each_person_is_logged(client, analysis):
    leader = analysis["staff"]["projektledare"]
    client.force_login(leader)
    page = client.get(URL).content.decode()
    assert SECRET in page and SUGGESTION in page
    assert "Annans hemliga beskrivning" not in page  # AMA's participant, no waiver: not through the access queryset
    logged = AccessLog.objects.filter(user=leader, detail="Analys av iakttagelser")
    assert list(logged.values_list("participant_id", flat=True)) == [analysis["world"]["own"].pk]
    filtered = client.get(URL, {"period": analysis["period"].pk, "omrade": "halsa"}).content.decode()
    assert SECRET not in filtered and "med det urvalet" in filtered


def test_a_checked_quote_is_written_changed_without_overwriting_and_removed(client, analysis):
    own = analysis["findings"]["own"]
    client.force_login(analysis["staff"]["projektledare"])
    url = f"{URL}{own.pk}/citat/beskrivning/"
    unchecked = client.post(url, {"text": CHECKED})
    assert "Bekräfta att du har granskat texten" in unchecked.content.decode()
    assert CHECKED in unchecked.content.decode()  # nothing typed is lost
    assert client.post(url, {"text": CHECKED, "checked": "on"}).status_code == 302
    quote = Quote.objects.get(finding=own)
    assert quote.text == CHECKED and quote.version == 1
    assert client.post(url, {"text": "Ny text.", "checked": "on", "version": 1}).status_code == 302
    stale = client.post(url, {"text": "En gammal flik.", "checked": "on", "version": 1})
    assert "Någon annan har ändrat texten" in stale.content.decode() and "En gammal flik." in stale.content.decode()
    assert Quote.objects.get(pk=quote.pk).text == "Ny text."
    assert client.post(f"{url}ta-bort/", {"version": 1}).status_code == 302  # opened on version 1: refused
    assert Quote.objects.filter(pk=quote.pk).exists()
    assert client.post(f"{url}ta-bort/", {"version": 2}).status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert AccessLog.objects.filter(
        detail__startswith="Analys av iakttagelser: citat", action=AccessLog.Action.CHANGE
    ).exists()


def test_another_organisations_finding_answers_404(client, analysis):
    client.force_login(analysis["staff"]["projektledare"])
    other = analysis["findings"]["other"]
    assert client.get(f"{URL}{other.pk}/citat/beskrivning/").status_code == 404
    assert client.post(f"{URL}{other.pk}/citat/forslag/", {"text": "x", "checked": "on"}).status_code == 404
    assert not Quote.objects.exists()


def test_an_area_summary_is_written_and_a_stale_form_does_not_overwrite(client, analysis):
    period = analysis["period"]
    client.force_login(analysis["staff"]["projektledare"])
    url = f"{URL}perioder/{period.pk}/halsa/sammanfattning/"
    assert client.post(url, {"text": "Hälsan styr mycket."}).status_code == 302
    assert client.post(url, {"text": "Andra versionen.", "version": 1}).status_code == 302
    stale = client.post(url, {"text": "Gammal.", "version": 1})
    assert "Någon annan har ändrat sammanfattningen" in stale.content.decode()
    assert AreaSummary.objects.get(period=period, area="halsa").text == "Andra versionen."
    assert "Andra versionen." in client.get(URL, {"period": period.pk}).content.decode()


def test_quotes_survive_anonymisation_and_reach_the_final_report(client, analysis):
    own = analysis["findings"]["own"]
    leader = analysis["staff"]["projektledare"]
    Quote.objects.create(finding=own, text=CHECKED, checked_by=leader)
    Quote.objects.create(finding=own, kind="forslag", text="Boka om inom en vecka.", checked_by=leader)
    anonymise_findings(own.participant)
    own.refresh_from_db()
    assert own.description == "" and own.anonymised
    html = render_report_html(analysis["period"], report=Report(analysis["period"]))
    assert CHECKED in html and "Boka om inom en vecka." in html and "Lärdomar för ordinarie verksamhet" in html
    assert SECRET not in html and SUGGESTION not in html


def test_the_page_reads_a_constant_number_of_queries(client, analysis, django_assert_max_num_queries):
    client.force_login(analysis["staff"]["projektledare"])
    client.get(URL)
    with django_assert_max_num_queries(40) as before:
        client.get(URL)
    for _ in range(10):
        record(analysis["world"]["shared"], analysis["staff"]["af.handlaggare"], area="halsa")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(URL)


def test_no_period_says_so(client, demo_staff):
    client.force_login(demo_staff["projektledare"])
    page = client.get(URL).content.decode()
    assert "Det finns inga rapportperioder ännu" in page and "Personer med nya iakttagelser" not in page


@pytest.mark.parametrize("username", ["projektledare", "styrgrupp", "utvarderare"])
def test_the_page_is_in_the_navigation_of_those_who_may_read_it(client, analysis, username):
    client.force_login(analysis["staff"][username])
    assert 'href="/rapporter/iakttagelser/"' in client.get("/rapporter/").content.decode()


def test_a_quote_names_another_organisation_annan_and_an_anonymised_finding_takes_no_new_quote(client, analysis):
    own, leader = analysis["findings"]["own"], analysis["staff"]["projektledare"]
    Finding.objects.filter(pk=own.pk).update(organisation=None, other_organisation="Vårdcentralen Lindängen")
    Quote.objects.create(finding=own, text=CHECKED, checked_by=leader)
    client.force_login(analysis["staff"]["utvarderare"])
    page = client.get(URL).content.decode()
    assert CHECKED in page and "Lindängen" not in page
    anonymise_findings(own.participant)
    client.force_login(leader)
    response = client.post(f"{URL}{own.pk}/citat/forslag/", {"text": "Ny text.", "checked": "on"})
    assert "anonymiserad" in response.content.decode() and not Quote.objects.filter(kind="forslag").exists()
