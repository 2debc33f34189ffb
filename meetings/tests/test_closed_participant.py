"""A closed participant gets follow-up meetings only, and no new recommendations until reopened; what exists stays
readable."""

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


def test_a_follow_up_meeting_is_booked_and_held_after_closing_without_reopening(client, closed):
    participant, _recommendation, af = closed
    history = list(participant.status_changes.values_list("to_status", flat=True))
    client.force_login(af)
    detail = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Boka uppföljningsmöte" in detail and f"/deltagare/{participant.pk}/moten/nytt/?typ=uppfoljning" in detail
    page = client.get(f"/deltagare/{participant.pk}/moten/nytt/?typ=uppfoljning").content.decode()
    assert "bara uppföljningsmöten kan bokas" in page and 'value="information"' not in page
    data = {
        "kind": "information", "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "60", "place": "Rum Öresund", "staff": [af.pk], "form_token": str(uuid.uuid4()),
        "ovriga-TOTAL_FORMS": "0", "ovriga-INITIAL_FORMS": "0",
    }  # fmt: skip
    refused = client.post(f"/deltagare/{participant.pk}/moten/nytt/", data)
    assert refused.status_code == 200 and "Rum Öresund" in refused.content.decode()
    response = client.post(f"/deltagare/{participant.pk}/moten/nytt/", {**data, "kind": "uppfoljning"})
    follow_up = Meeting.objects.get(participant=participant, kind="uppfoljning")
    assert response.url == f"/moten/{follow_up.pk}/"
    Meeting.objects.filter(pk=follow_up.pk).update(starts_at=timezone.now() - timedelta(hours=2),
                                                   ends_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    follow_up.refresh_from_db()
    outcome = client.post(f"/moten/{follow_up.pk}/utfall/", {"status": "genomfort", "notes": "Följt upp.",
                                                              "version": follow_up.version})  # fmt: skip
    assert outcome.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.CLOSED
    assert list(participant.status_changes.values_list("to_status", flat=True)) == history


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
