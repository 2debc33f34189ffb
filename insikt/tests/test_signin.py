import pytest
from django.urls import reverse

from insikt.models import AccessLog

LOGIN = "/logga-in/"
WRONG = "Fel användarnamn eller lösenord"


def sign_in(client, username, password="insikt-demo", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


@pytest.mark.parametrize(
    "username, lands_on",
    [
        ("af.handlaggare", "/"),
        ("malmo.handlaggare", "/"),
        ("socialsekreterare", "/"),
        ("projektledare", "/oversikt/"),
        ("styrgrupp", "/rapporter/"),
        ("utvarderare", "/"),
    ],
)
def test_each_demo_user_signs_in_and_lands_on_their_start_page(client, demo_staff, username, lands_on):
    response = sign_in(client, username)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] if response.redirect_chain else True
    assert response.request["PATH_INFO"] == lands_on
    assert response.status_code == 200


def test_start_pages_per_role(client, demo_staff):
    client.force_login(demo_staff["af.handlaggare"])
    page = client.get("/").content.decode()
    assert "Mina deltagare" in page and "Kommande möten" in page
    assert reverse("admin:index") not in page

    client.force_login(demo_staff["projektledare"])
    page = client.get("/", follow=True).content.decode()
    assert "<h1>Översikt</h1>" in page and "Årets mål" in page and reverse("admin:index") in page

    client.force_login(demo_staff["styrgrupp"])
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/rapporter/", 302)]
    assert "<h1>Rapporter</h1>" in response.content.decode()
    assert "Deltagare" not in response.content.decode().split("<main")[0]


def test_wrong_credentials_give_one_message_that_does_not_say_which_part(client, demo_staff):
    wrong_password = sign_in(client, "af.handlaggare", "fel-lösenord").content.decode()
    unknown_user = sign_in(client, "finns.inte", "insikt-demo").content.decode()
    assert WRONG in wrong_password and WRONG in unknown_user
    # The username typed stays in the form.
    assert 'value="af.handlaggare"' in wrong_password


def test_repeated_failures_lock_the_account_and_explain_it(client, demo_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "af.handlaggare", "fel-lösenord")
    locked = sign_in(client, "af.handlaggare")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in locked.content.decode()
    assert not client.session.get("_auth_user_id")


def test_a_spoofed_x_forwarded_for_does_not_escape_the_lockout(client, demo_staff, settings):
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        sign_in(client, f"gissning{i}", "fel", HTTP_X_FORWARDED_FOR=f"203.0.113.{i % 250}")
    # Another made-up address, another username: still locked, because the address is REMOTE_ADDR.
    locked = sign_in(client, "af.handlaggare", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429


def test_sign_out(client, demo_staff):
    client.force_login(demo_staff["af.handlaggare"])
    response = client.post("/logga-ut/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_the_admin_sign_in_goes_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize("path", ["/", "/rapporter/", "/admin/", "/admin/insikt/user/"])
def test_every_page_sends_anonymous_users_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN) or response.url.startswith("/admin/login/")


def test_sign_in_page_is_swedish_and_labelled(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="sv">' in page
    assert "<title>Logga in – Insikt</title>" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert 'href="#innehall"' in page and '<main id="innehall"' in page


def test_steering_group_and_caseworkers_cannot_use_the_admin(client, demo_staff):
    for username in ("styrgrupp", "af.handlaggare"):
        client.force_login(demo_staff[username])
        response = client.get("/admin/")
        assert response.status_code == 302 and not response.url.startswith("/admin/insikt")


def test_project_leader_manages_staff_in_swedish_admin(client, demo_staff):
    client.force_login(demo_staff["projektledare"])
    page = client.get("/admin/insikt/user/").content.decode()
    assert "af.handlaggare" in page and "Användare" in page
    assert client.get("/admin/insikt/organisation/").status_code == 200
    assert client.get("/admin/insikt/accesslog/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 404
    assert AccessLog.objects.count() == 0


def test_guesses_with_made_up_usernames_do_not_lock_out_colleagues_behind_the_same_address(
    client, demo_staff, settings
):
    for i in range(settings.AXES_FAILURE_LIMIT * 2):
        sign_in(client, f"pahittad{i}", "fel")
    response = sign_in(client, "af.handlaggare")
    assert response.status_code == 302 and client.session.get("_auth_user_id")


def test_the_lockout_is_per_username_and_address_together(client, demo_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "af.handlaggare", "fel-lösenord", REMOTE_ADDR="192.0.2.10")
    locked = sign_in(client, "af.handlaggare", REMOTE_ADDR="192.0.2.10")
    assert locked.status_code == 429
    assert "spärrad i 15 minuter" in locked.content.decode() and "0:15:00" not in locked.content.decode()
    # The same account from another address, and another account from the same address, still sign in.
    assert sign_in(client, "af.handlaggare", REMOTE_ADDR="192.0.2.99").status_code == 302
    client.logout()
    assert sign_in(client, "malmo.handlaggare", REMOTE_ADDR="192.0.2.10").status_code == 302


def test_one_address_alone_has_a_higher_limit(client, demo_staff, settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        response = sign_in(client, f"gissning{i}", "fel", REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 200  # still only "wrong username or password"
    sign_in(client, "gissning-sista", "fel", REMOTE_ADDR="192.0.2.20")
    assert sign_in(client, "malmo.handlaggare", REMOTE_ADDR="192.0.2.20").status_code == 429
    assert sign_in(client, "malmo.handlaggare", REMOTE_ADDR="192.0.2.21").status_code == 302
