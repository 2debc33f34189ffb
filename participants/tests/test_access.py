from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from participants import services
from participants.access import visible_participants
from participants.models import Participant, ParticipantGroupObjectPermission


def granted_codes(participant):
    return sorted(
        {
            p.group.organisation.code
            for p in ParticipantGroupObjectPermission.objects.filter(content_object=participant).select_related(
                "group__organisation"
            )
        }
    )


def test_registering_grants_the_registering_organisation(world):
    assert granted_codes(world["own"]) == ["af"]
    assert granted_codes(world["other"]) == ["ama"]


def test_a_waiver_grants_and_its_withdrawal_revokes_at_once(world):
    shared, af = world["shared"], world["staff"]["af.handlaggare"]
    assert granted_codes(shared) == ["af", "ama", "eb"]
    waiver = shared.waivers.get(organisation__code="eb")
    services.withdraw_waiver(waiver=waiver, withdrawn_on=timezone.localdate(), reason="Ångrat", by=af)
    assert granted_codes(shared) == ["af", "ama"]
    assert not visible_participants(world["staff"]["socialsekreterare"]).filter(pk=shared.pk).exists()
    assert Participant.objects.filter(pk=shared.pk).exists()  # revocation never deletes data


def test_an_expired_waiver_gives_no_access_even_before_the_command_runs(world, expire_yesterday):
    expired, malmo = world["expired"], world["staff"]["malmo.handlaggare"]
    assert "ama" in granted_codes(expired)  # the grant is still there …
    assert not visible_participants(malmo).filter(pk=expired.pk).exists()  # … but gives nothing


def test_the_expiry_command_revokes_ended_waivers(world, expire_yesterday, capsys):
    call_command("sync_waivers")
    assert granted_codes(world["expired"]) == ["af"]
    assert granted_codes(world["shared"]) == ["af", "ama", "eb"]
    assert "1 deltagare" in capsys.readouterr().out


def test_a_future_waiver_grants_nothing_until_it_starts(world):
    af = world["staff"]["af.handlaggare"]
    start = timezone.localdate() + timedelta(days=3)
    services.register_waivers(
        participant=world["own"], organisations=[world["other"].registering_organisation], valid_from=start,
        valid_to=None, form="skriftligt", by=af,
    )  # fmt: skip
    assert granted_codes(world["own"]) == ["af"]


def test_steering_group_and_users_without_organisation_see_nobody(world, make_user):
    assert not visible_participants(world["staff"]["styrgrupp"]).exists()
    from insikt.models import User

    superuser = User.objects.create_superuser("root", password="x" * 12)
    assert not visible_participants(superuser).exists()


def test_a_model_permission_never_opens_the_table(world):
    """Caseworkers hold view_participant on the model; rows still need an object grant."""
    socialsekreterare = world["staff"]["socialsekreterare"]
    assert socialsekreterare.has_perm("participants.view_participant")
    assert set(visible_participants(socialsekreterare)) == {world["shared"]}


@pytest.mark.parametrize("username", ["af.handlaggare", "socialsekreterare"])
def test_visible_participants_is_one_query(world, username, django_assert_num_queries):
    user = world["staff"][username]
    user.organisation  # noqa: B018 - loaded once per request by the middleware in practice
    with django_assert_num_queries(1):
        list(visible_participants(user))


def test_the_access_check_of_a_new_day_sees_the_waivers_of_that_day(world, monkeypatch):
    """The access queryset is built once per organisation and day (participants.access): a waiver that ends
    today must stop giving access tomorrow in the same process, without the daily job."""
    own, af, malmo = world["own"], world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    today = timezone.localdate()
    services.register_waivers(participant=own, organisations=[malmo.organisation], valid_from=today, valid_to=today,
                              form="skriftligt", by=af)  # fmt: skip
    assert visible_participants(malmo).filter(pk=own.pk).exists()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    assert not visible_participants(malmo).filter(pk=own.pk).exists()
    assert visible_participants(af).filter(pk=own.pk).exists()  # the registering organisation, another key
