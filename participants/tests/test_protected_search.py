"""Protected personal data and the name search: a typed name or birth date does not find the person (nor tell that
they are in the register), on the participant list or in the admin; their full number still leads to their page."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from participants.models import Participant
from participants.models.participant import search_text
from participants.tests.factories import register
from participants.tests.test_views import form_data

NUMBER = "19850312-2387"


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


def found(client, text):
    return {p.first_name for p in client.get("/deltagare/", {"q": text}).context["page"].object_list}


def test_a_protected_person_is_not_found_by_name_or_birth_date_but_by_their_number(client, af):
    client.force_login(af)
    data = form_data(personnummer=NUMBER, first_name="Hemlighet", last_name="Skyddsdotter")
    registered = client.post("/deltagare/ny/", {**data, "protected_identity": "skyddad_folkbokforing"}, follow=True)
    assert registered.redirect_chain  # to their own page, which names them (and shows the message that does)
    register(af, first_name="Hemlighet", last_name="Öppen")
    protected = Participant.objects.get(last_name="Skyddsdotter")
    assert protected.search_text == ""
    for typed in ("Hemlighet", "hemlighet skyddsdotter", "Skyddsdotter", "1985-03-12", "850312"):
        response = client.get("/deltagare/", {"q": typed})
        assert protected not in response.context["page"].object_list, typed
        assert f'"{protected.pk}/"' not in response.content.decode() and "H. S." not in response.content.decode()
    assert found(client, "Hemlighet") == {"Hemlighet"}  # the unprotected namesake only
    assert found(client, "skyddsdotter") == set()
    for typed in (NUMBER, NUMBER.replace("-", "")):
        response = client.post("/deltagare/", {"q": typed})
        assert response.status_code == 302 and response.url == f"/deltagare/{protected.pk}/", typed
    # Unfiltered, the list still has them, by their initials.
    assert '">H. S.</a>' in client.get("/deltagare/").content.decode()


def test_the_search_text_follows_the_flag_both_ways(client, af):
    participant = register(af, first_name="Hemlighet", last_name="Skyddsdotter", personnummer=NUMBER.replace("-", ""))
    client.force_login(af)
    assert found(client, "skyddsdotter") == {"Hemlighet"}
    url = f"/deltagare/{participant.pk}/andra/"
    data = form_data(personnummer=NUMBER, first_name="Hemlighet", last_name="Skyddsdotter")
    version = client.get(url).context["form"].initial["version"]
    assert client.post(url, {**data, "protected_identity": "sekretessmarkering", "version": version}).status_code == 302
    assert found(client, "skyddsdotter") == set() and found(client, "850312") == set()
    version = client.get(url).context["form"].initial["version"]
    assert client.post(url, {**data, "protected_identity": "", "version": version}).status_code == 302
    assert found(client, "skyddsdotter") == {"Hemlighet"} and found(client, "850312") == {"Hemlighet"}


def test_the_admin_search_does_not_find_a_protected_person_by_name(client, demo_staff):
    leader = demo_staff["projektledare"]
    participant = register(demo_staff["af.handlaggare"], first_name="Hemlighet", last_name="Skyddsdotter")
    client.force_login(leader)
    url = "/admin/participants/participant/"
    assert str(participant.pk) in client.get(url, {"q": "skyddsdotter"}).content.decode()
    Participant.objects.filter(pk=participant.pk).update(protected_identity="sekretessmarkering", search_text="")
    page = client.get(url, {"q": "skyddsdotter"}).content.decode()
    assert str(participant.pk) not in page and "Skyddsdotter" not in page
    assert str(participant.pk) in client.get(url).content.decode()  # listed, by initials


def test_the_admin_list_is_never_in_name_order(client, demo_staff):
    """Initials between "Andersson" and "Carlsson" would give the surname away: newest registered first."""
    af = demo_staff["af.handlaggare"]
    people = [register(af, first_name="Eva", last_name=last) for last in ("Andersson", "Bengtsson", "Carlsson")]
    for days, p in zip((3, 1, 2), people, strict=True):
        Participant.objects.filter(pk=p.pk).update(registered_on=date(2026, 11, days))
    Participant.objects.filter(pk=people[1].pk).update(protected_identity="sekretessmarkering")
    client.force_login(demo_staff["projektledare"])
    page = client.get("/admin/participants/participant/").content.decode()
    positions = [page.index(str(p.pk)) for p in people]
    assert positions[0] < positions[2] < positions[1]  # 3, 2 and 1 November
    assert client.get("/admin/participants/participant/", {"o": "1"}).status_code == 200  # "Namn" sorts nothing


def test_the_stored_text_is_empty_for_protected_personal_data():
    person = Participant(first_name="Åsa", last_name="Öberg", personnummer="196001019808")
    assert search_text(person) == "asa oberg 19600101 600101"
    person.protected_identity = "sekretessmarkering"
    assert search_text(person) == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_empties_the_stored_text_of_protected_people_only():
    before = [("participants", "0010_person_outcomes_protected_identity")]
    after = [("participants", "0011_no_search_text_for_protected_identity")]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        # A transactional test before this one may have flushed the organisations the migrations made.
        group = apps.get_model("auth", "Group").objects.get_or_create(name="Organisation: af")[0]
        organisation = apps.get_model("insikt", "Organisation").objects.get_or_create(
            code="af", defaults={"name": "Arbetsförmedlingen", "short_name": "AF", "group": group}
        )[0]
        fields = {"district": "soder", "benefit": "aktivitetsstod", "af_registered_on": "2010-01-01",
                  "job_entered_on": "2024-01-01", "registering_organisation": organisation, "eligible": True}  # fmt: skip
        model = apps.get_model("participants", "Participant")
        open_one = model.objects.create(personnummer="196001019808", first_name="Åsa", last_name="Öberg",
                                        search_text="asa oberg 19600101 600101", **fields)  # fmt: skip
        protected = model.objects.create(personnummer="198503122387", first_name="Hemlighet", last_name="Skydd",
                                         search_text="hemlighet skydd 19850312 850312",
                                         protected_identity="sekretessmarkering", **fields)  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        migrated = executor.loader.project_state(after).apps.get_model("participants", "Participant").objects
        assert migrated.get(pk=protected.pk).search_text == ""
        assert migrated.get(pk=open_one.pk).search_text == "asa oberg 19600101 600101"
        executor = MigrationExecutor(connection)
        executor.migrate(before)  # and back: the text as it was
        reverted = executor.loader.project_state(before).apps.get_model("participants", "Participant").objects
        assert reverted.get(pk=protected.pk).search_text == "hemlighet skydd 19850312 850312"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # the rest of the suite runs on the latest schema
