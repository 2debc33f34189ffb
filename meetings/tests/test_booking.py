"""Booking a meeting: the consent and waiver rules, overlap warnings, bad input and double submits."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.models import AccessLog
from meetings.models import AttendeeKind, Meeting, MeetingAttendee
from meetings.tests.factories import book, consent


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def soon(days=5, hour=10):
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def form_data(staff, *, kind="flerpart", starts_at=None, others=(), **overrides):
    data = {
        "kind": kind,
        "starts_at": local(starts_at or soon()),
        "duration_minutes": "60",
        "place": "Jobbtorg Malmö, rum 3",
        "video_link": "",
        "staff": [u.pk for u in staff],
        "participant_attends": "on",
        "interpreter_language": "",
        "interpreter_name": "",
        "form_token": str(uuid.uuid4()),
        "ovriga-TOTAL_FORMS": "2",
        "ovriga-INITIAL_FORMS": "0",
        "ovriga-MIN_NUM_FORMS": "0",
        "ovriga-MAX_NUM_FORMS": "20",
    }
    for index, (name, role) in enumerate(others):
        data[f"ovriga-{index}-name"] = name
        data[f"ovriga-{index}-role"] = role
    data.update(overrides)
    return data


@pytest.fixture
def staff(world):
    return world["staff"]


def test_a_multi_party_meeting_needs_registered_consent(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", form_data([af]))
    assert response.status_code == 200
    assert "Ett flerpartsmöte kan inte bokas förrän deltagarens samtycke är registrerat." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_information_meeting_needs_no_consent(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    response = client.post(
        f"/deltagare/{world['own'].pk}/moten/nytt/",
        form_data([af], kind="information", interpreter_language="arabiska", others=[("Kim Berg", "god man")]),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == f"/moten/{meeting.pk}/"
    kinds = sorted(meeting.attendees.values_list("kind", flat=True))
    assert kinds == sorted([AttendeeKind.STAFF, AttendeeKind.PARTICIPANT, AttendeeKind.INTERPRETER, AttendeeKind.OTHER])
    assert meeting.attendees.get(kind=AttendeeKind.OTHER).role == "god man"
    assert meeting.booked_by == af and meeting.ends_at - meeting.starts_at == timedelta(minutes=60)
    assert AccessLog.objects.filter(participant_id=world["own"].pk, action="change", detail__startswith="möte bokat")


def test_staff_from_an_organisation_without_an_active_waiver_cannot_be_added(client, world, staff):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    consent(world["own"], af)
    client.force_login(af)
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", form_data([af, malmo]))
    page = response.content.decode()
    assert "Maria Sjöberg (Malmö stad AMA) kan inte läggas till" in page
    assert "inget gällande sekretessgenombrott för deltagaren nämner Malmö stad AMA" in page
    assert not Meeting.objects.exists()


def test_staff_no_waiver_names_are_disabled_in_the_form_with_the_reason(client, world, staff):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    client.force_login(af)
    page = client.get(f"/deltagare/{world['own'].pk}/moten/nytt/").content.decode()
    boxes = {box.split('value="')[1].split('"')[0]: box for box in re.findall(r"<input[^>]*name=\"staff\"[^>]*>", page)}
    assert "disabled" in boxes[str(malmo.pk)] and "disabled" not in boxes[str(af.pk)]
    assert "Maria Sjöberg (Malmö stad AMA) – inget gällande sekretessgenombrott" in page


def test_staff_named_by_an_active_waiver_can_be_added(client, world, staff):
    af, malmo, social = staff["af.handlaggare"], staff["malmo.handlaggare"], staff["socialsekreterare"]
    consent(world["shared"], af)
    client.force_login(malmo)  # another organisation than the registering one may book, too
    response = client.post(f"/deltagare/{world['shared'].pk}/moten/nytt/", form_data([af, malmo, social]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.filter(kind=AttendeeKind.STAFF).values_list("user__username", flat=True)) == {
        "af.handlaggare",
        "malmo.handlaggare",
        "socialsekreterare",
    }


def test_the_waiver_rule_follows_the_waiver_end_date(client, world, staff, expire_yesterday):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    consent(world["expired"], af)
    client.force_login(af)
    response = client.post(f"/deltagare/{world['expired'].pk}/moten/nytt/", form_data([af, malmo]))
    assert "kan inte läggas till" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_booking_form_marks_staff_whose_organisation_has_no_waiver(client, world, staff):
    client.force_login(staff["af.handlaggare"])
    page = client.get(f"/deltagare/{world['own'].pk}/moten/nytt/").content.decode()
    assert "Maria Sjöberg (Malmö stad AMA) – inget gällande sekretessgenombrott" in page
    assert "Anders Holm (AF)<" in page or "Anders Holm (AF)\n" in page


def test_overlapping_bookings_warn_and_book_only_when_confirmed(client, world, staff):
    af = staff["af.handlaggare"]
    start = soon(hour=10)
    book(world["shared"], af, starts_at=start, minutes=90)
    client.force_login(af)
    data = form_data([af], kind="information", starts_at=start + timedelta(minutes=30))
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollera tiden" in page
    assert f"Anders Holm har redan ett bokat möte {local(start).replace('T', ' ')}–" in page
    assert "Delad" not in page  # the other meeting's participant is not named
    assert Meeting.objects.count() == 1
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", {**data, "confirm_overlap": "on"})
    assert response.status_code == 302
    assert Meeting.objects.count() == 2


def test_a_time_that_has_passed_is_booked_only_when_confirmed(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    past = timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    data = form_data([af], kind="information", starts_at=past)
    page = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", data).content.decode()
    assert f"Tiden {past:%Y-%m-%d %H:%M} har redan varit." in page and 'value="Jobbtorg' in page
    assert not Meeting.objects.exists()
    assert (
        client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", {**data, "confirm_overlap": "on"}).status_code == 302
    )
    assert Meeting.objects.count() == 1


def test_the_participant_counts_as_an_attendee_for_overlaps(client, world, staff):
    af, project_leader = staff["af.handlaggare"], staff["projektledare"]
    start = soon(hour=13)
    book(world["own"], af, starts_at=start)
    client.force_login(project_leader)
    response = client.post(
        f"/deltagare/{world['own'].pk}/moten/nytt/", form_data([project_leader], kind="information", starts_at=start)
    )
    assert "Deltagaren har redan ett bokat möte" in response.content.decode()


def test_back_to_back_and_cancelled_meetings_do_not_warn(client, world, staff):
    af = staff["af.handlaggare"]
    start = soon(hour=9)
    book(world["shared"], af, starts_at=start)  # 09:00–10:00
    cancelled = book(world["other"], staff["malmo.handlaggare"], starts_at=start + timedelta(hours=1))
    Meeting.objects.filter(pk=cancelled.pk).update(status="installt", cancel_reason="Sjuk")
    client.force_login(af)
    response = client.post(
        f"/deltagare/{world['own'].pk}/moten/nytt/",
        form_data([af], kind="information", starts_at=start + timedelta(hours=1)),
    )
    assert response.status_code == 302


def test_submitting_the_same_form_twice_books_one_meeting(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    data = form_data([af], kind="information")
    first = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", data)
    second = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Meeting.objects.count() == 1
    assert MeetingAttendee.objects.count() == 2


def test_invalid_input_gives_swedish_messages_per_field_and_keeps_what_was_typed(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    data = form_data(
        [],
        kind="information",
        starts_at=None,
        place="",
        video_link="inte en länk",
        interpreter_name="Ali Tolk",
        others=[("", "god man")],
    )
    data["starts_at"] = "31/12 klockan tio"
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", data)
    page = response.content.decode()
    assert response.status_code == 200
    for message in [
        "Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.",
        "Ange en fullständig länk som börjar med https://.",
        "Välj minst en handläggare som deltar.",
        "Ange vilket språk tolken tolkar till och från.",
        "Ange namnet på den som deltar.",
    ]:
        assert message in page, message
    assert 'value="31/12 klockan tio"' in page and 'value="Ali Tolk"' in page and 'value="god man"' in page
    assert not Meeting.objects.exists()


def test_place_or_video_link_is_required(client, world, staff):
    af = staff["af.handlaggare"]
    client.force_login(af)
    response = client.post(f"/deltagare/{world['own'].pk}/moten/nytt/", form_data([af], kind="information", place=""))
    assert "Ange plats eller videolänk." in response.content.decode()
    response = client.post(
        f"/deltagare/{world['own'].pk}/moten/nytt/",
        form_data([af], kind="information", place="", video_link="https://video.example.se/abc"),
    )
    assert response.status_code == 302


def edit_data(meeting, **overrides):
    staff = [a.user for a in meeting.attendees.filter(kind=AttendeeKind.STAFF)]
    data = form_data(staff, kind=meeting.kind, starts_at=meeting.starts_at, place=meeting.place)
    data.update(version=meeting.version, **overrides)
    return data


def test_concurrent_edits_do_not_silently_overwrite(client, world, staff):
    af = staff["af.handlaggare"]
    meeting = book(world["own"], af)
    client.force_login(af)
    mine = edit_data(meeting, place="Rum A")
    theirs = edit_data(meeting, place="Rum B")
    assert client.post(f"/moten/{meeting.pk}/andra/", theirs).status_code == 302
    response = client.post(f"/moten/{meeting.pk}/andra/", mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har ändrat mötet medan du arbetade." in page
    assert 'value="Rum A"' in page  # what this user typed is still there
    meeting.refresh_from_db()
    assert meeting.place == "Rum B" and meeting.version == 2
    # Saving again from the conflict page (it now carries the new version) is a deliberate overwrite.
    again = {**mine, "version": response.context["form"]["version"].value(), "form_token": str(uuid.uuid4())}
    assert client.post(f"/moten/{meeting.pk}/andra/", again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Rum A" and meeting.version == 3


def test_the_same_edit_sent_twice_is_not_reported_as_a_conflict(client, world, staff):
    af = staff["af.handlaggare"]
    meeting = book(world["own"], af)
    client.force_login(af)
    data = edit_data(meeting, place="Rum C")
    assert client.post(f"/moten/{meeting.pk}/andra/", data).status_code == 302
    second = client.post(f"/moten/{meeting.pk}/andra/", data, follow=True)
    assert "Ändringarna var redan sparade." in second.content.decode()
    meeting.refresh_from_db()
    assert meeting.version == 2


def test_editing_checks_the_waiver_rule_again(client, world, staff):
    af, malmo = staff["af.handlaggare"], staff["malmo.handlaggare"]
    meeting = book(world["own"], af)
    client.force_login(af)
    response = client.post(f"/moten/{meeting.pk}/andra/", edit_data(meeting, staff=[af.pk, malmo.pk]))
    assert "kan inte läggas till" in response.content.decode()
    assert meeting.attendees.filter(kind=AttendeeKind.STAFF).count() == 1


def test_the_meeting_page_shows_attendees_with_their_organisation_and_logs_the_read(client, world, staff):
    af, social = staff["af.handlaggare"], staff["socialsekreterare"]
    meeting = book(world["shared"], af, staff=[af, social])
    client.force_login(social)
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Anders Holm" in page and "(Arbetsförmedlingen)" in page
    assert "Sara Nilsson" in page and "(Malmö stad – Ekonomiskt bistånd)" in page
    assert AccessLog.objects.filter(user=social, action="view", detail=f"möte {meeting.pk}").exists()


def test_free_text_has_a_limit_said_in_swedish_and_keeps_what_was_typed(client, world, staff):
    af = staff["af.handlaggare"]
    meeting = book(world["own"], af, starts_at=timezone.now() - timedelta(hours=3))
    client.force_login(af)
    page = client.get(f"/moten/{meeting.pk}/utfall/").content.decode()
    assert re.search(r'<textarea[^>]*maxlength="8000"', page) and "js/char-count.js" in page
    too_long = "Anteckning " + "x" * 8000
    response = client.post(f"/moten/{meeting.pk}/utfall/", {"status": "genomfort", "notes": too_long,
                                                             "version": meeting.version})  # fmt: skip
    text = response.content.decode()
    assert "som mest 8000 tecken" in text and too_long in text
    meeting.refresh_from_db()
    assert meeting.notes == "" and meeting.status == "bokat"


def test_the_booking_form_s_headings_do_not_skip_a_level(client, world, staff):
    client.force_login(staff["af.handlaggare"])
    main = client.get(f"/deltagare/{world['own'].pk}/moten/nytt/").content.decode().split("<main")[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
