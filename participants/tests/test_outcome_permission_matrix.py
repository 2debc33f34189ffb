"""Every role × every outcome URL × own / shared / other / expired participant (issue 16).

Seen and changeable → 200 (or 302 after a write, or back to the participant page for a moment not open yet), not
seen → 404, roles that don't work with participants (the steering group, account administrators, the evaluator) →
403. Every page that answers is written to the access log as a read or change of the participant.
"""

import uuid

import pytest
from django.utils import timezone

from insikt.models import AccessLog, User
from participants.models import Outcome
from participants.tests.test_permission_matrix import CASEWORK, ROLES, VISIBLE

MORE_ROLES = ["af.admin", "utvarderare"]


def urls(participant):
    """(method, url, data, status when the user may change the participant)."""
    base = f"/deltagare/{participant.pk}/sysselsattning"
    data = {"recorded_on": timezone.localdate().isoformat(), "occupation": "arbetssokande",
            "supports": ["aktivitetsstod"], "form_token": str(uuid.uuid4())}  # fmt: skip
    return [
        ("get", f"{base}/anmalan/", None, 200),
        ("get", f"{base}/uppfoljning-3/", None, 302),  # not closed: back to the page, with the reason
        ("get", f"{base}/avslut/", None, 302),
        ("post", f"{base}/anmalan/", data, 302),
    ]


@pytest.mark.parametrize("role", ROLES + MORE_ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_outcome_urls(client, world, expire_yesterday, role, which):
    participant = world[which]
    user = User.objects.filter(username=role).first()
    if user is None:
        pytest.skip(f"no demo user {role}")
    client.force_login(user)
    seen = role in CASEWORK and role in VISIBLE[which]
    for method, url, data, if_seen in urls(participant):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        expected = 403 if role not in CASEWORK else if_seen if seen else 404
        assert response.status_code == expected, (role, which, method, url)
    assert Outcome.objects.filter(participant=participant).exists() == seen
    logged = AccessLog.objects.filter(user=user, participant_id=participant.pk)
    assert logged.filter(action="view").count() == (4 if seen else 0)  # each request, the POST too
    assert logged.filter(action="change", detail="sysselsättning anmalan").count() == (1 if seen else 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_participant_page_shows_the_outcomes_only_to_those_who_see_the_participant(
    client, world, expire_yesterday, role
):
    from participants import outcomes

    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    for which in VISIBLE:
        participant = world[which]
        by = af if participant.registering_organisation.code == "af" else malmo
        outcomes.record_outcome(participant=participant, moment=outcomes.REGISTRATION,
                                recorded_on=participant.registered_on, occupation="sjukskriven",
                                supports=["sjukpenning"], by=by)  # fmt: skip
    client.force_login(User.objects.get(username=role))
    for which in VISIBLE:
        response = client.get(f"/deltagare/{world[which].pk}/")
        if role in CASEWORK and role in VISIBLE[which]:
            assert "Sjukpenning eller rehabiliteringsersättning" in response.content.decode()
        else:
            assert response.status_code in (403, 404)
