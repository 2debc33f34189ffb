"""Avslut: closing a participant with reason and date, reopening, and what the database insists on."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from insikt.locking import ConcurrentEditError
from participants import services
from participants.models import ClosingReason, Participant, Status
from participants.tests.factories import register

# The closing form also asks for the state at closing (participants.outcome_forms).
STATE = {"occupation": "arbetssokande", "supports": ["aktivitetsstod"]}


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


@pytest.fixture
def participant(af):
    """A participant who consented and whose multi-party meeting was held (the event, as meetings reports it)."""
    p = register(af, first_name="Stina", last_name="Avslut")
    services.register_consent(participant=p, given_on=p.registered_on, form="skriftligt", by=af)
    services.advance_status(p, Status.MEETING_HELD, by=af)
    return p


def close(participant, by, reason=ClosingReason.EMPLOYED, closed_on=None, note=""):
    services.close_participant(participant=participant, reason=reason, closed_on=closed_on or timezone.localdate(),
                               expected_version=participant.version, by=by, note=note)  # fmt: skip


def test_closing_records_date_reason_and_history(participant, af):
    close(participant, af, closed_on=timezone.localdate())
    participant.refresh_from_db()
    assert participant.status == Status.CLOSED
    assert participant.closed_on == timezone.localdate()
    assert participant.closing_reason == ClosingReason.EMPLOYED
    last = participant.status_changes.last()
    assert (last.from_status, last.to_status, last.reason) == (Status.MEETING_HELD, Status.CLOSED, "Fått arbete")


def test_closing_rules_speak_swedish_per_field(participant, af):
    with pytest.raises(ValidationError) as error:
        close(participant, af, reason=ClosingReason.OTHER, closed_on=timezone.localdate() + timedelta(days=1))
    assert set(error.value.message_dict) == {"note", "closed_on"}
    with pytest.raises(ValidationError) as error:
        close(participant, af, closed_on=participant.registered_on - timedelta(days=1))
    assert "före anmälan" in error.value.message_dict["closed_on"][0]
    assert Participant.objects.get(pk=participant.pk).status == Status.MEETING_HELD


def test_a_participant_who_declined_cannot_be_closed_on_top(participant, af):
    services.change_status(participant=participant, to_status=Status.DECLINED, reason="Vill inte",
                           expected_version=participant.version, by=af)  # fmt: skip
    with pytest.raises(ValidationError):
        close(participant, af)


def test_closing_is_not_offered_without_a_date_and_reason(participant, af):
    assert Status.CLOSED not in services.allowed_next_statuses(participant)
    with pytest.raises(ValidationError):
        services.change_status(participant=participant, to_status=Status.CLOSED, reason="",
                               expected_version=participant.version, by=af)  # fmt: skip


def test_the_database_insists_on_date_and_reason_exactly_when_closed(participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(status=Status.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(closed_on=timezone.localdate(), closing_reason="arbete")


def test_reopening_returns_to_the_status_before_closing_and_keeps_the_history(participant, af):
    close(participant, af)
    participant.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.reopen_participant(participant=participant, reason=" ", expected_version=participant.version, by=af)
    assert "reason" in error.value.message_dict
    services.reopen_participant(participant=participant, reason="Arbetet tog slut", expected_version=participant.version,
                                by=af)  # fmt: skip
    participant.refresh_from_db()
    assert participant.status == Status.MEETING_HELD
    assert participant.closed_on is None and participant.closing_reason == ""
    assert [(c.to_status, c.reason) for c in participant.status_changes.all()][-2:] == [
        (Status.CLOSED, "Fått arbete"),
        (Status.MEETING_HELD, "Återöppnad: Arbetet tog slut"),
    ]


def test_a_concurrent_change_stops_the_closing(participant, af):
    stale_version = participant.version
    services.update_participant(participant=Participant.objects.get(pk=participant.pk),
                                expected_version=stale_version, by=af)  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        services.close_participant(participant=participant, reason=ClosingReason.MOVED,
                                   closed_on=timezone.localdate(), expected_version=stale_version, by=af)  # fmt: skip
    assert Participant.objects.get(pk=participant.pk).status == Status.MEETING_HELD


def test_close_and_reopen_pages(client, participant, af):
    client.force_login(af)
    detail = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert f"/deltagare/{participant.pk}/avsluta/" in detail
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", {"reason": "annat", "note": "",
                           "closed_on": timezone.localdate().isoformat(), "version": participant.version, **STATE})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Beskriv skälet när du väljer ”Annat”."]
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", {"reason": "flyttat",
                           "closed_on": timezone.localdate().isoformat(), "version": participant.version, **STATE})  # fmt: skip
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.CLOSED and participant.closing_reason == "flyttat"
    detail = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Flyttat från Malmö".lower() in detail and f"/deltagare/{participant.pk}/ateroppna/" in detail
    response = client.post(f"/deltagare/{participant.pk}/ateroppna/",
                           {"reason": "Flyttade tillbaka", "version": participant.version})  # fmt: skip
    assert response.status_code == 302
    assert Participant.objects.get(pk=participant.pk).status == Status.MEETING_HELD


def test_the_close_page_keeps_the_input_when_someone_else_saved_meanwhile(client, participant, af):
    client.force_login(af)
    stale = {"reason": "annat", "note": "Började studera på folkhögskola", "closed_on": timezone.localdate().isoformat(),
             "version": participant.version, **STATE}  # fmt: skip
    services.update_participant(participant=Participant.objects.get(pk=participant.pk),
                                expected_version=participant.version, by=af)  # fmt: skip
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", stale)
    assert response.status_code == 200 and response.context["conflict"]
    assert "Började studera på folkhögskola" in response.content.decode()
    assert Participant.objects.get(pk=participant.pk).status == Status.MEETING_HELD
