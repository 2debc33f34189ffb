"""Att göra: each rule appears with its data and disappears when the data says it is done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.home import todo as todo_rules
from insikt.home.todo import todo, todo_head
from meetings import services as meeting_services
from meetings.models import HistoryReview, MeetingKind, MeetingStatus
from meetings.tests.factories import book, consent, held_multi_party, recommend, send
from participants import services as participant_services
from participants.models import AccessRequest
from participants.tests.factories import register


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


@pytest.fixture(autouse=True)
def no_registration_state_rule(monkeypatch):
    """Every participant registered here would lack the state at registration; that rule is tested on its own
    (test_todo_outcomes.py), these tests are about the others."""
    monkeypatch.setattr(todo_rules, "registration_outcomes_missing", lambda user, today, limit: ([], 0))


def kinds(user) -> list[str]:
    return [item.kind for item in todo(user)]


def test_a_meeting_past_without_an_outcome(af):
    participant = register(af, first_name="Utfall")
    meeting = book(participant, af, starts_at=timezone.now() - timedelta(days=1))
    [item] = todo(af)
    assert item.kind == "Utfall saknas" and "Utfall" in item.text and item.url == f"/moten/{meeting.pk}/utfall/"
    meeting_services.record_outcome(meeting=meeting, status=MeetingStatus.HELD, cancel_reason="", notes="",
                                    expected_version=meeting.version, by=af)  # fmt: skip
    assert todo(af) == []


def test_a_held_multi_party_meeting_without_a_recommendation(af, settings):
    settings.TODO_RECOMMENDATION_DAYS = 14
    participant = register(af)
    held_multi_party(participant, af, days_ago=3)
    assert "Rekommendation saknas" not in kinds(af)  # not yet N days
    settings.TODO_RECOMMENDATION_DAYS = 2
    [item] = [i for i in todo(af) if i.kind == "Rekommendation saknas"]
    assert item.url.startswith(f"/deltagare/{participant.pk}/rekommendationer/ny/?mote=")
    recommend(participant, af, meeting=participant.meetings.get(status=MeetingStatus.HELD))
    assert "Rekommendation saknas" not in kinds(af)


def test_a_history_review_missing_before_a_multi_party_meeting(af):
    participant = register(af)
    consent(participant, af)
    book(participant, af, kind=MeetingKind.MULTI_PARTY, starts_at=timezone.now() + timedelta(days=3))
    [item] = [i for i in todo(af) if i.kind == "Genomlysning saknas"]
    assert item.url == f"/deltagare/{participant.pk}/genomlysning/ny/" and "AF" in item.text
    HistoryReview.objects.create(participant=participant, organisation=af.organisation, created_by=af,
                                 updated_by=af)  # fmt: skip
    assert "Genomlysning saknas" not in kinds(af)


def test_a_meeting_more_than_a_week_ahead_needs_no_review_yet(af):
    participant = register(af)
    consent(participant, af)
    book(participant, af, kind=MeetingKind.MULTI_PARTY, starts_at=timezone.now() + timedelta(days=10))
    assert "Genomlysning saknas" not in kinds(af)


def test_a_waiver_ending_within_two_weeks(af, orgs):
    participant = register(af)
    consent(participant, af)
    today = timezone.localdate()
    [waiver] = participant_services.register_waivers(participant=participant, organisations=[orgs["ama"]],
                                                     valid_from=today, valid_to=today + timedelta(days=10),
                                                     form="skriftligt", by=af)  # fmt: skip
    [item] = [i for i in todo(af) if i.kind == "Sekretessgenombrott upphör"]
    assert "AMA" in item.text and item.url.endswith("#samtycke")
    participant_services.withdraw_waiver(waiver=waiver, withdrawn_on=today, reason="Vill inte", by=af)
    assert "Sekretessgenombrott upphör" not in kinds(af)


def test_a_recommendation_follow_up_that_is_due(af):
    participant = register(af)
    recommendation = send(recommend(participant, af), af, follow_up_on=timezone.localdate())
    [item] = [i for i in todo(af) if i.kind == "Uppföljning"]
    assert item.url == f"/rekommendationer/{recommendation.pk}/"
    from meetings.recommendations import services as recommendation_services

    recommendation.refresh_from_db()
    recommendation_services.change_status(recommendation=recommendation, to_status="genomford",
                                          expected_version=recommendation.version, by=af)  # fmt: skip
    assert "Uppföljning" not in kinds(af)


def test_an_access_request_waiting_for_an_answer(af, demo_staff):
    participant = register(af)
    malmo = demo_staff["malmo.handlaggare"]
    request = AccessRequest.objects.create(participant=participant, organisation=malmo.organisation,
                                           requested_by=malmo)  # fmt: skip
    [item] = [i for i in todo(af) if i.kind == "Begäran om åtkomst"]
    assert item.url.endswith("#begaran") and "Malmö" in item.text
    participant_services.answer_access_request(request=request, answer=AccessRequest.Answer.DECLINED, message="",
                                               by=af)  # fmt: skip
    assert "Begäran om åtkomst" not in kinds(af)


def test_consent_without_a_multi_party_meeting_booked(af, settings):
    settings.TODO_CONSENT_DAYS = 0
    participant = register(af)
    consent(participant, af)
    [item] = [i for i in todo(af) if i.kind == "Möte inte bokat"]
    assert item.url == f"/deltagare/{participant.pk}/moten/nytt/"
    book(participant, af, kind=MeetingKind.MULTI_PARTY, starts_at=timezone.now() + timedelta(days=20))
    assert "Möte inte bokat" not in kinds(af)


def test_only_what_the_user_may_see_and_is_responsible_for(af, demo_staff):
    """Another organisation's participant, and a colleague's, never appear."""
    malmo = demo_staff["malmo.handlaggare"]
    book(register(malmo), malmo, starts_at=timezone.now() - timedelta(days=1))
    assert todo(af) == [] and kinds(malmo) == ["Utfall saknas"]


def test_the_start_page_and_the_list_page(client, af):
    participant = register(af, first_name="Synlig")
    book(participant, af, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(af)
    start = client.get("/").content.decode()
    assert 'id="att-gora"' in start and "Synlig" in start.split('id="att-gora"')[1].split("</section>")[0]
    page = client.get("/att-gora/")
    assert page.status_code == 200 and "Registrera utfallet" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_steering_group_has_no_list(client, demo_staff):
    client.force_login(demo_staff["styrgrupp"])
    assert client.get("/att-gora/").status_code == 403


def test_the_list_costs_the_same_queries_for_more_items(af, django_assert_max_num_queries):
    for _ in range(3):
        book(register(af), af, starts_at=timezone.now() - timedelta(days=1))
    # One query a rule, the follow-ups after closing one a month (settings.FOLLOW_UP_MONTHS).
    with django_assert_max_num_queries(13):
        assert len(todo(af)) == 3
    for _ in range(5):
        book(register(af), af, starts_at=timezone.now() - timedelta(days=1))
    with django_assert_max_num_queries(13):
        assert len(todo(af)) == 8


def test_the_start_page_head_is_the_most_overdue_and_counts_them_all(af, settings):
    settings.TODO_CONSENT_DAYS = 0
    consent(register(af), af)  # due today
    for days in (2, 9, 1, 5):
        book(register(af, first_name=f"Dag{days}"), af, starts_at=timezone.now() - timedelta(days=days))
    head, total = todo_head(af, 3)
    assert total == len(todo(af)) == 5 and head == todo(af)[:3]
    assert [item.text.split(" med ")[1].split()[0] for item in head] == ["Dag9", "Dag5", "Dag2"]


def test_a_task_assigned_to_the_user(af, demo_staff):
    from participants import tasks

    participant = register(af, first_name="Uppgift")
    colleague = demo_staff["projektledare"]
    task = tasks.create_task(participant=participant, title="Ring tillbaka", due_on=timezone.localdate(),
                             assigned_to=colleague, by=af)  # fmt: skip
    [item] = [i for i in todo(colleague) if i.kind == "Uppgift"]
    assert "Ring tillbaka" in item.text and "Uppgift" in item.text and item.url.endswith("#egna-uppgifter")
    assert "Uppgift" not in kinds(af)
    tasks.complete_task(task=task, by=colleague)
    assert "Uppgift" not in kinds(colleague)
