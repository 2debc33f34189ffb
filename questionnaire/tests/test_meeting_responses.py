"""What a meeting page shows: fill in, continue, or read the questionnaire."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from meetings import services as meeting_services
from meetings.models import AttendeeKind, MeetingAttendee, MeetingKind, MeetingStatus
from participants.tests.factories import register
from questionnaire import services
from questionnaire.meeting import responses_for_meeting
from questionnaire.tests.factories import complete_answers, control, make_meeting


def test_not_started_draft_and_completed(client, af, version, meeting, answer_url, response_url):
    [entry] = responses_for_meeting(meeting)
    assert (entry.status_label, entry.fill_url, entry.view_url) == ("Inte påbörjat", answer_url, None)

    client.force_login(af)
    client.post(answer_url, {**control(version), "q-halsa": "2"})
    [entry] = responses_for_meeting(meeting)
    assert (entry.status_label, entry.fill_url, entry.view_url) == ("Utkast", answer_url, response_url)

    client.post(answer_url, {**control(version, revision=1, action="complete"), **complete_answers()})
    [entry] = responses_for_meeting(meeting)
    assert (entry.status_label, entry.fill_url, entry.view_url) == ("Slutförd", None, response_url)


def test_an_answered_questionnaire_stays_listed_after_archiving(af, version, meeting):
    services.save_response(meeting=meeting, version=version, answers={}, complete=False, expected_revision=0, by=af)
    services.archive_version(version=version)
    [entry] = responses_for_meeting(meeting)
    assert entry.fill_url is None and entry.view_url


def test_other_meetings_show_nothing(af, version):
    assert responses_for_meeting(make_meeting(register(af), af, kind="information")) == []
    cancelled = make_meeting(register(af), af, status="installt", cancel_reason="Sjuk")
    assert responses_for_meeting(cancelled)[0].fill_url is None


def test_the_template_tag_renders_the_links(version, meeting, answer_url):
    html = Template("{% load questionnaire_tags %}{% meeting_questionnaires meeting %}").render(
        Context({"meeting": meeting})
    )
    assert version.questionnaire.name in html
    assert f'href="{answer_url}"' in html and "Fyll i formuläret" in html


def test_a_meeting_with_answers_keeps_its_kind(af, version):
    """Answers belong to a multi-party meeting: the meeting cannot become another kind once it has any."""
    meeting = make_meeting(register(af), af, status=MeetingStatus.BOOKED)
    services.save_response(meeting=meeting, version=version, answers={}, complete=False, expected_revision=0, by=af)
    meeting.kind = MeetingKind.INFORMATION
    attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=af)]
    with pytest.raises(ValidationError) as error:
        meeting_services.update_meeting(meeting=meeting, attendees=attendees, expected_version=meeting.version, by=af)
    assert "kan därför inte byta typ" in error.value.messages[0]


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW])
def test_no_answers_are_saved_for_a_meeting_that_was_not_held(af, version, status):
    meeting = make_meeting(register(af), af, status=status, cancel_reason="Sjuk")
    with pytest.raises(ValidationError, match="blev inte av"):
        services.save_response(meeting=meeting, version=version, answers={}, complete=False, expected_revision=0,
                               by=af)  # fmt: skip
    assert not meeting.questionnaire_responses.exists()
