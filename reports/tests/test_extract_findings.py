"""The register extract lists the participant's findings, and says what of them is kept after anonymisation."""

import json

from django.utils import timezone

from meetings.findings.services import anonymise_findings
from meetings.tests.finding_factories import record
from participants import services
from participants.models import Participant
from reports.tests.conftest import pdf_text

KEPT = "kodade iakttagelser"


def test_the_extract_lists_findings_with_their_descriptions_while_they_exist(client, world, tmp_path):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    record(participant, af, area="halsa", description="Remissen till vårdcentralen skickades aldrig.",
           suggested_change="Följ upp remisser inom en månad.")  # fmt: skip
    client.force_login(af)
    data = json.loads(client.get(f"/rapporter/registerutdrag/{participant.pk}.json").content)
    [finding] = data["Iakttagelser"]
    assert finding["Insiktsområde"] == "Hälsa" and finding["Typ"] == "Missad möjlighet"
    assert finding["Organisation som iakttagelsen gäller"] == "Arbetsförmedlingen"
    assert finding["Beskrivning"] == "Remissen till vårdcentralen skickades aldrig."
    assert finding["Registrerad av"] == str(af) and finding["Anonymiserad"] == "Nej"
    assert all(key[0].isupper() and "_" not in key for key in finding)
    text = " ".join(pdf_text(client.get(f"/rapporter/registerutdrag/{participant.pk}.pdf").content, tmp_path).split())
    assert "Iakttagelser" in text and "Remissen till vårdcentralen skickades aldrig." in text
    assert KEPT in text and "beskrivningar och förslag tas bort" in text


def test_after_anonymisation_the_extract_shows_the_codes_only(client, world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    record(participant, af, description="Remissen till vårdcentralen skickades aldrig.")
    services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=participant.version, by=af)  # fmt: skip
    anonymise_findings(participant)
    services.anonymise_participant(Participant.objects.get(pk=participant.pk))
    client.force_login(af)
    data = json.loads(client.get(f"/rapporter/registerutdrag/{participant.pk}.json").content)
    [finding] = data["Iakttagelser"]
    assert (finding["Beskrivning"], finding["Anonymiserad"], finding["Insiktsområde"]) == ("", "Ja", "Samverkan")


def test_the_consent_page_tells_what_is_kept(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    page = " ".join(client.get(f"/deltagare/{world['own'].pk}/samtycke/").content.decode().split())
    assert KEPT in page and "beskrivningar och förslag tas bort" in page and "Citat" in page
