"""Every role × every participant URL × own / shared / other organisation's participant."""

import pytest
from django.core.files.base import ContentFile

from insikt.models import User
from participants import services

ROLES = ["af.handlaggare", "projektledare", "malmo.handlaggare", "socialsekreterare", "styrgrupp"]

# Who sees whom. `expired` is checked the day after its waiver ended, before the expiry command has run.
VISIBLE = {
    "own": {"af.handlaggare", "projektledare"},
    "shared": {"af.handlaggare", "projektledare", "malmo.handlaggare", "socialsekreterare"},
    "other": {"malmo.handlaggare"},
    "expired": {"af.handlaggare", "projektledare"},
}
CASEWORK = {"af.handlaggare", "projektledare", "malmo.handlaggare", "socialsekreterare"}
# Staff of the organisation that registered each participant: they alone record consent and waivers and
# end the participation (participants.sharing.registering_organisation_error).
REGISTERING = {
    "own": {"af.handlaggare", "projektledare"},
    "shared": {"af.handlaggare", "projektledare"},
    "other": {"malmo.handlaggare"},
    "expired": {"af.handlaggare", "projektledare"},
}


@pytest.fixture
def matrix(world, settings, tmp_path, expire_yesterday):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    af = world["staff"]["af.handlaggare"]
    records = {}
    for name in VISIBLE:
        participant = world[name]
        consent = services.register_consent(
            participant=participant,
            given_on=participant.registered_on,
            form="skriftligt",
            document=ContentFile(b"%PDF-1.4 test", name="samtycke.pdf"),
            by=af if participant.registering_organisation.code == "af" else world["staff"]["malmo.handlaggare"],
        )
        records[name] = (participant, consent)
    return records


def urls(participant, consent):
    """(method, url, registering organisation only: others who see the participant are sent back to its page)."""
    pk = participant.pk
    return [
        ("get", f"/deltagare/{pk}/", False),
        ("get", f"/deltagare/{pk}/andra/", False),
        ("get", f"/deltagare/{pk}/samtycke/", True),
        ("get", f"/deltagare/{pk}/sekretessgenombrott/", True),
        ("get", f"/deltagare/{pk}/samtycke/{consent.pk}/aterkalla/", True),
        ("get", f"/deltagare/{pk}/dokument/samtycke/{consent.pk}/", False),
        ("post", f"/deltagare/{pk}/status/", False),
        ("post", f"/deltagare/{pk}/ansvarig/", False),
        ("get", f"/deltagare/{pk}/uppgifter/ny/", False),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_participant_urls(client, matrix, role, which):
    participant, consent = matrix[which]
    client.force_login(matrix_user(matrix, role))
    for method, url, registering_only in urls(participant, consent):
        response = getattr(client, method)(url)
        if role not in CASEWORK:
            expected = 403
        elif role in VISIBLE[which]:
            refused = registering_only and role not in REGISTERING[which]
            expected = 302 if method == "post" or refused else 200
        else:
            expected = 404
        assert response.status_code == expected, (role, which, url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_admin_participant_pages(client, matrix, role, which):
    participant, _ = matrix[which]
    client.force_login(matrix_user(matrix, role))
    changelist = client.get("/admin/participants/participant/")
    change = client.get(f"/admin/participants/participant/{participant.pk}/change/")
    history = client.get(f"/admin/participants/participant/{participant.pk}/history/")
    if role != "projektledare":
        # Not staff: the admin sends them to sign in; nothing of the participant is shown.
        assert changelist.status_code == change.status_code == 302
        return
    assert changelist.status_code == 200
    expected = 200 if role in VISIBLE[which] else 404
    assert (change.status_code, history.status_code) == (expected, expected)
    assert (participant.first_name in changelist.content.decode()) == (role in VISIBLE[which])


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_the_visible_participants(client, matrix, role):
    client.force_login(matrix_user(matrix, role))
    response = client.get("/deltagare/")
    if role not in CASEWORK:
        assert response.status_code == 403
        return
    shown = {p.pk for p in response.context["page"].object_list}
    assert shown == {matrix[w][0].pk for w, roles in VISIBLE.items() if role in roles}
    page = response.content.decode()
    for which, (participant, _) in matrix.items():
        assert (participant.first_name in page) == (role in VISIBLE[which])
        assert participant.personnummer not in page  # lists show the masked number only


def test_guardian_object_permission_pages_are_not_reachable(client, matrix):
    client.force_login(matrix_user(matrix, "projektledare"))
    participant, _ = matrix["own"]
    response = client.get(f"/admin/participants/participant/{participant.pk}/permissions/", follow=True)
    assert response.status_code == 404


def matrix_user(matrix, role):
    return User.objects.get(username=role)
