"""Every read of a meeting or review page and every change writes an access-log entry without personal data."""

import uuid
from datetime import timedelta

from django.utils import timezone

from insikt.models import AccessLog
from meetings.models import HistoryReview
from meetings.tests.factories import book


def test_reads_and_changes_of_meetings_and_reviews_are_logged(client, world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    meeting = book(participant, af, starts_at=timezone.now() - timedelta(hours=2))
    review = HistoryReview.objects.create(
        participant=participant, organisation=af.organisation, created_by=af, updated_by=af
    )
    client.force_login(af)
    for url in [
        f"/moten/{meeting.pk}/",
        f"/moten/{meeting.pk}/andra/",
        f"/moten/{meeting.pk}/utfall/",
        f"/moten/{meeting.pk}/kalender.ics",
        f"/deltagare/{participant.pk}/genomlysning/",
        f"/deltagare/{participant.pk}/genomlysning/{review.pk}/andra/",
    ]:
        before = AccessLog.objects.count()
        assert client.get(url).status_code == 200, url
        assert AccessLog.objects.count() == before + 1, url
    client.post(
        f"/moten/{meeting.pk}/utfall/",
        {"status": "genomfort", "notes": "Anteckning", "version": meeting.version, "form_token": str(uuid.uuid4())},
    )
    entries = list(AccessLog.objects.filter(participant_id=participant.pk).values_list("action", "detail"))
    assert ("change", f"mötesutfall {meeting.pk}") in entries
    assert {action for action, _ in entries} == {"view", "file", "change"}
    for _, detail in entries:
        for personal in (participant.first_name, participant.last_name, participant.personnummer, "Anteckning"):
            assert personal not in detail
