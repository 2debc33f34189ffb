"""Staff administration: every role × every organisation's accounts × create, change, password link, deactivate.

Each organisation's accounts are administered by that organisation only (the project leader for
Arbetsförmedlingen, each behörighetsadministratör for their own); no one changes their own role or
organisation, no administrator sets or sees a password, and every change is kept in the account history.
"""

import pytest

from insikt.models import AccountChange, Role, User

ROLES = [
    "projektledare",
    "af.admin",
    "malmo.admin",
    "eb.admin",
    "af.handlaggare",
    "malmo.handlaggare",
    "socialsekreterare",
    "styrgrupp",
]
ADMINISTERS = {"projektledare": "af", "af.admin": "af", "malmo.admin": "ama", "eb.admin": "eb"}
STAFF_ORGS = ["af", "ama", "eb"]


@pytest.fixture
def accounts(demo_staff, make_user):
    """One plain caseworker account in each organisation with staff, to be administered."""
    return {code: make_user(org=code, role=Role.CASEWORKER, username=f"konto.{code}") for code in STAFF_ORGS}


def change_data(account, **overrides):
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "is_active": "on" if account.is_active else "",
        "_save": "Spara",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("org", STAFF_ORGS)
def test_every_role_against_every_organisations_accounts(client, demo_staff, accounts, role, org):
    admin = demo_staff[role]
    account = accounts[org]
    own = ADMINISTERS.get(role) == org
    client.force_login(admin)

    listed = client.get("/admin/insikt/user/")
    if role not in ADMINISTERS:
        assert listed.status_code == 302  # not admin staff: sent to sign in, sees nothing
    else:
        assert listed.status_code == 200
        assert (account.username in listed.content.decode()) == own

    change_url = f"/admin/insikt/user/{account.pk}/change/"
    assert client.get(change_url).status_code == (200 if own else 404 if role in ADMINISTERS else 302)

    # Change: a new name and a new role.
    client.post(change_url, change_data(account, last_name="Nyttnamn", role=Role.STEERING_GROUP))
    account.refresh_from_db()
    assert (account.last_name == "Nyttnamn") == own
    assert (account.role == Role.STEERING_GROUP) == own

    # A password link: only for one's own organisation's accounts, and it voids the password.
    had_password = account.has_usable_password()
    response = client.post(f"/admin/insikt/user/{account.pk}/losenordslank/")
    account.refresh_from_db()
    if own:
        assert response.status_code == 200 and "/konto/valj-losenord/" in response.content.decode()
        assert had_password and not account.has_usable_password()
    else:
        assert response.status_code in (302, 404) and account.has_usable_password()

    # Deactivate.
    client.post(change_url, change_data(account, is_active=""))
    account.refresh_from_db()
    assert account.is_active == (not own)

    # Create: always in the administrator's own organisation, never in another's.
    before = set(User.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/insikt/user/add/",
        {"username": f"ny.{role}.{org}", "first_name": "Ny", "last_name": "Person", "role": Role.CASEWORKER},
    )
    created = User.objects.exclude(pk__in=before)
    if role in ADMINISTERS:
        new = created.get()
        assert new.organisation.code == ADMINISTERS[role] and not new.has_usable_password()
        assert "/konto/valj-losenord/" in response.content.decode()  # the link is shown once, at creation
    else:
        assert not created.exists()

    kinds = set(AccountChange.objects.filter(account=account).exclude(kind="skapat").values_list("kind", flat=True))
    expected = {"uppgifter", "roll", "losenordslank", "avaktiverat"} if own else set()
    assert kinds == expected
    assert not AccountChange.objects.filter(account=account).exclude(organisation__code=org).exists()


def test_the_project_leader_cannot_move_themselves_or_anyone_to_another_organisation(client, demo_staff, orgs):
    leader = demo_staff["projektledare"]
    client.force_login(leader)
    data = change_data(leader, role=Role.CASEWORKER, is_active="")
    data["organisation"] = orgs["ama"].pk  # not a field of the form: ignored, whatever is posted
    client.post(f"/admin/insikt/user/{leader.pk}/change/", data)
    leader.refresh_from_db()
    assert leader.organisation.code == "af" and leader.role == Role.PROJECT_LEADER and leader.is_active
    page = client.get(f"/admin/insikt/user/{leader.pk}/change/").content.decode()
    assert "Din egen roll och ditt eget konto ändras av en annan administratör" in page
    assert 'name="organisation"' not in page


