"""The follow-up list, "Rekommendationer till oss", and the start page's numbers that link to them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import RecommendationCategory
from meetings.recommendations import services
from meetings.tests.factories import held_multi_party, recommend, send
from participants import services as participant_services
from participants.tests.factories import register


@pytest.fixture
def setting(demo_staff, orgs):
    """Three recommendations from AF for a participant whose waiver names AMA and Ekonomiskt bistånd."""
    af = demo_staff["af.handlaggare"]
    today = timezone.localdate()
    participant = register(af, first_name="Delad", last_name="Deltagare")
    participant_services.register_waivers(
        participant=participant, organisations=[orgs["ama"], orgs["eb"]], valid_from=today, valid_to=None,
        form="skriftligt", by=af,
    )  # fmt: skip
    meeting = held_multi_party(participant, af, days_ago=90)  # before every date the recommendations were sent
    to_ama = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    to_eb = RecommendationCategory.objects.get(name="Ekonomiskt bistånd – socialt stöd")
    due = send(recommend(participant, af, meeting=meeting, category=to_ama), af,
               sent_on=today - timedelta(days=30), follow_up_on=today)  # fmt: skip
    later = send(recommend(participant, af, meeting=meeting, category=to_eb), af,
                 sent_on=today - timedelta(days=3), follow_up_on=today + timedelta(days=1))  # fmt: skip
    draft = recommend(participant, af, meeting=meeting, category=to_ama, follow_up_on=today - timedelta(days=5))
    done = send(recommend(participant, af, meeting=meeting), af, sent_on=today - timedelta(days=60),
                follow_up_on=today - timedelta(days=2))  # fmt: skip
    done = services.change_status(recommendation=done, to_status="genomford", expected_version=done.version, by=af)
    return {"participant": participant, "due": due, "later": later, "draft": draft, "done": done, "staff": demo_staff}


def listed(response):
    return {r.pk for r in response.context["page"].object_list}


def test_follow_up_list_shows_sent_or_received_whose_date_has_come(client, setting):
    client.force_login(setting["staff"]["af.handlaggare"])
    assert listed(client.get("/rekommendationer/uppfoljning/")) == {setting["due"].pk}


def test_a_received_recommendation_is_followed_up_too_and_an_outcome_ends_it(client, setting):
    af = setting["staff"]["af.handlaggare"]
    due = setting["due"]
    due = services.change_status(recommendation=due, to_status="mottagen", expected_version=due.version, by=af)
    client.force_login(af)
    assert listed(client.get("/rekommendationer/uppfoljning/")) == {due.pk}
    services.change_status(recommendation=due, to_status="okant", expected_version=due.version, by=af)
    assert listed(client.get("/rekommendationer/uppfoljning/")) == set()


def test_follow_up_list_of_an_organisation_that_no_longer_sees_the_participant_is_empty(client, setting, orgs):
    af = setting["staff"]["af.handlaggare"]
    participant = setting["participant"]
    client.force_login(setting["staff"]["malmo.handlaggare"])
    assert listed(client.get("/rekommendationer/uppfoljning/")) == {setting["due"].pk}
    waiver = participant.waivers.get(organisation=orgs["ama"])
    participant_services.withdraw_waiver(waiver=waiver, withdrawn_on=timezone.localdate(), reason="Nej", by=af)
    assert listed(client.get("/rekommendationer/uppfoljning/")) == set()
    assert listed(client.get("/rekommendationer/till-oss/")) == set()


def test_recommendations_to_us_are_the_sent_ones_to_the_users_organisation(client, setting):
    client.force_login(setting["staff"]["malmo.handlaggare"])
    assert listed(client.get("/rekommendationer/till-oss/")) == {setting["due"].pk}  # not the draft
    client.force_login(setting["staff"]["socialsekreterare"])
    assert listed(client.get("/rekommendationer/till-oss/")) == {setting["later"].pk}
    client.force_login(setting["staff"]["af.handlaggare"])
    assert listed(client.get("/rekommendationer/till-oss/")) == {setting["done"].pk}
    assert listed(client.get("/rekommendationer/till-oss/?status=vantar")) == set()


def test_an_organisation_without_a_waiver_sees_nothing_sent_to_it(client, demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    handed = recommend(participant, af, category=RecommendationCategory.objects.get(name__startswith="Malmö stad"),
                       handed_over_by_participant=True)  # fmt: skip
    send(handed, af, sent_to="Deltagaren")
    client.force_login(demo_staff["malmo.handlaggare"])
    response = client.get("/rekommendationer/till-oss/")
    assert listed(response) == set() and participant.last_name not in response.content.decode()


def test_start_page_numbers_link_to_their_lists(client, setting):
    af = setting["staff"]["af.handlaggare"]
    client.force_login(af)
    response = client.get("/")
    assert response.context["follow_up_count"] == 1
    assert response.context["meetings_this_week"] == len(
        client.get("/moten/?vecka=1").context["upcoming"].object_list
    ) + len(client.get("/moten/?vecka=1").context["past"].object_list)
    page = response.content.decode()
    assert 'href="/rekommendationer/uppfoljning/?mina=1"' in page and 'href="/moten/?vecka=1"' in page
    assert listed(client.get("/rekommendationer/uppfoljning/?mina=1")) == {setting["due"].pk}
    # Someone who neither wrote it nor is responsible has nothing of their own to follow up.
    client.force_login(setting["staff"]["malmo.handlaggare"])
    assert client.get("/").context["follow_up_count"] == 0
