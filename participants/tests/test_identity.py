"""Registration's identity (personnummer, samordningsnummer, neither), education and gender, and protected personal
data: no address stored, initials instead of the name on every list, for every role that sees the person."""

import re
from datetime import date

import pytest

from insikt.models import AccessLog, Notification
from participants import services
from participants.models import IdentityKind, Participant
from participants.tests.factories import register
from participants.tests.test_permission_matrix import ROLES, VISIBLE
from participants.tests.test_views import form_data

WITHOUT_NUMBER = {
    "identity_kind": "inget",
    "personnummer": "",
    "stated_birth_date": "1979-04-23",
    "no_number_reason": "Nyanländ, väntar på samordningsnummer",
    "gender": "kvinna",
}


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


def test_without_a_number_the_birth_date_and_reason_are_asked_for_and_nothing_typed_is_lost(client, af):
    client.force_login(af)
    data = form_data(**{**WITHOUT_NUMBER, "stated_birth_date": "", "no_number_reason": ""}, first_name="Behållen")
    page = client.post("/deltagare/ny/", data).content.decode()
    assert "Ange födelsedatum när personen saknar nummer." in page
    assert "Ange varför personen saknar personnummer och samordningsnummer." in page
    assert 'value="Behållen"' in page and re.search(r'value="inget"[^>]* checked', page)
    assert "kan inte kontrolleras automatiskt" in page
    page = client.post(
        "/deltagare/ny/", form_data(**{**WITHOUT_NUMBER, "stated_birth_date": "2099-01-01"})
    ).content.decode()
    assert "Födelsedatumet kan inte ligga i framtiden." in page
    assert not Participant.objects.exists()


def test_a_number_is_required_unless_neither_is_chosen(client, af):
    client.force_login(af)
    page = client.post("/deltagare/ny/", form_data(personnummer="")).content.decode()
    assert "Ange personnummer eller samordningsnummer." in page and not Participant.objects.exists()


def test_a_person_without_a_number_is_registered_and_never_checked_as_a_duplicate(client, af, demo_staff):
    # Someone with the same name and birth date is already in Insikt elsewhere: nothing can tell them apart.
    register(demo_staff["malmo.handlaggare"], personnummer="197904232381", first_name="Test", last_name="Testsson")
    client.force_login(af)
    response = client.post("/deltagare/ny/", form_data(**WITHOUT_NUMBER))
    participant = Participant.objects.get(identity_kind=IdentityKind.NONE)
    assert (
        response.status_code == 302 and response.url == f"/deltagare/{participant.pk}/sysselsattning/anmalan/?ny=1"
    )  # the second step
    assert participant.personnummer is None and participant.stated_birth_date == date(1979, 4, 23)
    assert participant.birth_year == 1979 and participant.gender == "kvinna"
    assert not AccessLog.objects.filter(action=AccessLog.Action.DUPLICATE_CHECK).exists()
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Personnummer saknas" in page and "Nyanländ, väntar på samordningsnummer" in page and "Kvinna" in page
    # Found by the stated birth date, both ways of writing it; the number column says the number is missing.
    for typed in ("1979-04-23", "790423"):
        listing = client.get("/deltagare/", {"q": typed}).content.decode()
        assert f'href="{participant.pk}/"' in listing and "saknas" in listing
    # Edited without a number: the same rules, and the birth date kept.
    edit = client.post(
        f"/deltagare/{participant.pk}/andra/", form_data(**WITHOUT_NUMBER, phone="040-12", version=participant.version)
    )
    assert edit.status_code == 302
    assert Participant.objects.get(pk=participant.pk).phone == "040-12"


def test_a_samordningsnummer_is_registered_as_one_and_the_kind_must_match_the_number(client, af):
    client.force_login(af)
    page = client.post("/deltagare/ny/", form_data(personnummer="19900171-2380")).content.decode()
    assert "Numret är ett samordningsnummer. Välj rätt identitet ovan." in page and 'value="19900171-2380"' in page
    response = client.post("/deltagare/ny/", form_data(identity_kind="samordningsnummer", personnummer="19900171-2380"))
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.identity_kind == IdentityKind.COORDINATION_NUMBER and participant.gender == "kvinna"


def test_education_is_required_and_unknown_is_an_answer(client, af):
    client.force_login(af)
    page = client.post("/deltagare/ny/", form_data(education_level="")).content.decode()
    assert "Välj högsta avslutade utbildning (eller ”Uppgift saknas”)." in page and not Participant.objects.exists()
    assert client.post("/deltagare/ny/", form_data(education_level="okand")).status_code == 302
    participant = Participant.objects.get()
    assert participant.education_level == "okand"
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Uppgift saknas" in page and "Man" in page  # 19121212-1212: the gender derived from the number


def test_gender_comes_from_the_number_whatever_the_form_says(client, af):
    client.force_login(af)
    client.post("/deltagare/ny/", form_data(gender="kvinna"))
    assert Participant.objects.get().gender == "man"


