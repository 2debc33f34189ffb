"""A closed participant gets no new meetings or recommendations until reopened; what exists stays readable."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Meeting, Recommendation, RecommendationCategory
from meetings.recommendations import services as recommendation_services
from meetings.tests.factories import book, held_multi_party, recommend, send
from participants import services as participant_services
from participants.models import Status
from participants.tests.factories import register


@pytest.fixture
def closed(demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af, first_name="Sluten", last_name="Deltagare")
    recommendation = send(recommend(participant, af), af)
    participant.refresh_from_db()
    participant_services.close_participant(participant=participant, reason="rekommendation_overlamnad",
                                           closed_on=timezone.localdate(), expected_version=participant.version,
                                           by=af)  # fmt: skip
    participant.refresh_from_db()
    return participant, recommendation, af


def test_booking_a_meeting_for_a_closed_participant_is_refused(closed):
    participant, _recommendation, af = closed
    with pytest.raises(ValidationError) as error:
        book(participant, af)
    assert "Återöppna deltagaren" in " ".join(error.value.messages)


def test_the_booking_page_says_so_and_keeps_the_input(client, closed):
    participant, _recommendation, af = closed
    client.force_login(af)
    assert "Deltagaren är avslutad" in client.get(f"/deltagare/{participant.pk}/moten/nytt/").content.decode()
    response = client.post(f"/deltagare/{participant.pk}/moten/nytt/", {
        "kind": "uppfoljning", "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "60", "place": "Rum Öresund", "staff": [af.pk], "form_token": str(uuid.uuid4()),
        "ovriga-TOTAL_FORMS": "0", "ovriga-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 200 and "Rum Öresund" in response.content.decode()
    assert Meeting.objects.filter(participant=participant).count() == 1  # the held multi-party meeting only


def test_a_new_recommendation_for_a_closed_participant_is_refused_until_reopened(client, closed):
    participant, recommendation, af = closed
    with pytest.raises(ValidationError) as error:
        recommend(participant, af, meeting=recommendation.meeting)
    assert "Återöppna deltagaren" in error.value.message_dict["__all__"][0]
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/rekommendationer/ny/").content.decode()
    assert "Deltagaren är avslutad" in page and 'name="rationale"' not in page

    participant_services.reopen_participant(participant=participant, reason="Ny situation",
                                            expected_version=participant.version, by=af)  # fmt: skip
    participant.refresh_from_db()
    assert participant.status == Status.RECOMMENDED
    assert recommend(participant, af, meeting=recommendation.meeting).pk
    assert book(participant, af).pk


def test_a_closed_participants_recommendation_can_still_be_followed_up(closed):
    participant, recommendation, af = closed
    recommendation_services.change_status(recommendation=recommendation, to_status="genomford",
                                          expected_version=recommendation.version, by=af)  # fmt: skip
    assert Recommendation.objects.get(pk=recommendation.pk).status == "genomford"


def test_a_participant_who_withdrew_consent_gets_no_recommendation(demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    meeting = held_multi_party(participant, af)
    participant_services.withdraw_consent(consent=participant.consents.get(), withdrawn_on=timezone.localdate(),
                                          reason="Vill inte", by=af)  # fmt: skip
    participant.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        recommend(participant, af, meeting=meeting,
                  category=RecommendationCategory.objects.get(name="Ingen ny insats"), receiver=af.organisation)  # fmt: skip
    assert "lämnat projektet" in error.value.message_dict["__all__"][0]
