import pytest
from django.core.exceptions import ValidationError

from insikt.models import Role, User, role_group_name


def group_names(user):
    return sorted(user.groups.values_list("name", flat=True))


def test_membership_and_role_are_groups(make_user):
    user = make_user(org="ama", role=Role.CASEWORKER)
    assert group_names(user) == ["Organisation: ama", "Roll: handlaggare"]


def test_changing_the_role_moves_the_group(make_user):
    user = make_user(org="ama", role=Role.CASEWORKER)
    user.role = Role.ACCOUNT_ADMIN
    user.save()
    assert group_names(user) == ["Organisation: ama", "Roll: behorighetsadmin"]
    assert user.is_staff


def test_an_accounts_organisation_never_changes(make_user, orgs):
    user = make_user(org="ama", role=Role.CASEWORKER)
    user.organisation = orgs["af"]
    with pytest.raises(PermissionError):
        user.save()
    user.refresh_from_db()
    assert user.organisation.code == "ama" and group_names(user) == ["Organisation: ama", "Roll: handlaggare"]


def test_only_the_project_leader_and_account_administrators_reach_the_admin(make_user):
    assert make_user(role=Role.PROJECT_LEADER).is_staff
    assert make_user(role=Role.ACCOUNT_ADMIN).is_staff
    assert not make_user(role=Role.CASEWORKER).is_staff
    assert not make_user(role=Role.STEERING_GROUP).is_staff


def test_staff_need_an_organisation_with_staff_and_a_role(orgs):
    with pytest.raises(ValidationError) as missing:
        User(username="x").clean()
    assert "organisation" in missing.value.message_dict
    with pytest.raises(ValidationError) as no_role:
        User(username="x", organisation=orgs["af"]).clean()
    assert "role" in no_role.value.message_dict
    with pytest.raises(ValidationError) as receiving:
        User(username="x", organisation=orgs["region"], role=Role.CASEWORKER).clean()
    assert "inte personal" in receiving.value.message_dict["organisation"][0]


def test_the_five_organisations_exist_and_each_owns_a_group(orgs):
    assert {o.name for o in orgs.values()} == {
        "Arbetsförmedlingen",
        "Malmö stad – Arbetsmarknadsavdelningen",
        "Malmö stad – Ekonomiskt bistånd",
        "Region Skåne",
        "Försäkringskassan",
    }
    assert {o.code for o in orgs.values() if not o.has_staff} == {"fk", "region"}
    assert len({o.group_id for o in orgs.values()}) == 5


def test_role_groups_carry_model_permissions(db):
    from django.contrib.auth.models import Group

    leader = set(
        Group.objects.get(name=role_group_name(Role.PROJECT_LEADER)).permissions.values_list("codename", flat=True)
    )
    caseworker = set(
        Group.objects.get(name=role_group_name(Role.CASEWORKER)).permissions.values_list("codename", flat=True)
    )
    steering = Group.objects.get(name=role_group_name(Role.STEERING_GROUP)).permissions.count()
    assert {"add_user", "change_organisation", "view_accesslog"} <= leader
    assert "add_user" not in caseworker
    assert caseworker <= leader
    assert steering == 0