def test_no_address_is_stored_for_protected_personal_data(client, af):
    client.force_login(af)
    data = form_data(protected_identity="skyddad_folkbokforing", address="Hemliga gatan 1", first_name="Behållen")
    page = client.post("/deltagare/ny/", data).content.decode()
    assert "Ingen adress sparas för en person med skyddade personuppgifter. Töm fältet." in page
    assert 'value="Behållen"' in page and 'value="Hemliga gatan 1"' in page and not Participant.objects.exists()
    assert client.post("/deltagare/ny/", {**data, "address": ""}).status_code == 302
    participant = Participant.objects.get()
    assert participant.has_protected_identity and participant.address == ""
    # Nor a new address on the edit form.
    page = client.post(f"/deltagare/{participant.pk}/andra/", {**data, "version": participant.version}).content
    assert "Ingen adress sparas" in page.decode() and Participant.objects.get().address == ""


def test_protection_set_on_a_person_with_an_address_removes_it_and_says_so(client, af):
    participant = register(af, address="Storgatan 1")
    client.force_login(af)
    data = form_data(
        personnummer=participant.formatted_personnummer,
        first_name=participant.first_name,
        last_name=participant.last_name,
        address="Storgatan 1",
        protected_identity="sekretessmarkering",
        version=participant.version,
    )
    response = client.post(f"/deltagare/{participant.pk}/andra/", data, follow=True)
    participant.refresh_from_db()
    assert participant.protected_identity == "sekretessmarkering" and participant.address == ""
    page = response.content.decode()
    assert "Adressen är borttagen" in page and "Sparas inte (skyddade personuppgifter)" in page


def test_protection_set_later_renames_the_notifications_written_before(client, af, demo_staff):
    participant = register(af, first_name="Henrietta", last_name="Strömqvist")
    colleague = demo_staff["malmo.handlaggare"]
    Notification.objects.create(user=colleague, text="Henrietta Strömqvist har ett nytt möte.", url="/moten/")
    Notification.objects.create(user=colleague, text="Någon annan har ett nytt möte.", url="/moten/")
    client.force_login(af)
    data = form_data(personnummer=participant.formatted_personnummer, first_name="Henrietta", last_name="Strömqvist",
                     protected_identity="skyddad_folkbokforing", version=participant.version)  # fmt: skip
    assert client.post(f"/deltagare/{participant.pk}/andra/", data).status_code == 302
    texts = set(Notification.objects.values_list("text", flat=True))
    assert texts == {"H. S. har ett nytt möte.", "Någon annan har ett nytt möte."}


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_initials_for_protected_personal_data_to_everyone_who_sees_the_person(
    client, world, expire_yesterday, role
):
    Participant.objects.filter(pk__in=[world[w].pk for w in VISIBLE]).update(protected_identity="sekretessmarkering")
    client.force_login(world["staff"][role])
    listing = client.get("/deltagare/").content.decode()
    start = client.get("/").content.decode()
    for which in VISIBLE:
        participant = world[which]
        sees = role in VISIBLE[which]
        assert (f'<a href="{participant.pk}/">{participant.first_name[0]}. D.</a>' in listing) == sees, which
        assert participant.first_name not in listing and participant.first_name not in start, which
        if sees:  # their own page names them
            assert participant.full_name in client.get(f"/deltagare/{participant.pk}/").content.decode()


def test_the_list_gives_protected_people_a_table_of_their_own_without_birth_date(client, af):
    """Sorted by name among the others, "A. B." between two Anderssons would tell the surname."""
    for last in ("Andersson", "Björk", "Carlsson"):
        register(af, first_name="Eva", last_name=last)
    hidden = register(af, first_name="Ida", last_name="Bengtsson", personnummer="196911069943")
    Participant.objects.filter(pk=hidden.pk).update(protected_identity="sekretessmarkering")
    client.force_login(af)
    for sort in ("namn", "-namn", "anmald", "status"):
        page = client.get("/deltagare/", {"sort": sort}).content.decode()
        protected_table, _, sorted_table = page.partition("Visar deltagare")
        assert f'<a href="{hidden.pk}/">I. B.</a>' in protected_table and str(hidden.pk) not in sorted_table
        assert "Med skyddade personuppgifter" in protected_table and "19691106" not in page and "Skyddat" in page


def test_the_protected_table_shows_the_newest_25_and_says_so(client, af):
    people = [register(af) for _ in range(26)]
    Participant.objects.update(protected_identity="skyddad_folkbokforing")
    Participant.objects.filter(pk=people[0].pk).update(registered_on=date(2020, 1, 1))  # the oldest: not shown
    client.force_login(af)
    page = client.get("/deltagare/").content.decode()
    assert sum(str(p.pk) in page for p in people) == 25 and str(people[0].pk) not in page
    assert "Här visas de 25 senast anmälda" in page and "Inga andra deltagare matchar sökningen." in page


def test_a_person_without_a_number_has_an_extract_and_is_anonymised_keeping_the_birth_year(client, af):
    client.force_login(af)
    client.post("/deltagare/ny/", form_data(**WITHOUT_NUMBER))
    participant = Participant.objects.get()
    extract = client.get(f"/rapporter/registerutdrag/{participant.pk}.json")
    assert extract.status_code == 200 and "Nyanländ, väntar på samordningsnummer" in extract.content.decode()
    services.anonymise_participant(participant)
    participant.refresh_from_db()
    assert (
        participant.stated_birth_date is None and participant.no_number_reason == "" and participant.search_text == ""
    )
    assert participant.birth_year == 1979 and participant.gender == "kvinna"
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