def test_no_one_changes_their_own_role_or_deactivates_themselves(demo_staff):
    from django.core.exceptions import ValidationError

    from insikt import accounts

    admin = demo_staff["malmo.admin"]
    admin.role = Role.CASEWORKER
    with pytest.raises(ValidationError) as error:
        accounts.update_account(account=admin, by=admin)
    assert "din egen roll" in error.value.message_dict["role"][0]
    admin.refresh_from_db()
    admin.is_active = False
    with pytest.raises(ValidationError) as error:
        accounts.update_account(account=admin, by=admin)
    assert "avaktivera ditt eget konto" in error.value.message_dict["is_active"][0]


def test_only_a_project_leader_hands_out_the_project_leader_role(client, demo_staff, make_user):
    account = make_user(org="af", role=Role.CASEWORKER, username="blivande.ledare")
    client.force_login(demo_staff["af.admin"])
    form = client.get(f"/admin/insikt/user/{account.pk}/change/").context["adminform"].form
    assert Role.PROJECT_LEADER not in [value for value, _ in form.fields["role"].choices]
    client.post(f"/admin/insikt/user/{account.pk}/change/", change_data(account, role=Role.PROJECT_LEADER))
    account.refresh_from_db()
    assert account.role == Role.CASEWORKER
    client.force_login(demo_staff["projektledare"])
    client.post(f"/admin/insikt/user/{account.pk}/change/", change_data(account, role=Role.PROJECT_LEADER))
    account.refresh_from_db()
    assert account.role == Role.PROJECT_LEADER
    # An account administrator cannot take the role away again either.
    client.force_login(demo_staff["af.admin"])
    client.post(f"/admin/insikt/user/{account.pk}/change/", change_data(account, role=Role.CASEWORKER))
    account.refresh_from_db()
    assert account.role == Role.PROJECT_LEADER


def test_no_administrator_sets_or_sees_a_password(client, demo_staff, accounts):
    client.force_login(demo_staff["projektledare"])
    account = accounts["af"]
    page = client.get(f"/admin/insikt/user/{account.pk}/change/").content.decode()
    assert 'name="password' not in page and "pbkdf2" not in page and "md5$" not in page
    before = User.objects.get(pk=account.pk).password
    client.post(f"/admin/insikt/user/{account.pk}/password/", {"password1": "Hemligt-123456", "password2": "x"})
    assert User.objects.get(pk=account.pk).password == before
    add = client.get("/admin/insikt/user/add/").content.decode()
    assert 'name="password' not in add


def test_the_set_password_link_is_signed_expiring_and_single_use(client, demo_staff, accounts, settings):
    from datetime import datetime, timedelta

    from django.contrib.auth.tokens import default_token_generator

    account = accounts["ama"]
    client.force_login(demo_staff["malmo.admin"])
    first = client.post(f"/admin/insikt/user/{account.pk}/losenordslank/").context["link"]
    second = client.post(f"/admin/insikt/user/{account.pk}/losenordslank/").context["link"]
    client.logout()
    assert "Länken går inte att använda" in client.get(first, follow=True).content.decode()  # voided by the newer one
    tampered = second.rstrip("/")[:-3] + "abc/"
    assert "Länken går inte att använda" in client.get(tampered, follow=True).content.decode()

    page = client.get(second, follow=True)
    form_url = page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200 and "för kort" in weak.content.decode()  # Django's validators, in Swedish
    chosen = "Ett-eget-lösenord-2026"
    done = client.post(form_url, {"new_password1": chosen, "new_password2": chosen}, follow=True)
    assert "Lösenordet är valt" in done.content.decode()
    account.refresh_from_db()
    assert account.check_password(chosen)
    assert AccountChange.objects.filter(account=account, kind="losenord", changed_by=None).exists()
    client.logout()
    assert "Länken går inte att använda" in client.get(second, follow=True).content.decode()  # used once

    # Expiry: a token made longer ago than PASSWORD_RESET_TIMEOUT is refused.
    token_generator = default_token_generator
    old = token_generator._make_token_with_timestamp(
        account,
        token_generator._num_seconds(datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)),
        token_generator.secret,
    )
    assert not token_generator.check_token(account, old)
    assert token_generator.check_token(account, token_generator.make_token(account))


def test_a_deactivated_account_cannot_use_a_link(client, demo_staff, accounts):
    from insikt import accounts as account_services

    account = accounts["eb"]
    client.force_login(demo_staff["eb.admin"])
    link = client.post(f"/admin/insikt/user/{account.pk}/losenordslank/").context["link"]
    account.is_active = False
    account_services.update_account(account=account, by=demo_staff["eb.admin"])
    client.logout()
    assert "Länken går inte att använda" in client.get(link, follow=True).content.decode()


