"""The evaluator's pseudonymised export: asked for with a purpose, decided on by the project leader, produced only
then by the requester, logged each time; and what is in it: codes, counts and lead times, never a person."""

import csv
import io
import re
import zipfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from insikt.models import Notification, Role
from meetings.demo import seed_meetings
from meetings.findings.services import anonymise_findings
from meetings.models import Finding, FindingType, Meeting, Recommendation, RecommendationCategory
from meetings.recommendations.demo import seed_recommendations
from meetings.recommendations.services import anonymise_recommendations
from meetings.services import anonymise_meetings
from participants.demo import seed_participants
from participants.models import Consent, Participant
from participants.services import anonymise_participant
from questionnaire.demo import seed_questionnaire, seed_responses
from questionnaire.models import Answer, Response
from questionnaire.services import anonymise_answers
from reports.exports.builder import build_export
from reports.exports.pseudonym import pseudonym
from reports.models import ExportDownload, ExportRequest, ExportStatus, ReportingPeriod

STHLM = ZoneInfo("Europe/Stockholm")
LIST = "/rapporter/exporter/"


@pytest.fixture
def year(db):
    """The year running now: the permission matrix's participants are registered today."""
    from django.utils import timezone

    return ReportingPeriod.objects.create(kind="ar", year=timezone.localdate().year)


@pytest.fixture
def evaluator(demo_staff):
    return demo_staff["utvarderare"]


def ask(client, user, period, purpose="Utvärdering av ledtiderna för FINSAM."):
    client.force_login(user)
    response = client.post(f"{LIST}ny/", {"period": period.pk, "purpose": purpose})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ExportRequest.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def decide(client, leader, export, decision="godkann", note=""):
    client.force_login(leader)
    return client.post(f"{LIST}{export.pk}/beslut/", {"decision": decision, "note": note, "version": export.version})


def produce(client, user, export, fmt="csv"):
    client.force_login(user)
    return client.post(f"{LIST}{export.pk}/ta-fram/", {"format": fmt})


