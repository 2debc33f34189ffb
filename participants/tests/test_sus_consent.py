"""Consent to registration in SUS (issue 16): a separate, required yes/no on the consent form."""

import re

import pytest
from django.utils import timezone

from participants.models import Consent

pytestmark = pytest.mark.django_db


def post(client, world, **fields):
    client.force_login(world["staff"]["af.handlaggare"])
    data = {"given_on": timezone.localdate().isoformat(), "form": "skriftligt", **fields}
    return client.post(f"/deltagare/{world['own'].pk}/samtycke/", data)


def test_the_sus_answer_is_required_and_nothing_entered_is_lost(client, world):
    response = post(client, world)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Svara ja eller nej: samtycker personen till registrering i SUS?" in page
    assert re.search(r'value="skriftligt"[^>]*checked', page)  # the other answers are kept
    assert not Consent.objects.exists()


@pytest.mark.parametrize("answer, stored, shown", [("ja", True, "Samtycker till registrering i SUS."),
                                                   ("nej", False, "Samtycker inte till registrering i SUS")])  # fmt: skip
def test_the_answer_is_stored_and_shown_in_the_consent_section(client, world, answer, stored, shown):
    assert post(client, world, sus_consent=answer).status_code == 302
    assert Consent.objects.get(participant=world["own"]).sus_consent is stored
    page = " ".join(client.get(f"/deltagare/{world['own'].pk}/").content.decode().split())
    assert shown in page
    assert f"SUS: {answer}" in page


def test_a_consent_recorded_before_the_question_says_not_asked(client, world):
    from participants import services

    services.register_consent(
        participant=world["own"], given_on=timezone.localdate(), form="muntligt", by=world["staff"]["af.handlaggare"]
    )
    assert Consent.objects.get().sus_consent is None
    client.force_login(world["staff"]["af.handlaggare"])
    page = " ".join(client.get(f"/deltagare/{world['own'].pk}/").content.decode().split())
    assert "Inte tillfrågad om registrering i SUS" in page