def test_superusers_are_for_the_command_line_only(client, db):
    User.objects.create_superuser("drift", password="drift-lösenord-123")
    response = client.post("/logga-in/", {"username": "drift", "password": "drift-lösenord-123"})
    assert response.status_code == 200 and "Driftkonton används bara från kommandoraden" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    client.force_login(User.objects.get(username="drift"))
    assert client.get("/admin/").status_code == 302  # even with a session, the admin refuses


def test_account_administrators_see_only_accounts_and_their_own_history(client, demo_staff, accounts):

    AccountChange.record(accounts["af"], AccountChange.Kind.ROLE, by=demo_staff["projektledare"], detail="x → y")
    AccountChange.record(accounts["ama"], AccountChange.Kind.ROLE, by=demo_staff["malmo.admin"], detail="a → b")
    client.force_login(demo_staff["malmo.admin"])
    index = client.get("/admin/").content.decode()
    assert "/admin/insikt/user/" in index and "/admin/participants/" not in index
    assert client.get("/admin/insikt/accesslog/").status_code == 403
    history = client.get("/admin/insikt/accountchange/").content.decode()
    assert "a → b" in history and "x → y" not in history
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/admin/"


def test_organisations_are_changed_only_by_their_own_administrators(client, demo_staff, orgs):
    client.force_login(demo_staff["projektledare"])
    assert client.get(f"/admin/insikt/organisation/{orgs['af'].pk}/change/").status_code == 200
    response = client.post(f"/admin/insikt/organisation/{orgs['ama'].pk}/change/", {"retention_days": 1})
    assert response.status_code == 403
    orgs["ama"].refresh_from_db()
    assert orgs["ama"].retention_days != 1
    assert client.get("/admin/insikt/organisation/add/").status_code == 403


def test_an_account_administrator_never_holds_the_project_leaders_account(client, demo_staff):
    leader = demo_staff["projektledare"]
    client.force_login(demo_staff["af.admin"])
    assert f"/admin/insikt/user/{leader.pk}/change/" not in client.get("/admin/insikt/user/").content.decode()
    assert client.get(f"/admin/insikt/user/{leader.pk}/change/").status_code == 404
    response = client.post(f"/admin/insikt/user/{leader.pk}/losenordslank/")
    assert response.status_code == 404 and "/konto/valj-losenord/" not in response.content.decode()
    client.post(f"/admin/insikt/user/{leader.pk}/change/", change_data(leader, is_active="", email="x@example.org"))
    leader.refresh_from_db()
    assert leader.is_active and leader.has_usable_password() and leader.email != "x@example.org"
    assert not AccountChange.objects.filter(account=leader).exclude(kind=AccountChange.Kind.CREATED).exists()


def test_the_account_rule_refuses_another_role_than_one_may_hand_out(demo_staff):
    from insikt import accounts as account_services

    leader = demo_staff["projektledare"]
    leader.is_active = False
    errors = account_services.account_errors(account=leader, by=demo_staff["af.admin"])
    assert "projektledare" in errors["__all__"]


@pytest.mark.parametrize("admin", ["af.admin", "malmo.admin", "eb.admin"])
def test_an_account_administrator_does_not_set_the_retention_period(client, demo_staff, admin):
    own = demo_staff[admin].organisation
    client.force_login(demo_staff[admin])
    response = client.post(f"/admin/insikt/organisation/{own.pk}/change/", {"retention_days": 1, "_save": "Spara"})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.retention_days != 1


def test_a_change_from_the_command_line_is_kept_in_the_account_history_too(demo_staff, make_user):
    account = make_user(org="af", role=Role.CASEWORKER, username="skal.konto")
    assert AccountChange.objects.get(account=account).kind == AccountChange.Kind.CREATED
    account.role, account.is_active = Role.ACCOUNT_ADMIN, False
    account.save()
    changes = AccountChange.objects.filter(account=account).exclude(kind=AccountChange.Kind.CREATED)
    assert {(c.kind, c.changed_by) for c in changes} == {("roll", None), ("avaktiverat", None)}
    account.save(update_fields=["last_login"])  # a sign-in is not an account change
    assert AccountChange.objects.filter(account=account).count() == 3


def test_account_changes_are_append_only(demo_staff, accounts):

    change = AccountChange.record(accounts["af"], AccountChange.Kind.ROLE, by=demo_staff["projektledare"])
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        AccountChange.objects.filter(pk=change.pk).update(detail="ändrat")
    with pytest.raises(PermissionError):
        change.delete()
