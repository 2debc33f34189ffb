"""The hand-over document: category and rationale always; name and personnummer only when the waiver covers it."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from insikt.models import AccessLog
from meetings.models import RecommendationCategory
from meetings.tests.factories import recommend, send
from participants import services as participant_services
from participants.tests.factories import register

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")

RATIONALE = "Personen vill arbeta inom lager och behöver stöd i att söka jobb med tolk."


def pdf_text(client, recommendation) -> str:
    response = client.get(f"/rekommendationer/{recommendation.pk}/overlamning.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "rekommendation-" in response["Content-Disposition"]
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def participant(demo_staff, orgs):
    af = demo_staff["af.handlaggare"]
    p = register(af, first_name="Zeynep", last_name="Överlämnad", needs_interpreter=True, language="turkiska")
    participant_services.register_waivers(
        participant=p, organisations=[orgs["ama"]], valid_from=timezone.localdate(), valid_to=None,
        form="skriftligt", by=af,
    )  # fmt: skip
    return p


def test_a_named_receiver_gets_identity_category_rationale_and_areas(client, demo_staff, participant):
    af = demo_staff["af.handlaggare"]
    category = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    recommendation = send(recommend(participant, af, category=category, rationale=RATIONALE,
                                    areas=["arbete", "samverkan"]), af)  # fmt: skip
    client.force_login(af)
    text = pdf_text(client, recommendation)
    assert "Malmö stad – arbetsmarknadsinsats" in text
    assert RATIONALE in text
    assert "Arbete och jobbsökning, Samverkan" in text
    assert "Zeynep Överlämnad" in text and participant.formatted_personnummer in text
    assert "turkiska" in text
    assert "rekommendation" in text.lower() and "beslut" in text
    entry = AccessLog.objects.filter(action=AccessLog.Action.FILE).latest("id")
    assert entry.participant_id == participant.pk and "Zeynep" not in entry.detail


def test_a_receiver_no_waiver_names_gets_no_identity(client, demo_staff, participant):
    af = demo_staff["af.handlaggare"]
    category = RecommendationCategory.objects.get(name="Region Skåne – vård och behandling")
    recommendation = send(recommend(participant, af, category=category, rationale=RATIONALE, areas=["halsa"],
                                    handed_over_by_participant=True), af, sent_to="Deltagaren")  # fmt: skip
    client.force_login(af)
    text = pdf_text(client, recommendation)
    assert "Region Skåne – vård och behandling" in text and RATIONALE in text
    assert "Zeynep" not in text and "Överlämnad" not in text
    assert participant.personnummer[:8] not in text.replace("-", "")
    assert "turkiska" not in text
    assert "Deltagaren lämnar själv över" in text


def test_identity_disappears_when_the_waiver_is_withdrawn(client, demo_staff, participant, orgs):
    af = demo_staff["af.handlaggare"]
    category = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    recommendation = send(recommend(participant, af, category=category, rationale=RATIONALE), af)
    waiver = participant.waivers.get(organisation=orgs["ama"])
    participant_services.withdraw_waiver(waiver=waiver, withdrawn_on=timezone.localdate(), reason="Nej", by=af)
    client.force_login(af)
    text = pdf_text(client, recommendation)
    assert RATIONALE in text and "Zeynep" not in text


def test_history_review_details_are_never_in_the_document(client, demo_staff, participant):
    from meetings.models import HistoryReview, ReviewEvent

    af = demo_staff["af.handlaggare"]
    review = HistoryReview.objects.create(participant=participant, organisation=af.organisation, created_by=af,
                                          updated_by=af, summary="Långvarig depression enligt journal.")  # fmt: skip
    ReviewEvent.objects.create(review=review, category="halsa", description="Inlagd på psykiatrisk klinik")
    recommendation = send(recommend(participant, af, rationale=RATIONALE), af)
    client.force_login(af)
    text = pdf_text(client, recommendation)
    assert "depression" not in text and "psykiatrisk" not in text
