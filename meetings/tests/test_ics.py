"""The .ics calendar file: RFC 5545 shape, nothing that names the person, served only to those who may see it."""

from datetime import UTC, datetime

from insikt.models import AccessLog
from meetings.ics import escape, fold, meeting_calendar
from meetings.models import Meeting
from meetings.tests.factories import book, consent


def test_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "LOCATION:" + "Malmö stad – Arbetsmarknadsavdelningen, Ö" * 4
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_text_is_escaped():
    assert escape("Rum 3; plan 2, hiss\\trappa\nOBS") == "Rum 3\\; plan 2\\, hiss\\\\trappa\\nOBS"


def test_the_calendar_has_the_meeting_in_utc_and_no_personal_data(world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    consent(participant, af)
    meeting = book(
        participant,
        af,
        kind="flerpart",
        starts_at=datetime(2026, 3, 3, 12, 0, tzinfo=UTC),
        minutes=90,
        place="Jobbtorg Malmö, Stora Nygatan 29; rum 3",
        video_link="https://video.example.se/" + "x" * 80,
    )
    text = meeting_calendar(meeting, url="https://insikt.example.se/moten/x/", now=datetime(2026, 3, 1, 8, tzinfo=UTC))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")  # unfolded
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Projekt Insikt//Insikt//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]
    assert f"UID:{meeting.pk}@insikt" in lines
    assert "DTSTAMP:20260301T080000Z" in lines
    assert "DTSTART:20260303T120000Z" in lines and "DTEND:20260303T133000Z" in lines
    assert "SUMMARY:Flerpartsmöte (Insikt)" in lines
    assert "LOCATION:Jobbtorg Malmö\\, Stora Nygatan 29\\; rum 3" in lines
    assert "STATUS:CONFIRMED" in lines and "SEQUENCE:1" in lines
    assert all(len(raw.encode()) <= 75 for raw in text.split("\r\n"))
    for secret in (
        participant.first_name,
        participant.last_name,
        participant.personnummer,
        participant.personnummer[2:8],
    ):
        assert secret not in text


def test_the_calendar_file_is_an_attachment_and_is_logged(client, world):
    af = world["staff"]["af.handlaggare"]
    meeting = book(world["own"], af)
    Meeting.objects.filter(pk=meeting.pk).update(status="installt", cancel_reason="Sjuk")
    client.force_login(af)
    response = client.get(f"/moten/{meeting.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="insikt-mote-')
    body = response.content.decode("utf-8")
    assert "STATUS:CANCELLED" in body
    assert f"URL:http://testserver/moten/{meeting.pk}/" in body.replace("\r\n ", "")
    assert AccessLog.objects.filter(user=af, action="file", detail=f"möte {meeting.pk} (kalenderfil)").exists()
    client.force_login(world["staff"]["malmo.handlaggare"])
    assert client.get(f"/moten/{meeting.pk}/kalender.ics").status_code == 404
