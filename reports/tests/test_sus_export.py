"""The SUS export (issue 16) against a hand-computed data set, with its anonymous rows, log entries and roles."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insikt.models import AccessLog
from participants.models import (
    Consent,
    ConsentWithdrawal,
    Outcome,
    OutcomeMoment,
    OutcomeSupport,
    Participant,
    Status,
    StatusChange,
)
from participants.tests.factories import register
from reports.sus_export.builder import build_sus_export

FROM, TO = date(2026, 1, 1), date(2026, 4, 30)


def participant(by, number, registered_on, closed_on=None, reason="", **fields):
    p = register(by, personnummer=number)
    status = {"status": Status.CLOSED, "closed_on": closed_on, "closing_reason": reason} if closed_on else {}
    Participant.objects.filter(pk=p.pk).update(registered_on=registered_on, **status, **fields)
    return p


def consent(p, by, sus, withdrawn=False):
    c = Consent.objects.create(participant=p, given_on=date(2025, 1, 1), form="skriftligt", sus_consent=sus,
                               recorded_by=by)  # fmt: skip
    if withdrawn:
        ConsentWithdrawal.objects.create(consent=c, withdrawn_on=date(2026, 4, 1), reason="Vill inte", recorded_by=by)


def outcome(p, by, moment, occupation, *supports):
    o = Outcome.objects.create(participant=p, moment=moment, occupation=occupation, recorded_by=by,
                               recorded_by_organisation=by.organisation)  # fmt: skip
    OutcomeSupport.objects.bulk_create(OutcomeSupport(outcome=o, support=s) for s in supports)


@pytest.fixture
def data(demo_staff):
    af = demo_staff["af.handlaggare"]
    # Identified: yes to SUS, started and ended in the period.
    a = participant(af, "198309079815", date(2026, 2, 1), date(2026, 4, 10), "arbete", education_level="gymnasial")
    consent(a, af, True)
    outcome(a, af, OutcomeMoment.REGISTRATION, "arbetssokande", "ekonomiskt_bistand", "aktivitetsstod")
    outcome(a, af, OutcomeMoment.CLOSING, "arbete", "lon")
    # Anonymous: said no to SUS; started before the period, ended in it.
    b = participant(af, "199403119838", date(2025, 10, 1), date(2026, 3, 1), "studier")
    consent(b, af, False)
    outcome(b, af, OutcomeMoment.REGISTRATION, "sjukskriven", "sjukpenning")
    outcome(b, af, OutcomeMoment.CLOSING, "studier", "studiemedel")
    # Anonymous: said yes, then withdrew the consent.
    c = participant(af, "198301079847", date(2026, 3, 15))
    consent(c, af, True, withdrawn=True)
    # Anonymous: protected identity, although yes to SUS.
    d = participant(af, "197111059858", date(2026, 1, 10), protected_identity="sekretessmarkering",
                    education_level="forgymnasial")  # fmt: skip
    consent(d, af, True)
    # Identified, started in the period and closed after it: no out date, no "after" yet.
    f = participant(af, "197207059820", date(2026, 2, 1), date(2026, 6, 1), "sjukskriven")
    consent(f, af, True)
    outcome(f, af, OutcomeMoment.REGISTRATION, "annan_insats", "ingen")
    outcome(f, af, OutcomeMoment.CLOSING, "sjukskriven", "sjukpenning")
    # Declined before any closing: registered out on the day the status became "avböjt"; no consent, so anonymous.
    g = participant(af, "198511139811", date(2025, 11, 1), status=Status.DECLINED)
    StatusChange.objects.create(
        participant=g,
        from_status=Status.INFORMED,
        to_status=Status.DECLINED,
        changed_by=af,
        changed_at=datetime(2026, 3, 19, 23, 30, tzinfo=UTC),
    )  # 20 March in Stockholm
    # Neither started nor ended in the period: not in it (declined after it).
    late = participant(af, "198707149814", date(2025, 9, 1), status=Status.DECLINED)
    StatusChange.objects.create(
        participant=late,
        from_status=Status.INFORMED,
        to_status=Status.DECLINED,
        changed_by=af,
        changed_at=datetime(2026, 5, 2, 10, tzinfo=UTC),
    )
    participant(af, "199307119868", date(2025, 6, 1))
    participant(af, "191212121212", date(2025, 5, 1), date(2026, 5, 2), "annat")
    return {"a": a, "b": b, "c": c, "d": d, "f": f, "g": g}


EXPECTED = [
    ["", "Ja", "2025-10-01", "2026-03-01", "", "", "", "Sjukpenning/rehabiliteringsersättning", "Studiemedel",
     "Sjukskriven", "Studier", "Studier"],
    ["", "Ja", "2025-11-01", "2026-03-20", "", "", "", "", "", "", "", "Avbrutit på egen begäran"],
    ["", "Ja", "2026-01-10", "", "", "", "Förgymnasial utbildning 9 (10) år", "", "", "", "", ""],
    ["19830907-9815", "Nej", "2026-02-01", "2026-04-10", "Man", 1983, "Gymnasial utbildning",
     "Aktivitetsstöd/utvecklingsersättning, Ekonomiskt bistånd", "Lön", "Arbetssökande", "Arbete utan stöd", "Arbete"],
    ["19720705-9820", "Nej", "2026-02-01", "", "Kvinna", 1972, "", "Ingen egen försörjning", "", "Annan insats", "",
     ""],
    ["", "Ja", "2026-03-15", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def test_the_rows_for_a_hand_computed_data_set(data):
    export = build_sus_export(FROM, TO)
    assert export.rows == EXPECTED
    assert set(export.identified) == {data["a"].pk, data["f"].pk}
    assert export.anonymous == 4
    assert export.anonymous_reasons == {"inget ja till SUS i ett gällande samtycke": 3, "skyddade personuppgifter": 1}


def test_the_page_downloads_the_csv_and_logs_each_identified_participant(client, data, demo_staff):
    client.force_login(demo_staff["projektledare"])
    page = client.get("/rapporter/sus/", {"starts_on": "2026-01-01", "ends_on": "2026-04-30"}).content.decode()
    assert "ska kontrolleras mot den aktuella SUS-manualen" in page and "19830907" not in page
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()  # counts only: nobody read
    response = client.post("/rapporter/sus/ta-fram/", {"starts_on": "2026-01-01", "ends_on": "2026-04-30",
                                                       "format": "csv"})  # fmt: skip
    assert response["Content-Disposition"] == 'attachment; filename="insikt-sus-20260101-20260430.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "ska kontrolleras mot den aktuella SUS-manualen" in lines[0][0]
    assert lines[1][:3] == ["Personnummer", "Anonym", "Inskrivningsdatum"]
    assert lines[2:] == [[str(cell) for cell in row] for row in EXPECTED]
    names = {p.first_name for p in data.values()} | {p.last_name for p in data.values()}
    words = set(re.findall(r"\w+", response.content.decode("utf-8-sig")))
    assert not names & words
    entries = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert sorted(entries.values_list("participant_id", "detail", "user__username")) == sorted(
        [(data["a"].pk, "SUS-underlag", "projektledare"), (data["f"].pk, "SUS-underlag", "projektledare")]
    )


def test_the_xlsx_holds_the_same_rows(client, data, demo_staff):
    from openpyxl import load_workbook

    client.force_login(demo_staff["projektledare"])
    response = client.post("/rapporter/sus/ta-fram/", {"starts_on": "2026-01-01", "ends_on": "2026-04-30",
                                                       "format": "xlsx"})  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows == EXPECTED
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail="SUS-underlag").count() == 2


@pytest.mark.parametrize("username", ["projektledare", "af.handlaggare", "malmo.handlaggare", "socialsekreterare",
                                      "styrgrupp", "utvarderare", "af.admin", "malmo.admin", "eb.admin"])  # fmt: skip
def test_only_the_project_leader_reaches_the_page(client, data, demo_staff, username):
    client.force_login(demo_staff[username])
    allowed = username == "projektledare"
    assert client.get("/rapporter/sus/").status_code == (200 if allowed else 403)
    period = {"starts_on": "2026-01-01", "ends_on": "2026-04-30", "format": "csv"}
    assert client.post("/rapporter/sus/ta-fram/", period).status_code == (200 if allowed else 403)
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == (2 if allowed else 0)
    if username in ("projektledare", "styrgrupp", "utvarderare"):  # the readers of Rapporter: the link is hers
        assert ("/rapporter/sus/" in client.get("/rapporter/").content.decode()) is allowed


def test_a_reporting_period_chooses_its_dates(client, data, demo_staff):
    from reports.models import ReportingPeriod

    ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=1)
    client.force_login(demo_staff["projektledare"])
    page = client.get("/rapporter/sus/").content.decode()
    assert "?starts_on=2026-01-01&amp;ends_on=2026-04-30" in page
    page = client.get("/rapporter/sus/", {"starts_on": "2026-01-01", "ends_on": "2026-04-30"}).content.decode()
    assert '<dt class="col-8">Rader</dt><dd class="col-4 text-end">6</dd>' in page


def test_bad_dates_on_the_page_get_messages_on_the_field(client, data, demo_staff):
    client.force_login(demo_staff["projektledare"])
    page = client.get("/rapporter/sus/", {"starts_on": "2026-13-01", "ends_on": "2026-04-30"}).content.decode()
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in page and 'value="2026-04-30"' in page
    response = client.post("/rapporter/sus/ta-fram/", {"starts_on": "2026-04-30", "ends_on": "2026-01-01",
                                                       "format": "csv"})  # fmt: skip
    assert response.status_code == 200 and "Slutdatumet ligger före startdatumet." in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-02-30", "--to", "2026-04-30"], "--from: Ange datumet som ÅÅÅÅ-MM-DD."),
    (["--from", "2026-04-30", "--to", "2026-01-01"], "--to: Slutdatumet ligger före startdatumet."),
    (["--from", "2026-01-01", "--to", "30/4"], "--to: Ange datumet som ÅÅÅÅ-MM-DD."),
    (["--from", "2026-01-01", "--to", "2026-04-30", "--user", "af.handlaggare"], "--user: ingen aktiv projektledare"),
    (["--from", "2026-01-01", "--to", "2026-04-30", "--output", "/finns/inte/sus.csv"], "--output: mappen"),
])  # fmt: skip
def test_the_command_refuses_bad_input_and_writes_nothing(data, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    if "--user" not in args:
        args = [*args, "--user", "projektledare"]
    with pytest.raises(CommandError, match=message):
        call_command("sus_export", *args)
    assert list(tmp_path.iterdir()) == []
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_command_writes_the_file_and_logs(data, tmp_path):
    out = io.StringIO()
    path = tmp_path / "sus.csv"
    call_command("sus_export", "--from", "2026-01-01", "--to", "2026-04-30", "--user", "projektledare",
                 "--output", str(path), stdout=out)  # fmt: skip
    lines = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert lines[2:] == [[str(cell) for cell in row] for row in EXPECTED]
    assert "6 rader, 2 med personnummer, 4 anonyma" in out.getvalue()
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail="SUS-underlag").count() == 2
    assert not AccessLog.objects.filter(detail__contains="9815").exists()


def test_the_queries_stay_the_same_as_rows_grow(data, demo_staff):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_sus_export(FROM, TO)
        return len(queries)

    before = count()
    af = demo_staff["af.handlaggare"]
    for _ in range(2):
        p = register(af)
        Participant.objects.filter(pk=p.pk).update(registered_on=date(2026, 3, 1))
        consent(p, af, True)
        outcome(p, af, OutcomeMoment.REGISTRATION, "arbetssokande", "lon", "annan")
    assert len(build_sus_export(FROM, TO).rows) == 8
    assert count() == before == 3
