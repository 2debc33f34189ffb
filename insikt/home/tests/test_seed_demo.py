import pytest
from django.core.management import CommandError, call_command

from insikt.models import Role, User


def test_seed_demo_is_idempotent_and_creates_the_demo_users(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=0, no_reports=True)
    call_command("seed_demo", participants=0, no_reports=True)
    users = {u.username: u for u in User.objects.select_related("organisation")}
    assert set(users) == {"projektledare", "af.handlaggare", "malmo.handlaggare", "socialsekreterare", "styrgrupp",
                          "utvarderare", "af.admin", "malmo.admin", "eb.admin"}  # fmt: skip
    assert not any(u.is_superuser for u in users.values())
    assert {u.organisation.code for u in users.values() if u.role == "behorighetsadmin"} == {"af", "ama", "eb"}
    assert users["socialsekreterare"].organisation.code == "eb"
    assert users["malmo.handlaggare"].organisation.code == "ama"
    assert users["projektledare"].is_staff and not users["projektledare"].is_superuser
    assert users["styrgrupp"].check_password("insikt-demo")
    # Only a project leader makes an evaluator, and only in their own organisation (insikt.accounts).
    assert (users["utvarderare"].role, users["utvarderare"].organisation.code) == (Role.EVALUATOR, "af")
    assert not users["utvarderare"].is_staff


def test_seed_demo_takes_a_password(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=0, no_reports=True, password="ett-annat-lösen")
    assert User.objects.get(username="af.handlaggare").check_password("ett-annat-lösen")


def test_seed_demo_refuses_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG är av"):
        call_command("seed_demo", participants=0, no_reports=True)
    assert not User.objects.exists()
    call_command("seed_demo", participants=0, no_reports=True, force=True)
    assert User.objects.count() == 9


@pytest.mark.parametrize(
    "options, message", [({"participants": -1}, "0 eller fler"), ({"password": "kort"}, "minst 8")]
)
def test_seed_demo_explains_bad_options(db, settings, options, message):
    settings.DEBUG = True
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", **options)