def test_a_request_needs_a_purpose_and_keeps_the_chosen_period(client, evaluator, year):
    client.force_login(evaluator)
    response = client.post(f"{LIST}ny/", {"period": year.pk, "purpose": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv vad exporten ska användas till." in page
    assert f'<option value="{year.pk}" selected>' in page
    assert not ExportRequest.objects.exists()


def test_a_repeated_submit_makes_one_request(client, evaluator, year):
    client.force_login(evaluator)
    form = client.get(f"{LIST}ny/").context["form"]
    data = {"period": year.pk, "purpose": "Syfte", "form_token": form.initial["form_token"]}
    first, again = client.post(f"{LIST}ny/", data), client.post(f"{LIST}ny/", data)
    assert first.url == again.url
    assert ExportRequest.objects.count() == 1


def test_the_project_leader_approves_or_refuses_each_request_with_a_note(client, demo_staff, evaluator, year):
    leader = demo_staff["projektledare"]
    waiting = ask(client, evaluator, year)
    assert Notification.objects.filter(user=leader, url=f"{LIST}{waiting.pk}/").exists()
    client.force_login(leader)
    assert str(waiting.purpose) in client.get(LIST).content.decode()
    assert "1 begäran om pseudonymiserad export</a> väntar på ditt beslut" in client.get("/oversikt/").content.decode()

    response = decide(client, leader, waiting, "avsla", note="")
    assert "Skriv varför begäran avslås" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.is_waiting

    decide(client, leader, waiting, "avsla", note="Syftet räcker inte för uppgifter per person.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by, waiting.version) == (ExportStatus.REFUSED, leader, 2)
    assert Notification.objects.filter(user=evaluator, url=f"{LIST}{waiting.pk}/").exists()

    # A second decision, from a form opened before the first: refused, the first one stands.
    waiting.version = 1
    response = decide(client, leader, waiting, "godkann")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ExportStatus.REFUSED
    client.force_login(evaluator)
    assert "Syftet räcker inte för uppgifter per person." in client.get(f"{LIST}{waiting.pk}/").content.decode()


def test_only_the_requester_produces_and_only_once_approved(client, demo_staff, evaluator, make_user, year):
    leader = demo_staff["projektledare"]
    export = ask(client, evaluator, year)
    assert produce(client, evaluator, export).status_code == 404  # waiting
    refused = ask(client, evaluator, year)
    decide(client, leader, refused, "avsla", note="Nej.")
    assert produce(client, evaluator, refused).status_code == 404
    decide(client, leader, export)
    colleague = make_user(role=Role.EVALUATOR)
    assert produce(client, colleague, export).status_code == 404  # someone else's request
    assert client.get(f"{LIST}{export.pk}/").status_code == 404
    for username in ("projektledare", "styrgrupp", "af.handlaggare"):
        assert produce(client, demo_staff[username], export).status_code == 403
    assert not ExportDownload.objects.exists()

    response = produce(client, evaluator, export, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert produce(client, evaluator, export, "csv").status_code == 200
    logged = list(ExportDownload.objects.order_by("produced_at", "pk").values_list("format", "rows", "produced_by"))
    assert logged == [("xlsx", 0, evaluator.pk), ("csv", 0, evaluator.pk)]
    client.force_login(leader)
    page = client.get(f"{LIST}{export.pk}/").content.decode()
    assert "XLSX" in page and "CSV" in page and str(evaluator) in page


def test_the_steering_group_and_caseworkers_reach_no_export_page(client, demo_staff, evaluator, year):
    export = ask(client, evaluator, year)
    for username in ("styrgrupp", "af.handlaggare", "af.admin"):
        client.force_login(demo_staff[username])
        for url in (LIST, f"{LIST}ny/", f"{LIST}{export.pk}/"):
            assert client.get(url).status_code == 403, (username, url)
        assert client.post(f"{LIST}{export.pk}/beslut/", {"decision": "godkann", "version": 1}).status_code == 403


def at(day: date, hour: int = 10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=STHLM)


@pytest.fixture
def journey(demo_staff, orgs, year):
    """One participant through every step in 2026, on days chosen so that each lead time differs."""
    from participants.tests.factories import register

    af = demo_staff["af.handlaggare"]
    person = register(af, first_name="Resande", last_name="Stegsson")
    registered = date(year.year, 5, 4)
    Participant.objects.filter(pk=person.pk).update(registered_on=registered, birth_year=year.year - 44)
    Consent.objects.create(participant=person, given_on=registered + timedelta(days=7), form="skriftligt",
                           recorded_by=af)  # fmt: skip
    later = Meeting.objects.create(participant=person, kind="flerpart", status="genomfort", booked_by=af,
                                   starts_at=at(registered + timedelta(days=40)))  # fmt: skip
    held = Meeting.objects.create(participant=person, kind="flerpart", status="genomfort", booked_by=af,
                                  starts_at=at(registered + timedelta(days=30)))  # fmt: skip
    category = RecommendationCategory.objects.order_by("pk").first()
    for sent in (45, 50):
        Recommendation.objects.create(participant=person, meeting=held, category=category, rationale="Skäl",
                                      receiving_organisation=orgs["ama"], status="mottagen", sent_to="Enheten",
                                      sent_on=registered + timedelta(days=sent), created_by=af)  # fmt: skip
    finding_type = FindingType.objects.order_by("pk").first()
    Finding.objects.create(participant=person, organisation=orgs["eb"], area="halsa", finding_type=finding_type,
                           description="Fritext som aldrig exporteras", recorded_by=af,
                           recorded_by_organisation=orgs["af"])  # fmt: skip
    Participant.objects.filter(pk=person.pk).update(status="avslutad", closed_on=registered + timedelta(days=90),
                                                    closing_reason="arbete")  # fmt: skip
    version = seed_questionnaire()
    for meeting, value in ((held, False), (later, True)):  # the later meeting's answer is the one exported
        response = Response.objects.create(meeting=meeting, version=version, created_by=af, updated_by=af,
                                           status="slutford", completed_at=meeting.starts_at)  # fmt: skip
        Answer.objects.create(response=response, question=version.questions.filter(type="ja_nej").first(),
                              yes_no=value)  # fmt: skip
        Answer.objects.create(response=response, question=version.questions.filter(type="fritext").first(),
                              text="Fritext som aldrig exporteras")  # fmt: skip
    return person, category, finding_type


def test_a_row_has_the_codes_counts_and_lead_times_and_the_same_pseudonym_every_time(journey, year, orgs):
    person, category, finding_type = journey
    export = build_export(year)
    keys = [column.key for column in export.columns]
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in export.rows}
    row = rows[pseudonym(person.pk)]
    assert row["anmald_tertial"] == f"{year.year}-T2" and row["anmald_manad"] == f"{year.year}-05"
    assert row["aldersgrupp"] == "40–49 år"
    assert [row[k] for k in keys[4:10]] == [7, 23, 15, 45, 90, "arbete"]
    assert (row["rek_antal"], row[f"rek_kategori_{category.pk}"], row["rek_mottagare_ama"]) == (2, 2, 2)
    assert (row["rek_utfall_mottagen"], row["rek_mottagare_af"]) == (2, 0)
    assert (row["iakt_antal"], row["iakt_omrade_halsa"], row[f"iakt_typ_{finding_type.pk}"]) == (1, 1, 1)
    assert (row["iakt_org_eb"], row["iakt_org_af"]) == (1, 0)
    answered = {k: v for k, v in row.items() if k.startswith("svar_") and v != ""}
    yes_no = seed_questionnaire().questions.filter(type="ja_nej").first()
    assert answered == {f"svar_{yes_no.version.questionnaire_id}_{yes_no.key}": "ja"}  # never the free text
    assert "Fritext som aldrig exporteras" not in {str(value) for value in row.values()}
    # Stable across exports, different between people.
    assert pseudonym(person.pk) in [r[0] for r in build_export(year).rows]
    assert len(rows) == len(export.rows)
    assert re.fullmatch(r"[0-9a-f]{16}", row["pseudonym"])


def test_the_pseudonym_follows_the_key(settings, journey):
    person, *_ = journey
    before = pseudonym(person.pk)
    settings.PSEUDONYM_KEY = "en-egen-nyckel-for-pseudonymer"
    assert pseudonym(person.pk) != before
    assert pseudonym(person.pk) == pseudonym(str(person.pk))


def test_participants_ended_before_the_period_or_registered_after_it_are_left_out(journey, demo_staff):
    person, *_ = journey
    later = ReportingPeriod.objects.create(kind="tertial", year=person.registered_on.year, tertial=3)
    earlier = ReportingPeriod.objects.create(kind="tertial", year=person.registered_on.year, tertial=1)
    during = ReportingPeriod.objects.create(kind="tertial", year=person.registered_on.year, tertial=2)
    assert pseudonym(person.pk) not in [r[0] for r in build_export(earlier).rows]  # registered after it
    assert pseudonym(person.pk) in [r[0] for r in build_export(during).rows]
    assert pseudonym(person.pk) not in [r[0] for r in build_export(later).rows]  # closed in August


def test_the_export_takes_a_fixed_number_of_queries(journey, year, demo_staff, orgs, django_assert_max_num_queries):
    from participants.tests.factories import register

    with django_assert_max_num_queries(12) as one:
        build_export(year)
    person, category, finding_type = journey
    for _ in range(3):
        more = register(demo_staff["af.handlaggare"])
        Finding.objects.create(participant=more, organisation=orgs["af"], area="arbete", finding_type=finding_type,
                               description="Text", recorded_by=demo_staff["af.handlaggare"],
                               recorded_by_organisation=orgs["af"])  # fmt: skip
    with django_assert_max_num_queries(len(one)):
        assert len(build_export(year).rows) == 4


@pytest.fixture
def seeded(demo_staff, world, journey):
    """Demo participants with meetings, answers and recommendations, the matrix's people, one anonymised."""
    staff = dict(demo_staff)
    seed_participants(30, staff)
    seed_meetings(staff)
    seed_recommendations(staff)
    seed_questionnaire()
    seed_responses(Meeting.objects.all())
    people = list(Participant.objects.all())
    gone = journey[0]
    for anonymise in (anonymise_answers, anonymise_recommendations, anonymise_findings, anonymise_meetings,
                      anonymise_participant):  # fmt: skip
        anonymise(gone)
    return people, gone


def identifiers(person: Participant) -> list[str]:
    born = person.birth_date
    return [person.first_name, person.last_name, person.personnummer, person.personnummer[2:],
            person.formatted_personnummer, f"{born:%Y-%m-%d}", f"{born:%Y%m%d}"]  # fmt: skip


def test_the_csv_and_the_xlsx_contain_no_personal_data(client, seeded, evaluator, demo_staff, year):
    people, gone = seeded
    export = ask(client, evaluator, year)
    decide(client, demo_staff["projektledare"], export)
    csv_text = produce(client, evaluator, export, "csv").content.decode("utf-8-sig")
    xlsx = produce(client, evaluator, export, "xlsx").content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        xml = "\n".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert len(rows) - 1 == ExportDownload.objects.get(format="csv").rows >= len(people) - 5
    assert pseudonym(gone.pk) in csv_text  # the anonymised participant keeps its coded row
    for person in people:
        for value in identifiers(person):
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            assert not pattern.search(csv_text), (value, "csv")
            assert not pattern.search(xml), (value, "xlsx")
    assert "Fritext som aldrig exporteras" not in csv_text + xml
    # No exact date at all in the rows, whoever's.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", csv_text)
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True)["Export"]
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert not [cell for cell in cells if re.search(r"\d{4}-\d{2}-\d{2}", cell)]
    assert [c.lower() for c in rows[0][:2]] == ["pseudonym", "anmald_tertial"]
    # One pseudonym per person, the same in both files.
    pseudonyms = [row[0] for row in rows[1:]]
    assert len(set(pseudonyms)) == len(pseudonyms)
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == set(pseudonyms)
