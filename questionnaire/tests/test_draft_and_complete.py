"""Answering at the meeting: save a draft, come back, complete; completed answers stay readable."""

import pytest

from insikt.models import AccessLog
from participants.tests.factories import register
from questionnaire import services
from questionnaire.models import Answer, Response, ResponseStatus
from questionnaire.tests.factories import complete_answers, control, make_meeting


def test_the_page_shows_every_question_with_its_label_and_help_and_saves_nothing(client, af, meeting, answer_url):
    client.force_login(af)
    response = client.get(answer_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    for field_id, text in [
        ("id_q-senaste-arbete", "Berätta om ditt senaste arbete"),
        ("id_q-ansokningar", "Hur många jobb har du sökt?"),
        ("id_q-sista-dag", "När slutade ditt senaste arbete?"),
    ]:
        assert f'<label for="{field_id}" class="question-text">' in page
        assert text in page
    assert '<legend class="question-text">' in page and "Hur söker du arbete i dag?" in page
    assert "Med egna ord." in page and 'aria-describedby="id_q-senaste-arbete_helptext"' in page
    assert 'type="date"' in page and 'type="checkbox"' in page and 'type="radio"' in page
    assert 'href="#sektion-1"' in page and 'id="sektion-2"' in page
    assert "Spara utkast" in page and "Slutför" in page
    assert not Response.objects.exists()
    assert AccessLog.objects.filter(participant_id=meeting.participant_id, action="view").count() == 1


def test_save_a_draft_come_back_and_complete(client, af, version, meeting, answer_url, response_url):
    client.force_login(af)
    first = client.post(answer_url, {**control(version), "q-senaste-arbete": "Lager", "q-insatser": ["praktik"]})
    assert (first.status_code, first.url) == (302, answer_url)
    saved = Response.objects.get(meeting=meeting)
    assert (saved.status, saved.revision, saved.version_id) == (ResponseStatus.DRAFT, 1, version.pk)
    assert saved.participant_id == meeting.participant_id

    again = client.get(answer_url)
    assert again.context["form"]["q-senaste-arbete"].value() == "Lager"
    assert again.context["form"]["q-insatser"].value() == ["praktik"]
    assert again.context["control"]["revision"].value() == 1

    done = client.post(answer_url, {**control(version, revision=1, action="complete"), **complete_answers()})
    assert (done.status_code, done.url) == (302, response_url)
    saved.refresh_from_db()
    assert saved.status == ResponseStatus.COMPLETED and saved.completed_by == af and saved.completed_at
    assert Answer.objects.filter(response=saved).count() == 7
    log = AccessLog.objects.filter(participant_id=meeting.participant_id, action="change")
    assert list(log.values_list("detail", flat=True)) == [
        f"frågeformulär {version.questionnaire_id} slutfört",
        f"frågeformulär {version.questionnaire_id} utkast sparat",
    ]
    assert all(meeting.participant.last_name not in d for d in log.values_list("detail", flat=True))

    # A completed response is read, not edited.
    assert client.get(answer_url).url == response_url
    page = client.get(response_url).content.decode()
    for shown in ["Lagerarbete, trivdes bra.", "Aktivt", "Praktik, Studier", "3 av 5", "Ja", "2019-05-31"]:
        assert shown in page


def test_clearing_an_answer_in_a_draft_removes_it(client, af, version, meeting, answer_url):
    client.force_login(af)
    client.post(answer_url, {**control(version), "q-senaste-arbete": "Lager", "q-halsa": "2"})
    client.post(answer_url, {**control(version, revision=1), "q-senaste-arbete": "Lager"})
    assert list(Answer.objects.values_list("question__key", flat=True)) == ["senaste-arbete"]


def test_a_completed_response_stays_readable_after_its_version_is_archived(client, af, version, meeting, response_url):
    services.save_response(
        meeting=meeting,
        version=version,
        answers={q: None for q in version.questions.all()} | {version.questions.get(key="halsa"): 5},
        complete=False,
        expected_revision=0,
        by=af,
    )
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    services.publish_version(version=draft)
    client.force_login(af)
    response = client.get(response_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Svaren gavs i version 1" in page and "arkiverades" in page
    assert "Hur mycket påverkar hälsan arbetet?" in page and "5 av 5" in page


def test_only_multi_party_meetings_have_a_questionnaire(client, af, version):
    information = make_meeting(register(af), af, kind="information")
    client.force_login(af)
    assert client.get(f"/formular/svar/{information.pk}/{version.questionnaire_id}/").status_code == 404


def test_a_meeting_that_did_not_take_place_gets_no_answers(client, af, version):
    cancelled = make_meeting(register(af), af, status="installt", cancel_reason="Sjuk")
    url = f"/formular/svar/{cancelled.pk}/{version.questionnaire_id}/"
    client.force_login(af)
    assert "inte blev av" in client.get(url).content.decode()
    client.post(url, {**control(version), "q-senaste-arbete": "x"})
    assert not Response.objects.exists()


def test_without_a_published_version_the_page_says_so(client, af, version, answer_url):
    services.archive_version(version=version)
    client.force_login(af)
    response = client.get(answer_url)
    assert "ingen publicerad version" in response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None


@pytest.mark.parametrize("data", [{}, {"version": "x", "revision": "0"}])
def test_a_post_without_its_hidden_fields_is_refused(client, af, version, answer_url, data):
    client.force_login(af)
    assert client.post(answer_url, data).status_code == 400
    assert not Response.objects.exists()


def test_a_questionnaire_is_not_completed_before_its_meeting_has_started(client, af, version):
    from datetime import timedelta

    from django.utils import timezone

    from participants.tests.factories import register
    from questionnaire.tests.factories import complete_answers, control, make_meeting

    meeting = make_meeting(register(af), af, status="bokat", starts_at=timezone.now() + timedelta(days=2))
    client.force_login(af)
    url = f"/formular/svar/{meeting.pk}/{version.questionnaire_id}/"
    response = client.post(url, {**control(version, action="complete"), **complete_answers()})
    page = response.content.decode()
    assert response.status_code == 400 and "Mötet har inte börjat än." in page
    assert "Lagerarbete, trivdes bra." in page  # what was typed is still there
    assert client.post(url, {**control(version), "q-halsa": "2"}).status_code == 302  # a draft is fine
