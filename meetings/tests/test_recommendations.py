"""Recommendations: the category and status rules, the waiver rule, sending, double submit and concurrent changes."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from insikt.locking import ConcurrentEditError
from meetings.models import (
    MeetingKind,
    Recommendation,
    RecommendationArea,
    RecommendationCategory,
    RecommendationStatus,
)
from meetings.recommendations import services
from meetings.tests.factories import book, held_multi_party, recommend, send
from participants import services as participant_services
from participants.models import Status
from participants.tests.factories import register

S = RecommendationStatus


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


@pytest.fixture
def participant(af, orgs):
    """Registered by AF, with a waiver naming AMA (not Ekonomiskt bistånd, not Region Skåne)."""
    p = register(af, first_name="Amina", last_name="Testsson")
    participant_services.register_waivers(
        participant=p, organisations=[orgs["ama"]], valid_from=timezone.localdate(), valid_to=None,
        form="skriftligt", by=af,
    )  # fmt: skip
    return p


def category(name_start):
    return RecommendationCategory.objects.get(name__startswith=name_start)


def test_categories_are_seeded_with_a_default_receiver(db):
    names = list(RecommendationCategory.objects.values_list("name", flat=True))
    assert len(names) == 10 and "Ingen ny insats" in names
    assert category("Region Skåne").default_receiving_organisation.code == "region"
    assert category("Ingen ny insats").default_receiving_organisation is None


def test_a_category_in_use_cannot_be_deleted(participant, af):
    recommendation = recommend(participant, af)
    with pytest.raises(ProtectedError):
        recommendation.category.delete()


def test_a_recommendation_is_written_as_a_draft_with_its_areas_and_history(participant, af):
    recommendation = recommend(participant, af, areas=["arbete", "halsa", "arbete"])
    assert recommendation.status == S.DRAFT
    assert sorted(recommendation.areas.values_list("area", flat=True)) == ["arbete", "halsa"]
    assert [(c.from_status, c.to_status) for c in recommendation.status_changes.all()] == [("", S.DRAFT)]


def test_it_must_come_from_a_held_multi_party_meeting_of_the_participant(participant, af):
    information = book(participant, af, kind=MeetingKind.INFORMATION)
    with pytest.raises(ValidationError) as error:
        recommend(participant, af, meeting=information)
    assert "meeting" in error.value.message_dict
    other = register(af)
    with pytest.raises(ValidationError):
        recommend(participant, af, meeting=held_multi_party(other, af))


def test_an_unknown_insight_area_is_refused_by_the_database(participant, af):
    recommendation = recommend(participant, af)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationArea.objects.create(recommendation=recommendation, area="pengar")


@pytest.mark.parametrize(
    "start_with, to_status, allowed",
    [
        (S.DRAFT, S.SENT, True),
        (S.DRAFT, S.DONE, False),
        (S.DRAFT, S.RECEIVED, False),
        (S.SENT, S.RECEIVED, True),
        (S.SENT, S.UNKNOWN, True),
        (S.RECEIVED, S.DONE, True),
        (S.RECEIVED, S.SENT, False),
    ],
)
def test_status_follows_the_allowed_steps(participant, af, start_with, to_status, allowed):
    recommendation = recommend(participant, af)
    if start_with != S.DRAFT:
        recommendation = send(recommendation, af)
    if start_with == S.RECEIVED:
        recommendation = services.change_status(
            recommendation=recommendation, to_status=S.RECEIVED, expected_version=recommendation.version, by=af
        )
    change = dict(recommendation=recommendation, to_status=to_status, expected_version=recommendation.version, by=af,
                  sent_on=timezone.localdate(), sent_to="AF Malmö")  # fmt: skip
    if allowed:
        services.change_status(**change)
        assert Recommendation.objects.get(pk=recommendation.pk).status == to_status
    else:
        with pytest.raises(ValidationError) as error:
            services.change_status(**change)
        assert "to_status" in error.value.message_dict


def test_sending_needs_date_and_receiver_and_moves_the_participant_on(participant, af):
    recommendation = recommend(participant, af)
    with pytest.raises(ValidationError) as error:
        services.change_status(recommendation=recommendation, to_status=S.SENT, expected_version=1, by=af)
    assert {"sent_on", "sent_to"} <= set(error.value.message_dict)
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.DRAFT

    send(recommendation, af, follow_up_on=timezone.localdate() + timedelta(weeks=8))
    recommendation.refresh_from_db()
    assert recommendation.status == S.SENT and recommendation.sent_on == timezone.localdate()
    assert recommendation.sent_to == "AF Malmö Centrum"
    participant.refresh_from_db()
    assert participant.status == Status.RECOMMENDED
    assert participant.status_changes.last().to_status == Status.RECOMMENDED


def test_not_done_needs_a_reason_in_the_service_and_the_database(participant, af):
    recommendation = send(recommend(participant, af), af)
    with pytest.raises(ValidationError) as error:
        services.change_status(
            recommendation=recommendation, to_status=S.NOT_DONE, expected_version=recommendation.version, by=af
        )
    assert "outcome_reason" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(status=S.NOT_DONE)
    services.change_status(recommendation=recommendation, to_status=S.NOT_DONE, expected_version=recommendation.version,
                           by=af, outcome_reason="Tackade nej.")  # fmt: skip
    last = recommendation.status_changes.last()
    assert (last.from_status, last.to_status, last.reason) == (S.SENT, S.NOT_DONE, "Tackade nej.")


def test_a_sent_recommendation_without_a_date_is_refused_by_the_database(participant, af):
    recommendation = recommend(participant, af)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(status=S.SENT)


# The waiver rule


def test_a_receiver_no_waiver_names_is_refused_with_the_reason(participant, af, orgs):
    with pytest.raises(ValidationError) as error:
        recommend(participant, af, category=category("Ekonomiskt bistånd"))
    message = error.value.message_dict["receiving_organisation"][0]
    assert "Malmö stad – Ekonomiskt bistånd" in message and "lämnar över den själv" in message
    assert not Recommendation.objects.exists()


def test_a_receiver_without_staff_needs_a_waiver_too_but_the_participant_may_hand_it_over(participant, af):
    region = category("Region Skåne")
    with pytest.raises(ValidationError):
        recommend(participant, af, category=region)
    recommendation = recommend(participant, af, category=region, handed_over_by_participant=True)
    assert recommendation.receiving_organisation.code == "region"
    send(recommendation, af, sent_to="Deltagaren")
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.SENT


def test_registering_organisation_and_waiver_organisations_are_named(participant, af, orgs):
    assert recommend(participant, af).receiving_organisation == orgs["af"]
    assert recommend(participant, af, category=category("Malmö stad")).receiving_organisation == orgs["ama"]


def test_a_waiver_withdrawn_before_sending_stops_the_sending(participant, af, orgs):
    recommendation = recommend(participant, af, category=category("Malmö stad"))
    waiver = participant.waivers.get(organisation=orgs["ama"])
    participant_services.withdraw_waiver(waiver=waiver, withdrawn_on=timezone.localdate(), reason="Ångrade sig", by=af)
    with pytest.raises(ValidationError) as error:
        send(recommendation, af)
    assert "Malmö stad – Arbetsmarknadsavdelningen" in " ".join(error.value.messages)


# Double submit and concurrent changes


def test_the_same_form_sent_twice_writes_one_recommendation(participant, af):
    meeting = held_multi_party(participant, af)
    token = uuid.uuid4()
    first_category = category("Arbetsförmedlingen – matchning")

    def submit():
        recommendation = Recommendation(participant=participant, meeting=meeting, category=first_category,
                                        receiving_organisation=first_category.default_receiving_organisation,
                                        rationale="Matchning.")  # fmt: skip
        return services.create_recommendation(recommendation=recommendation, areas=["arbete"], by=af, token=token)

    first, created = submit()
    again, created_again = submit()
    assert created and not created_again and first.pk == again.pk
    assert Recommendation.objects.count() == 1


def test_concurrent_status_changes_do_not_overwrite_each_other(participant, af, demo_staff):
    recommendation = send(recommend(participant, af), af)
    version = recommendation.version
    mine = Recommendation.objects.get(pk=recommendation.pk)
    theirs = Recommendation.objects.get(pk=recommendation.pk)
    services.change_status(recommendation=theirs, to_status=S.RECEIVED, expected_version=version,
                           by=demo_staff["malmo.handlaggare"])  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        services.change_status(recommendation=mine, to_status=S.NOT_DONE, expected_version=version, by=af,
                               outcome_reason="Ingen plats.")  # fmt: skip
    saved = Recommendation.objects.get(pk=recommendation.pk)
    assert saved.status == S.RECEIVED and saved.outcome_reason == ""
    assert list(saved.status_changes.values_list("to_status", flat=True)) == [S.DRAFT, S.SENT, S.RECEIVED]


def test_the_status_page_keeps_what_was_typed_when_someone_else_changed_it(client, participant, af):
    recommendation = send(recommend(participant, af), af)
    client.force_login(af)
    url = f"/rekommendationer/{recommendation.pk}/status/"
    stale = {
        "to_status": S.NOT_DONE,
        "outcome_reason": "Fick ingen plats i insatsen.",
        "version": recommendation.version,
    }
    services.change_status(recommendation=recommendation, to_status=S.RECEIVED,
                           expected_version=recommendation.version, by=af)  # fmt: skip
    response = client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Någon annan ändrade rekommendationens status" in page
    assert "Fick ingen plats i insatsen." in page
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.RECEIVED
    # A deliberate second save, from the version now shown, goes through.
    response = client.post(url, {**stale, "version": response.context["form"]["version"].value()})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.NOT_DONE


def test_a_refused_send_shows_the_status_that_is_saved(client, participant, af):
    recommendation = recommend(participant, af)
    client.force_login(af)
    today = timezone.localdate()
    response = client.post(f"/rekommendationer/{recommendation.pk}/status/", {
        "to_status": S.SENT, "sent_on": today.isoformat(), "sent_to": "AF Malmö Centrum",
        "follow_up_on": (today - timedelta(days=1)).isoformat(), "version": recommendation.version})  # fmt: skip
    page = response.content.decode()
    assert "Uppföljningen kan inte ligga före datumet då rekommendationen skickades." in page
    assert "Nu: <strong>utkast</strong>" in page and 'value="AF Malmö Centrum"' in page
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.DRAFT


def test_a_refused_status_change_leaves_the_recommendation_as_saved(participant, af):
    recommendation = recommend(participant, af)
    history = recommendation.status_changes.count()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Uppföljningen kan inte ligga före"):
        services.change_status(recommendation=recommendation, to_status=S.SENT, sent_on=today, sent_to="AF Malmö",
                               follow_up_on=today - timedelta(days=1), expected_version=recommendation.version,
                               by=af)  # fmt: skip
    assert (recommendation.status, recommendation.sent_on, recommendation.sent_to) == (S.DRAFT, None, "")
    assert recommendation.status_changes.count() == history


def test_a_follow_up_before_the_meeting_is_refused_when_written_too(participant, af):
    meeting = held_multi_party(participant, af, days_ago=3)
    recommendation = Recommendation(participant=participant, meeting=meeting, category=category("Malmö stad"),
                                    rationale="Insats.", created_by=af,
                                    follow_up_on=timezone.localdate() - timedelta(days=10))  # fmt: skip
    recommendation.receiving_organisation = recommendation.category.default_receiving_organisation
    with pytest.raises(ValidationError, match="före flerpartsmötet"):
        recommendation.full_clean()


# The pages


def test_the_create_page_writes_a_draft_and_a_second_submit_adds_none(client, participant, af):
    meeting = held_multi_party(participant, af)
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/rekommendationer/ny/?mote={meeting.pk}")
    assert page.context["form"]["meeting"].value() == str(meeting.pk)
    data = {"meeting": meeting.pk, "category": category("Malmö stad").pk, "receiving_organisation": "",
            "areas": ["arbete", "aktiviteter"], "rationale": "Kommunal insats i liten grupp.",
            "follow_up_on": (timezone.localdate() + timedelta(weeks=6)).isoformat(),
            "form_token": str(uuid.uuid4())}  # fmt: skip
    first = client.post(f"/deltagare/{participant.pk}/rekommendationer/ny/", data)
    second = client.post(f"/deltagare/{participant.pk}/rekommendationer/ny/", data)
    recommendation = Recommendation.objects.get()
    assert first.url == second.url == f"/rekommendationer/{recommendation.pk}/"
    assert recommendation.receiving_organisation.code == "ama"  # the category's default
    assert recommendation.created_by == af


def test_the_create_page_shows_the_waiver_refusal_at_the_field_and_keeps_the_input(client, participant, af):
    meeting = held_multi_party(participant, af)
    client.force_login(af)
    data = {"meeting": meeting.pk, "category": category("Försäkringskassan").pk, "areas": ["halsa"],
            "rationale": "Utredning av arbetsförmågan behövs.", "form_token": str(uuid.uuid4())}  # fmt: skip
    response = client.post(f"/deltagare/{participant.pk}/rekommendationer/ny/", data)
    assert response.status_code == 200
    assert "Inget gällande sekretessgenombrott nämner Försäkringskassan" in str(
        response.context["form"].errors["receiving_organisation"]
    )
    assert "Utredning av arbetsförmågan behövs." in response.content.decode()
    assert not Recommendation.objects.exists()
    response = client.post(f"/deltagare/{participant.pk}/rekommendationer/ny/",
                           {**data, "handed_over_by_participant": "on"})  # fmt: skip
    assert response.status_code == 302
    assert Recommendation.objects.get().handed_over_by_participant


def test_required_fields_speak_swedish(client, participant, af):
    held_multi_party(participant, af)
    client.force_login(af)
    response = client.post(f"/deltagare/{participant.pk}/rekommendationer/ny/", {"form_token": str(uuid.uuid4())})
    errors = response.context["form"].errors
    assert errors["category"] == ["Välj kategori."]
    assert errors["areas"] == ["Välj minst ett insiktsområde."]
    assert errors["rationale"] == ["Skriv en motivering."]


def test_a_sent_recommendation_keeps_what_was_sent_only_follow_up_moves(client, participant, af):
    recommendation = send(recommend(participant, af), af)
    client.force_login(af)
    later = timezone.localdate() + timedelta(weeks=10)
    response = client.post(f"/rekommendationer/{recommendation.pk}/andra/", {
        "rationale": "Ändrad text", "follow_up_on": later.isoformat(), "version": recommendation.version,
        "form_token": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302
    saved = Recommendation.objects.get(pk=recommendation.pk)
    assert saved.follow_up_on == later and saved.rationale == recommendation.rationale


def test_participant_and_meeting_pages_show_the_recommendation_and_its_timeline_item(client, participant, af):
    recommendation = send(recommend(participant, af), af)
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert f"/rekommendationer/{recommendation.pk}/" in page
    assert "Arbetsförmedlingen – matchning och jobbsökning (skickad)" in page  # the timeline's list
    meeting_page = client.get(f"/moten/{recommendation.meeting_id}/").content.decode()
    assert f"/rekommendationer/{recommendation.pk}/" in meeting_page
