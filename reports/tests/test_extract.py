import json

import pytest
from django.utils import timezone

from insikt.models import AccessLog
from participants import services
from reports.tests.conftest import pdf_text


@pytest.fixture
def rich(world):
    """The shared participant with consent, a read in the log and a meeting note."""
    af = world["staff"]["af.handlaggare"]
    participant = world["shared"]
    services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt", by=af)
    AccessLog.objects.create(user=af, organisation=af.organisation, action="view", participant_id=participant.pk)
    return participant


def test_json_extract_holds_everything(client, rich, world):
    client.force_login(world["staff"]["af.handlaggare"])
    response = client.get(f"/rapporter/registerutdrag/{rich.pk}.json")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    data = json.loads(response.content)
    facts = data["Uppgifter om dig"]
    assert facts["Förnamn"] == rich.first_name and facts["Personnummer"] == rich.formatted_personnummer
    assert len(data["Samtycken"]) == 1 and len(data["Sekretessgenombrott"]) == 2
    assert data["Statushistorik"][0]["Till"] == "Anmäld"
    readers = data["Vem som har läst eller ändrat dina uppgifter"]
    assert readers[0]["Vem"] == str(world["staff"]["af.handlaggare"]) and readers[0]["Vad"] == "Visade"
    assert AccessLog.objects.filter(participant_id=rich.pk, action="export").count() == 1


def test_pdf_extract(client, rich, world, tmp_path):
    client.force_login(world["staff"]["projektledare"])
    response = client.get(f"/rapporter/registerutdrag/{rich.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Registerutdrag" in text and rich.formatted_personnummer in text and "Samtycken" in text


@pytest.mark.parametrize(
    "username, expected",
    [
        ("af.handlaggare", 200),  # registering organisation
        ("projektledare", 200),
        ("malmo.handlaggare", 404),  # sees the participant through a waiver, but does not produce extracts
        ("socialsekreterare", 404),
        ("styrgrupp", 403),
    ],
)
def test_who_may_produce_an_extract(client, rich, world, username, expected):
    client.force_login(world["staff"][username])
    assert client.get(f"/rapporter/registerutdrag/{rich.pk}.json").status_code == expected


def test_extract_of_an_invisible_participant_is_404(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    assert client.get(f"/rapporter/registerutdrag/{world['other'].pk}.json").status_code == 404
    assert client.get(f"/rapporter/registerutdrag/{world['other'].pk}.pdf").status_code == 404


def test_the_participant_page_links_the_extract_only_for_those_who_may_produce_it(client, rich, world):
    url = f"/rapporter/registerutdrag/{rich.pk}.pdf"
    client.force_login(world["staff"]["af.handlaggare"])
    assert url in client.get(f"/deltagare/{rich.pk}/").content.decode()
    client.force_login(world["staff"]["malmo.handlaggare"])
    assert url not in client.get(f"/deltagare/{rich.pk}/").content.decode()
