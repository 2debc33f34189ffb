"""Every role × every finding URL × own / shared / other / expired participant.

Visible → 200 (or 302 after a write), not visible → 404, roles that don't work with participants (the steering
group, account administrators, the evaluator) → 403. Whoever may change the participant records and changes its
findings; the finding is seen exactly when its participant is.
"""

import uuid

import pytest

from insikt.models import AccessLog, Organisation, User
from meetings.models import Finding, FindingType
from meetings.tests.finding_factories import record
from participants.tests.test_permission_matrix import CASEWORK, ROLES, VISIBLE

# Beyond the participant matrix's roles: an account administrator, and the evaluator where the demo has one.
MORE_ROLES = ["af.admin", "utvarderare"]


@pytest.fixture
def matrix(world, expire_yesterday):
    """On each participant a finding, recorded by a caseworker of the registering organisation."""
    records = {}
    for which in VISIBLE:
        participant = world[which]
        code = participant.registering_organisation.code
        by = world["staff"]["af.handlaggare" if code == "af" else "malmo.handlaggare"]
        records[which] = (participant, record(participant, by, description=f"Iakttagelse om {which}."))
    return records


def urls(participant, finding):
    """(method, url, data, status when the user sees the participant). Writes come after the reads."""
    data = {
        "organisation": str(Organisation.objects.get(code="region").pk),
        "area": "halsa",
        "finding_type": str(FindingType.objects.get(name="Missad möjlighet").pk),
        "description": "Ingen remiss skrevs.",
    }
    return [
        ("get", f"/deltagare/{participant.pk}/iakttagelser/ny/", None, 200),
        ("get", f"/iakttagelser/{finding.pk}/", None, 200),
        ("get", f"/iakttagelser/{finding.pk}/andra/", None, 200),
        ("post", f"/deltagare/{participant.pk}/iakttagelser/ny/", {**data, "form_token": str(uuid.uuid4())}, 302),
        ("post", f"/iakttagelser/{finding.pk}/andra/", {**data, "version": finding.version}, 302),
    ]


@pytest.mark.parametrize("role", ROLES + MORE_ROLES)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_finding_urls(client, matrix, role, which):
    participant, finding = matrix[which]
    user = User.objects.filter(username=role).first()
    if user is None:
        pytest.skip(f"no demo user {role}")
    client.force_login(user)
    seen = role in CASEWORK and role in VISIBLE[which]
    for method, url, data, if_visible in urls(participant, finding):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        expected = 403 if role not in CASEWORK else if_visible if seen else 404
        assert response.status_code == expected, (role, which, method, url)
    finding.refresh_from_db()
    assert (finding.area == "halsa") == seen
    assert Finding.objects.filter(participant=participant).count() == (2 if seen else 1)
    logged = AccessLog.objects.filter(user=user, participant_id=participant.pk)
    assert logged.exists() == seen
    assert not logged.filter(detail__icontains=participant.last_name).exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_participant_page_lists_findings_only_to_those_who_see_the_participant(client, matrix, role):
    client.force_login(User.objects.get(username=role))
    for which, (participant, finding) in matrix.items():
        response = client.get(f"/deltagare/{participant.pk}/")
        if role in CASEWORK and role in VISIBLE[which]:
            assert f"Iakttagelse om {which}." in response.content.decode()
            assert f"/iakttagelser/{finding.pk}/" in response.content.decode()
        else:
            assert response.status_code in (403, 404)
