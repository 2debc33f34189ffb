"""The register extract lists the person's gender, education level and outcomes (issue 16)."""

import json

from participants import outcomes
from participants.models import Participant
from reports.tests.conftest import pdf_text


def test_the_extract_lists_gender_education_and_outcomes(client, world, tmp_path):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    Participant.objects.filter(pk=participant.pk).update(education_level="gymnasial")
    outcomes.record_outcome(participant=participant, moment=outcomes.REGISTRATION,
                            recorded_on=participant.registered_on, occupation="arbetssokande",
                            supports=["aktivitetsstod", "ekonomiskt_bistand"], by=af)  # fmt: skip
    client.force_login(af)
    data = json.loads(client.get(f"/rapporter/registerutdrag/{participant.pk}.json").content)
    about = data["Uppgifter om dig"]
    assert about["Kön"] == participant.get_gender_display() and about["Kön"] in ("Kvinna", "Man")
    assert about["Högsta avslutade utbildning"] == "Gymnasial utbildning"
    [outcome] = data["Sysselsättning och försörjning"]
    assert outcome["Tillfälle"] == "Vid anmälan" and outcome["Sysselsättning"] == "Arbetssökande"
    assert outcome["Försörjning"] == "Aktivitetsstöd eller utvecklingsersättning, Ekonomiskt bistånd"
    assert outcome["Registrerad av"] == str(af) and outcome["Gick inte att nå"] == "Nej"
    text = " ".join(pdf_text(client.get(f"/rapporter/registerutdrag/{participant.pk}.pdf").content, tmp_path).split())
    assert "Sysselsättning och försörjning" in text and "Arbetssökande" in text and "Gymnasial utbildning" in text
