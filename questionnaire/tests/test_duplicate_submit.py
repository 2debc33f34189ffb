"""Double click, back button, two tabs: never two responses, never a silent overwrite."""

import pytest
from django.db import IntegrityError, transaction

from questionnaire.models import Response, ResponseStatus
from questionnaire.tests.factories import complete_answers, control


def test_the_same_first_save_twice_makes_one_response(client, af, version, meeting, answer_url):
    client.force_login(af)
    data = {**control(version), "q-senaste-arbete": "Lager"}
    assert client.post(answer_url, data).status_code == 302
    assert client.post(answer_url, data).status_code == 302  # a double click posts revision 0 again
    saved = Response.objects.get()
    assert saved.revision == 1 and saved.answers.get().text == "Lager"


def test_completing_twice_completes_once(client, af, version, meeting, answer_url, response_url):
    client.force_login(af)
    data = {**control(version, action="complete"), **complete_answers()}
    client.post(answer_url, data)
    completed_at = Response.objects.get().completed_at
    second = client.post(answer_url, data, follow=True)
    assert second.redirect_chain[-1][0] == response_url
    assert "redan slutfört" in second.content.decode()
    saved = Response.objects.get()
    assert (saved.status, saved.completed_at, saved.revision) == (ResponseStatus.COMPLETED, completed_at, 1)


def test_an_old_page_with_other_answers_does_not_overwrite_silently(client, af, version, meeting, answer_url):
    client.force_login(af)
    client.post(answer_url, {**control(version), "q-senaste-arbete": "Först"})
    client.post(answer_url, {**control(version, revision=1), "q-senaste-arbete": "Sedan"})
    # The back button brings up the page of revision 1; something else is typed and saved.
    stale = client.post(answer_url, {**control(version, revision=1), "q-senaste-arbete": "Från gamla sidan"})
    page = stale.content.decode()
    assert stale.status_code == 409
    assert "Någon annan har sparat svar" in page and "Berätta om ditt senaste arbete" in page
    assert "Från gamla sidan" in page  # what was typed is still there
    assert Response.objects.get().answers.get().text == "Sedan"
    # The page now carries the current revision: saving again is a deliberate overwrite.
    assert stale.context["control"]["revision"].value() == 2
    assert (
        client.post(answer_url, {**control(version, revision=2), "q-senaste-arbete": "Från gamla sidan"}).status_code
        == 302
    )
    assert Response.objects.get().answers.get().text == "Från gamla sidan"


def test_the_database_refuses_a_second_response_for_the_meeting(af, version, meeting):
    Response.objects.create(meeting=meeting, version=version, created_by=af, updated_by=af)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(meeting=meeting, version=version, created_by=af, updated_by=af)


def test_a_response_always_belongs_to_its_meeting_s_participant(af, version, meeting):
    from participants.tests.factories import register

    other = register(af)
    with pytest.raises(ValueError):
        Response.objects.create(meeting=meeting, participant=other, version=version, created_by=af, updated_by=af)


def test_other_answers_since_the_form_was_opened_raise_the_one_edit_conflict(af, version, meeting):
    from insikt.locking import ConcurrentEditError
    from questionnaire import services

    question = version.questions.get(key="senaste-arbete")
    save = dict(meeting=meeting, version=version, complete=False, by=af)  # noqa: C408
    services.save_response(answers={question: "Först"}, expected_revision=0, **save)
    assert services.save_response(answers={question: "Först"}, expected_revision=0, **save).revision == 1  # a repeat
    with pytest.raises(ConcurrentEditError) as conflict:
        services.save_response(answers={question: "Annat"}, expected_revision=0, **save)
    assert conflict.value.saved == Response.objects.get() and conflict.value.differing == [question]
