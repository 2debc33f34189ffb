"""Every questionnaire URL × every role × own / shared / other organisation's / expired-waiver participant."""

import pytest

from insikt.models import AccessLog, User
from participants.tests.test_permission_matrix import CASEWORK, ROLES, VISIBLE
from questionnaire import services
from questionnaire.models import Response
from questionnaire.tests.factories import control, make_meeting, make_version


@pytest.fixture
def matrix(world, expire_yesterday):
    """A held multi-party meeting with a draft response for each participant of the world."""
    version = make_version()
    staff = world["staff"]
    records = {}
    for which in VISIBLE:
        participant = world[which]
        booked_by = staff[
            "af.handlaggare" if participant.registering_organisation.code == "af" else "malmo.handlaggare"
        ]
        meeting = make_meeting(participant, booked_by)
        response = services.save_response(
            meeting=meeting, version=version, answers={}, complete=False, expected_revision=0, by=booked_by
        )
        records[which] = (meeting, response)
    return version, records


def expected(role, which, method):
    if role not in CASEWORK:
        return 403
    if role in VISIBLE[which]:
        return 302 if method == "post" else 200
    return 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_response_urls(client, matrix, role, which):
    version, records = matrix
    meeting, response = records[which]
    client.force_login(User.objects.get(username=role))
    base = f"/formular/svar/{meeting.pk}/{version.questionnaire_id}/"
    requests = [
        ("get", base, {}),
        ("get", base + "visa/", {}),
        ("post", base, {**control(version, revision=response.revision), "q-senaste-arbete": "Nytt svar"}),
    ]
    for method, url, data in requests:
        status = getattr(client, method)(url, data).status_code
        assert status == expected(role, which, method), (role, which, method, url)
    saved = Response.objects.get(pk=response.pk)
    changed = saved.revision != response.revision
    assert changed == (role in CASEWORK and role in VISIBLE[which])
    logged = AccessLog.objects.filter(participant_id=meeting.participant_id, user__username=role).exists()
    assert logged == (role in CASEWORK and role in VISIBLE[which])


@pytest.mark.parametrize("role", ROLES)
def test_questionnaire_pages(client, matrix, role):
    version, _records = matrix
    services.publish_version(version=services.copy_to_new_draft(questionnaire=version.questionnaire))
    client.force_login(User.objects.get(username=role))
    for url in ["/formular/", f"/formular/version/{version.pk}/", f"/formular/{version.questionnaire_id}/jamfor/"]:
        assert client.get(url).status_code == (200 if role in CASEWORK else 403), (role, url)


def test_a_response_of_an_invisible_participant_is_never_listed_or_shown(client, matrix):
    """The denormalised participant is what the read view filters on."""
    version, records = matrix
    meeting, response = records["other"]
    client.force_login(User.objects.get(username="af.handlaggare"))
    page = client.get(f"/formular/svar/{meeting.pk}/{version.questionnaire_id}/visa/")
    assert page.status_code == 404
    assert "Annan" not in page.content.decode()
