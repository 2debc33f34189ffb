"""Requests for access: made by an organisation that found the person registered elsewhere, answered by the
registering organisation only, and the answer seen by the requester without learning who the person is."""

import pytest
from django.core.exceptions import ValidationError

from insikt.models import AccessLog
from participants import services
from participants.models import AccessRequest

LIST_URL = "/deltagare/begaranden/"


@pytest.fixture
def asked(client, world):
    """Malmö stad (AMA) asks for access to `own`, registered by AF, through the page."""
    client.force_login(world["staff"]["malmo.handlaggare"])
    number = world["own"].formatted_personnummer
    response = client.post("/deltagare/begar-atkomst/", {"personnummer": number, "message": "Vi har kontakt"})
    assert response.status_code == 302 and response.url == LIST_URL
    return AccessRequest.objects.get()


def answer_url(request):
    return f"/deltagare/{request.participant_id}/begaran/{request.pk}/besvara/"


def test_the_request_is_logged_as_a_duplicate_check(asked, world):
    entry = AccessLog.objects.get(action=AccessLog.Action.DUPLICATE_CHECK)
    assert entry.participant_id == world["own"].pk and entry.user == world["staff"]["malmo.handlaggare"]


def test_the_registering_organisation_sees_the_request_waiting(client, asked, world):
    client.force_login(world["staff"]["af.handlaggare"])
    page = client.get(LIST_URL).content.decode()
    waiting = page.split('id="att-besvara"')[1].split('id="vara-begaranden"')[0]
    assert "Egen Deltagare" in waiting and "Vi har kontakt" in waiting
    assert f"/deltagare/{world['own'].pk}/#begaran" in waiting
    detail = client.get(f"/deltagare/{world['own'].pk}/").content.decode()
    assert answer_url(asked) in detail


def test_the_requester_sees_no_one_to_answer_and_no_identity(client, asked, world):
    page = client.get(LIST_URL).content.decode()
    assert "Inga begäranden väntar på svar." in page
    assert "Väntar på svar" in page
    assert "Egen" not in page and world["own"].formatted_personnummer not in page


def test_the_registering_organisation_answers_and_the_requester_sees_the_answer(client, asked, world):
    af = world["staff"]["af.handlaggare"]
    client.force_login(af)
    response = client.post(answer_url(asked), {"answer": AccessRequest.Answer.ASKING, "message": "Vi hör av oss"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.answer, asked.handled_by, asked.answer_message) == (AccessRequest.Answer.ASKING, af, "Vi hör av oss")
    assert asked.handled_at is not None
    assert AccessLog.objects.filter(
        user=af, participant_id=world["own"].pk, action=AccessLog.Action.CHANGE, detail="begäran om åtkomst besvarad"
    ).exists()
    assert "Inga begäranden väntar på svar." in client.get(LIST_URL).content.decode()

    client.force_login(world["staff"]["malmo.handlaggare"])
    page = client.get(LIST_URL).content.decode()
    assert "Vi frågar personen om ett sekretessgenombrott mot er" in page and "Vi hör av oss" in page
    assert "Egen" not in page and world["own"].formatted_personnummer not in page


def test_an_answer_without_a_choice_keeps_the_request_open(client, asked, world):
    client.force_login(world["staff"]["af.handlaggare"])
    response = client.post(answer_url(asked), {"message": "Hej"}, follow=True)
    assert "Välj ett svar på begäran om åtkomst." in response.content.decode()
    asked.refresh_from_db()
    assert asked.handled_at is None and asked.answer == ""


def test_a_request_is_answered_once(client, asked, world):
    af = world["staff"]["af.handlaggare"]
    services.answer_access_request(request=asked, answer=AccessRequest.Answer.DECLINED, message="", by=af)
    client.force_login(af)
    response = client.post(answer_url(asked), {"answer": AccessRequest.Answer.ASKING, "message": ""}, follow=True)
    assert "Begäran är redan besvarad." in response.content.decode()
    asked.refresh_from_db()
    assert asked.answer == AccessRequest.Answer.DECLINED


def test_only_the_registering_organisation_answers(client, world):
    """An organisation that sees the participant through a waiver does not answer for the registering one."""
    ekonomiskt = world["staff"]["socialsekreterare"]  # `shared` names Ekonomiskt bistånd, not AMA's colleague
    request = AccessRequest.objects.create(
        participant=world["shared"], organisation=world["staff"]["malmo.handlaggare"].organisation,
        requested_by=world["staff"]["malmo.handlaggare"],
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.answer_access_request(request=request, answer=AccessRequest.Answer.ASKING, message="", by=ekonomiskt)
    client.force_login(ekonomiskt)
    assert "Delad" not in client.get(LIST_URL).content.decode().split('id="vara-begaranden"')[0]
    client.post(answer_url(request), {"answer": AccessRequest.Answer.ASKING, "message": ""})
    request.refresh_from_db()
    assert request.handled_at is None


def test_an_organisation_that_cannot_see_the_participant_gets_404(client, asked, world):
    client.force_login(world["staff"]["malmo.handlaggare"])
    response = client.post(answer_url(asked), {"answer": AccessRequest.Answer.ASKING, "message": ""})
    assert response.status_code == 404
    asked.refresh_from_db()
    assert asked.handled_at is None


def test_requests_beyond_the_hourly_limit_are_refused(client, world, settings):
    settings.DUPLICATE_CHECKS_PER_HOUR = 1
    client.force_login(world["staff"]["malmo.handlaggare"])
    for participant in (world["own"], world["expired"]):
        response = client.post("/deltagare/begar-atkomst/", {"personnummer": participant.formatted_personnummer},
                               follow=True)  # fmt: skip
    assert "Försök igen senare" in response.content.decode()
    assert AccessRequest.objects.count() == 1
