"""Every role × every meeting and history-review URL × own / shared / other / expired participant.

Visible → 200 (or 302 where the page redirects), not visible → 404, steering group → 403.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.models import User
from meetings.models import HistoryReview
from meetings.tests.factories import book
from participants.tests.test_permission_matrix import CASEWORK, ROLES, VISIBLE


@pytest.fixture
def matrix(world, expire_yesterday):
    """A booked meeting and the registering organisation's review on each participant."""
    records = {}
    for index, which in enumerate(VISIBLE):
        participant = world[which]
        by = world["staff"][
            "af.handlaggare" if participant.registering_organisation.code == "af" else "malmo.handlaggare"
        ]
        meeting = book(participant, by, starts_at=timezone.now() + timedelta(days=index + 1))
        review = HistoryReview.objects.create(
            participant=participant, organisation=by.organisation, created_by=by, updated_by=by
        )
        records[which] = (participant, meeting, review)
    return records


def booking_data(user):
    return {
        "kind": "information",
        "starts_at": (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "60",
        "place": "Jobbtorg",
        "staff": [user.pk],
        "participant_attends": "on",
        "form_token": str(uuid.uuid4()),
        "ovriga-TOTAL_FORMS": "0",
        "ovriga-INITIAL_FORMS": "0",
    }


def urls(participant, meeting, review, user):
    """(method, url, data, status when the user sees the participant)."""
    own_review = review.organisation_id == user.organisation_id
    pk = participant.pk
    return [
        ("get", f"/moten/{meeting.pk}/", None, 200),
        ("get", f"/moten/{meeting.pk}/andra/", None, 200),
        ("get", f"/moten/{meeting.pk}/utfall/", None, 200),
        ("get", f"/moten/{meeting.pk}/kalender.ics", None, 200),
        ("post", f"/moten/{meeting.pk}/utfall/", {"status": "bokat", "notes": "x", "version": meeting.version}, 302),
        ("get", f"/deltagare/{pk}/moten/nytt/", None, 200),
        ("post", f"/deltagare/{pk}/moten/nytt/", booking_data(user), 302),
        ("get", f"/deltagare/{pk}/genomlysning/", None, 200),
        ("get", f"/deltagare/{pk}/genomlysning/ny/", None, 302 if own_review else 200),
        # Only the organisation that wrote a review edits it; to others it is not there (404).
        ("get", f"/deltagare/{pk}/genomlysning/{review.pk}/andra/", None, 200 if own_review else 404),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_meeting_and_review_urls(client, matrix, role, which):
    participant, meeting, review = matrix[which]
    user = User.objects.get(username=role)
    client.force_login(user)
    for method, url, data, if_visible in urls(participant, meeting, review, user):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        if role not in CASEWORK:
            expected = 403
        elif role in VISIBLE[which]:
            expected = if_visible
        else:
            expected = 404
        assert response.status_code == expected, (role, which, method, url)


@pytest.mark.parametrize("role", ROLES)
def test_my_meetings_lists_only_meetings_of_visible_participants(client, matrix, role):
    user = User.objects.get(username=role)
    client.force_login(user)
    response = client.get("/moten/")
    if role not in CASEWORK:
        assert response.status_code == 403
        return
    shown = {m.pk for m in response.context["upcoming"]}
    booked_by_me = {m.pk for _, m, _ in matrix.values() if m.booked_by_id == user.pk}
    visible = {matrix[w][1].pk for w, roles in VISIBLE.items() if role in roles}
    assert shown == booked_by_me & visible
    page = response.content.decode()
    for participant, meeting, _ in matrix.values():
        if meeting.pk not in shown:
            assert f"/moten/{meeting.pk}/" not in page and participant.first_name not in page


@pytest.mark.parametrize("role", ROLES)
def test_start_page_meetings_are_filtered_the_same_way(client, matrix, role):
    client.force_login(User.objects.get(username=role))
    response = client.get("/")
    if role not in CASEWORK:
        assert response.status_code == 302  # the steering group goes to its reports
        return
    for which, (_participant, meeting, _review) in matrix.items():
        if role not in VISIBLE[which]:
            assert f"/moten/{meeting.pk}/" not in response.content.decode()
