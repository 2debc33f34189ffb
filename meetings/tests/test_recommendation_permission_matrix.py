"""Every role × every recommendation and closing URL × own / shared / other / expired participant.

Visible → 200 (or 302 where the page redirects), not visible → 404, steering group → 403. Closing and
reopening belong to the registering organisation: others who see the participant are sent back to its
page with the rule. The two lists answer every caseworker, and show only recommendations of participants
the user may see.
"""

import uuid

import pytest
from django.utils import timezone

from insikt.models import AccessLog, User
from meetings.models import RecommendationCategory
from meetings.tests.factories import held_multi_party, recommend, send
from participants.tests.test_permission_matrix import CASEWORK, REGISTERING, ROLES, VISIBLE


@pytest.fixture
def matrix(world, expire_yesterday):
    """On each participant: a held multi-party meeting and a sent recommendation to the registering organisation,
    due for follow-up today."""
    records = {}
    for which in VISIBLE:
        participant = world[which]
        code = participant.registering_organisation.code
        by = world["staff"]["af.handlaggare" if code == "af" else "malmo.handlaggare"]
        meeting = held_multi_party(participant, by)
        category = RecommendationCategory.objects.get(
            name="Arbetsförmedlingen – matchning och jobbsökning"
            if code == "af"
            else "Malmö stad – arbetsmarknadsinsats"
        )
        recommendation = send(recommend(participant, by, meeting=meeting, category=category), by,
                              follow_up_on=timezone.localdate())  # fmt: skip
        participant.refresh_from_db()
        records[which] = (participant, meeting, recommendation)
    return records


def urls(participant, meeting, recommendation):
    """(method, url, data, status when the user sees the participant, status when the user sees it but is not of
    the registering organisation). Writes come after the reads."""
    pk, rec = participant.pk, recommendation.pk
    create = {
        "meeting": meeting.pk,
        "category": RecommendationCategory.objects.get(name="Ingen ny insats").pk,
        "receiving_organisation": participant.registering_organisation_id,
        "areas": ["arbete"],
        "rationale": "Nuvarande planering räcker.",
        "form_token": str(uuid.uuid4()),
    }
    return [
        ("get", f"/deltagare/{pk}/rekommendationer/ny/", None, 200, 200),
        ("get", f"/deltagare/{pk}/rekommendationer/ny/?mote={meeting.pk}", None, 200, 200),
        ("get", f"/rekommendationer/{rec}/", None, 200, 200),
        ("get", f"/rekommendationer/{rec}/andra/", None, 200, 200),
        ("get", f"/rekommendationer/{rec}/status/", None, 200, 200),
        ("get", f"/rekommendationer/{rec}/overlamning.pdf", None, 200, 200),
        ("get", f"/deltagare/{pk}/avsluta/", None, 200, 302),
        ("get", f"/deltagare/{pk}/ateroppna/", None, 200, 302),
        ("post", f"/deltagare/{pk}/rekommendationer/ny/", create, 302, 302),
        ("post", f"/rekommendationer/{rec}/andra/", {"follow_up_on": "", "version": recommendation.version}, 302, 302),
        # The change just above moved the version on by one.
        (
            "post",
            f"/rekommendationer/{rec}/status/",
            {"to_status": "mottagen", "version": recommendation.version + 1},
            302,
            302,
        ),  # fmt: skip
        (
            "post",
            f"/deltagare/{pk}/avsluta/",
            {
                "reason": "arbete",
                "closed_on": timezone.localdate().isoformat(),
                "version": participant.version,
                "occupation": "arbete",
                "supports": ["lon"],
            },  # fmt: skip
            302,
            302,
        ),  # fmt: skip
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_recommendation_and_closing_urls(client, matrix, role, which):
    participant, meeting, recommendation = matrix[which]
    user = User.objects.get(username=role)
    client.force_login(user)
    for method, url, data, if_visible, if_not_registering in urls(participant, meeting, recommendation):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        if role not in CASEWORK:
            expected = 403
        elif role in VISIBLE[which]:
            expected = if_visible if role in REGISTERING[which] else if_not_registering
        else:
            expected = 404
        assert response.status_code == expected, (role, which, method, url)
    participant.refresh_from_db()
    recommendation.refresh_from_db()
    seen = role in CASEWORK and role in VISIBLE[which]
    assert (participant.status == "avslutad") == (seen and role in REGISTERING[which])
    assert (recommendation.status == "mottagen") == seen
    assert participant.recommendations.count() == (2 if seen else 1)
    logged = AccessLog.objects.filter(user=user, participant_id=participant.pk)
    assert logged.exists() == seen
    assert not logged.filter(detail__icontains=participant.last_name).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/rekommendationer/uppfoljning/", "/rekommendationer/till-oss/"])
def test_lists_show_only_recommendations_of_visible_participants(client, matrix, role, path):
    user = User.objects.get(username=role)
    client.force_login(user)
    response = client.get(path)
    if role not in CASEWORK:
        assert response.status_code == 403
        return
    shown = {r.pk for r in response.context["page"].object_list}
    visible = {matrix[w][2].pk for w, roles in VISIBLE.items() if role in roles}
    if path.endswith("uppfoljning/"):
        assert shown == visible
    else:
        to_us = {r.pk for _p, _m, r in matrix.values() if r.receiving_organisation_id == user.organisation_id}
        assert shown == visible & to_us
    page = response.content.decode()
    for participant, _meeting, recommendation in matrix.values():
        if recommendation.pk not in shown:
            assert f"/rekommendationer/{recommendation.pk}/" not in page and participant.first_name not in page
