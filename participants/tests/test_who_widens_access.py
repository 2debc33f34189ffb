"""Who may widen or narrow access: every caseworker role × own / shared / other participant × each action.

Consent and waivers that widen access are recorded by the registering organisation only (the person signs
there); a waiver is withdrawn by the registering organisation or by the organisation it names; the
participation consent is withdrawn by the registering organisation. Rules in participants.sharing.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from insikt.models import User
from participants import services
from participants.access import visible_participants
from participants.models import Consent, ConsentWithdrawal, SecrecyWaiver, Status, WaiverWithdrawal
from participants.tests.factories import register

CASEWORKERS = ["af.handlaggare", "projektledare", "malmo.handlaggare", "socialsekreterare"]
SEES = {
    "own": {"af.handlaggare", "projektledare"},
    "shared": {"af.handlaggare", "projektledare", "malmo.handlaggare", "socialsekreterare"},
    "other": {"malmo.handlaggare"},
}
REGISTERING = {"own": {"af.handlaggare", "projektledare"}, "shared": {"af.handlaggare", "projektledare"},
               "other": {"malmo.handlaggare"}}  # fmt: skip
ORGANISATION = {"af.handlaggare": "af", "projektledare": "af", "malmo.handlaggare": "ama", "socialsekreterare": "eb"}


@pytest.fixture
def consented(world):
    """Each participant with a consent recorded by its registering organisation."""
    for which in SEES:
        participant = world[which]
        by = world["staff"]["malmo.handlaggare" if which == "other" else "af.handlaggare"]
        services.register_consent(participant=participant, given_on=participant.registered_on, form="skriftligt", by=by)
    return world


def expected(role, which, allowed_roles):
    if role not in SEES[which]:
        return 404, False
    return 302, role in allowed_roles


@pytest.mark.parametrize("role", CASEWORKERS)
@pytest.mark.parametrize("which", list(SEES))
def test_recording_consent_and_a_new_waiver(client, consented, orgs, role, which):
    participant = consented[which]
    client.force_login(User.objects.get(username=role))
    today = timezone.localdate().isoformat()
    before = Consent.objects.filter(participant=participant).count()
    response = client.post(
        f"/deltagare/{participant.pk}/samtycke/", {"given_on": today, "form": "skriftligt", "sus_consent": "ja"}
    )
    status, allowed = expected(role, which, REGISTERING[which])
    assert response.status_code == status
    assert Consent.objects.filter(participant=participant).count() == before + allowed

    third = orgs["fk"].pk  # a third organisation; naming one's own is covered below
    response = client.post(
        f"/deltagare/{participant.pk}/sekretessgenombrott/",
        {"organisations": [third], "valid_from": today, "form": "skriftligt"},
    )
    assert response.status_code == status
    assert SecrecyWaiver.objects.filter(participant=participant, organisation_id=third).exists() == allowed
    if role in SEES[which] and not allowed:
        page = client.get(f"/deltagare/{participant.pk}/").content.decode()
        assert "hanteras av Arbetsförmedlingen, som anmält deltagaren" in page  # the rule, next to the action
        assert f'href="/deltagare/{participant.pk}/sekretessgenombrott/"' not in page
        assert f'href="/deltagare/{participant.pk}/samtycke/"' not in page


@pytest.mark.parametrize("role", CASEWORKERS)
@pytest.mark.parametrize("named", ["ama", "eb"])
def test_withdrawing_a_waiver(client, consented, role, named):
    participant = consented["shared"]
    waiver = SecrecyWaiver.objects.get(participant=participant, organisation__code=named)
    client.force_login(User.objects.get(username=role))
    response = client.post(
        f"/deltagare/{participant.pk}/sekretessgenombrott/{waiver.pk}/aterkalla/",
        {"withdrawn_on": timezone.localdate().isoformat(), "reason": "Vill inte dela längre"},
    )
    allowed = ORGANISATION[role] in ("af", named)
    assert response.status_code == 302
    assert WaiverWithdrawal.objects.filter(waiver=waiver).exists() == allowed


@pytest.mark.parametrize("role", CASEWORKERS)
@pytest.mark.parametrize("which", list(SEES))
def test_withdrawing_the_participation_consent(client, consented, role, which):
    participant = consented[which]
    consent = Consent.objects.get(participant=participant)
    client.force_login(User.objects.get(username=role))
    response = client.post(
        f"/deltagare/{participant.pk}/samtycke/{consent.pk}/aterkalla/",
        {"withdrawn_on": timezone.localdate().isoformat(), "reason": "Vill inte delta"},
    )
    status, allowed = expected(role, which, REGISTERING[which])
    assert response.status_code == status
    assert ConsentWithdrawal.objects.filter(consent=consent).exists() == allowed
    participant.refresh_from_db()
    assert (participant.status == Status.ABORTED) == allowed


def test_no_organisation_names_itself_or_extends_its_own_waiver(consented, orgs):
    participant = consented["shared"]
    af, ama = consented["staff"]["af.handlaggare"], consented["staff"]["malmo.handlaggare"]
    with pytest.raises(ValidationError) as error:
        services.register_waivers(participant=participant, organisations=[orgs["af"]], valid_from=timezone.localdate(),
                                  valid_to=None, form="skriftligt", by=af)  # fmt: skip
    assert "annan organisation" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.register_waivers(participant=participant, organisations=[orgs["ama"]], valid_from=timezone.localdate(),
                                  valid_to=None, form="skriftligt", by=ama)  # fmt: skip
    assert SecrecyWaiver.objects.filter(participant=participant, organisation=orgs["ama"]).count() == 1


def test_a_waiver_that_starts_later_gives_access_from_its_start_day(world, orgs, monkeypatch):
    af, ama = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = register(af, first_name="Framtida")
    today = timezone.localdate()
    services.register_waivers(participant=participant, organisations=[orgs["ama"]], valid_from=today + timedelta(days=3),
                              valid_to=None, form="skriftligt", by=af)  # fmt: skip
    assert not visible_participants(ama).filter(pk=participant.pk).exists()
    call_command("sync_waivers")
    assert not visible_participants(ama).filter(pk=participant.pk).exists()

    start = today + timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: start)
    assert not visible_participants(ama).filter(pk=participant.pk).exists()  # the grant comes with the daily job
    call_command("sync_waivers")
    assert visible_participants(ama).filter(pk=participant.pk).exists()
    call_command("sync_waivers")  # idempotent
    assert visible_participants(ama).filter(pk=participant.pk).exists()


def test_withdrawing_consent_also_ends_waivers_that_start_later(world, orgs, monkeypatch):
    af, ama = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = register(af, first_name="Återkallad")
    today = timezone.localdate()
    consent = services.register_consent(participant=participant, given_on=today, form="skriftligt", by=af)
    later = services.register_waivers(participant=participant, organisations=[orgs["ama"]],
                                      valid_from=today + timedelta(days=5), valid_to=None, form="skriftligt",
                                      by=af)[0]  # fmt: skip
    services.withdraw_consent(consent=consent, withdrawn_on=today, reason="Vill inte delta", by=af)
    assert WaiverWithdrawal.objects.filter(waiver=later).exists()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=5))
    call_command("sync_waivers")
    assert not visible_participants(ama).filter(pk=participant.pk).exists()


def test_an_ended_waiver_is_revoked_by_the_daily_job(world, expire_yesterday):
    from participants.models import ParticipantGroupObjectPermission

    participant, ama = world["expired"], world["staff"]["malmo.handlaggare"]
    assert ParticipantGroupObjectPermission.objects.filter(content_object=participant, group=ama.organisation.group)
    assert not visible_participants(ama).filter(pk=participant.pk).exists()  # the dates decide at once
    call_command("sync_waivers")
    assert not ParticipantGroupObjectPermission.objects.filter(content_object=participant, group=ama.organisation.group)
