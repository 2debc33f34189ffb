"""Mina möten and the start page's upcoming meetings: the user's own meetings, among the participants they see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting
from meetings.tests.factories import book
from participants.tests.factories import register


def test_my_meetings_lists_what_i_attend_or_booked_upcoming_and_past(client, world):
    af, leader = world["staff"]["af.handlaggare"], world["staff"]["projektledare"]
    now = timezone.now()
    attending = book(world["own"], leader, staff=[af], starts_at=now + timedelta(days=2))  # booked by a colleague
    booked = book(world["shared"], af, staff=[leader], starts_at=now + timedelta(days=1))  # I booked, don't attend
    past = book(world["own"], af, starts_at=now - timedelta(days=3))
    not_mine = book(world["expired"], leader, starts_at=now + timedelta(days=4))
    client.force_login(af)
    response = client.get("/moten/")
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [booked, attending]
    assert list(response.context["past"]) == [past]
    page = response.content.decode()
    assert f"/moten/{not_mine.pk}/" not in page
    assert f"/moten/{booked.pk}/kalender.ics" in page


def test_meetings_of_a_participant_i_no_longer_see_drop_out(client, world, request):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    meeting = book(world["expired"], af, staff=[af, malmo], starts_at=timezone.now() + timedelta(days=3))
    client.force_login(malmo)
    assert meeting in client.get("/moten/").context["upcoming"]
    request.getfixturevalue("expire_yesterday")  # the waiver naming AMA has now ended
    client.logout()  # a new day: yesterday's session has ended
    client.force_login(malmo)
    assert meeting not in client.get("/moten/").context["upcoming"]
    client.force_login(af)
    assert meeting in client.get("/moten/").context["upcoming"]


def test_the_start_page_shows_my_next_meetings(client, world):
    af = world["staff"]["af.handlaggare"]
    meeting = book(world["own"], af, starts_at=timezone.now() + timedelta(days=1))
    cancelled = book(world["shared"], af, starts_at=timezone.now() + timedelta(days=2))
    Meeting.objects.filter(pk=cancelled.pk).update(status="installt", cancel_reason="Sjuk")
    client.force_login(af)
    page = client.get("/").content.decode()
    assert f'href="/moten/{meeting.pk}/"' in page and "med Egen Deltagare" in page
    assert f"/moten/{cancelled.pk}/" not in page
    assert 'href="/moten/">Mina möten</a>' in page


@pytest.mark.parametrize("url", ["/moten/", "/"])
def test_the_query_count_does_not_grow_with_the_number_of_meetings(client, world, url, django_assert_max_num_queries):
    af = world["staff"]["af.handlaggare"]
    client.force_login(af)

    def add(count):
        for index in range(count):
            participant = register(af)
            # Alternately past and upcoming, so that both lists (and both paginators) are in play.
            book(participant, af, starts_at=timezone.now() + timedelta(days=1 if index % 2 else -1, hours=index))

    add(5)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    add(45)
    with django_assert_max_num_queries(30) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
