"""Manual tasks on a participant: the organisation's own work note, under the participant's access rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insikt.models import AccessLog
from participants.models import Task
from participants.services import anonymise_participant
from participants.tasks import visible_tasks


@pytest.fixture
def af(world):
    return world["staff"]["af.handlaggare"]


def create(client, participant, **data):
    fields = {"title": "Ring tillbaka om tid", "due_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
              **data}  # fmt: skip
    return client.post(f"/deltagare/{participant.pk}/uppgifter/ny/", fields)


def test_a_task_is_written_shown_to_the_assignee_and_closed(client, world, af, demo_staff):
    colleague = demo_staff["projektledare"]  # the same organisation
    client.force_login(af)
    response = create(client, world["shared"], assigned_to=colleague.pk)
    assert response.status_code == 302 and response.url.endswith("#egna-uppgifter")
    task = Task.objects.get()
    assert (task.organisation, task.assigned_to, task.created_by) == (af.organisation, colleague, af)
    assert AccessLog.objects.filter(user=af, participant_id=world["shared"].pk, detail="uppgift skapad").exists()
    assert "Ring tillbaka om tid" in client.get(f"/deltagare/{world['shared'].pk}/").content.decode()
    assert list(visible_tasks(colleague).filter(assigned_to=colleague, done_at=None)) == [task]

    client.post(f"/deltagare/{world['shared'].pk}/uppgifter/{task.pk}/klar/", {"klar": "1"})
    task.refresh_from_db()
    assert task.is_done and task.done_by == af
    assert not visible_tasks(colleague).filter(done_at=None).exists()
    assert AccessLog.objects.filter(user=af, detail="uppgift klar", action=AccessLog.Action.CHANGE).count() == 1
    client.post(f"/deltagare/{world['shared'].pk}/uppgifter/{task.pk}/klar/", {"klar": "1"})  # a second click
    assert AccessLog.objects.filter(user=af, detail="uppgift klar", action=AccessLog.Action.CHANGE).count() == 1


def test_bad_input_is_refused_on_the_field_and_kept(client, world, af):
    client.force_login(af)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = create(client, world["own"], title="Skicka kallelse", due_on=yesterday, assigned_to=af.pk)
    page = response.content.decode()
    assert response.status_code == 400 and "Datumet har redan passerat." in page and "Skicka kallelse" in page
    response = create(client, world["own"], title="Skicka kallelse", due_on=yesterday, assigned_to="")
    page = response.content.decode()
    assert "Datumet har redan passerat." in page and "Välj vem som gör uppgiften." in page  # both at once
    response = create(client, world["own"], title="", due_on="imorgon", assigned_to="")
    page = response.content.decode()
    assert "Skriv vad som ska göras." in page and "Skriv datumet som ÅÅÅÅ-MM-DD." in page
    assert "Välj vem som gör uppgiften." in page
    assert not Task.objects.exists()


def test_the_assignee_is_in_the_writers_own_organisation(client, world, af):
    client.force_login(af)
    malmo = world["staff"]["malmo.handlaggare"]
    response = create(client, world["shared"], assigned_to=malmo.pk)
    assert response.status_code == 400 and not Task.objects.exists()


def test_another_organisation_never_sees_the_task(client, world, af):
    """Malmö sees the shared participant through a waiver, but not what AF plans to do."""
    client.force_login(af)
    create(client, world["shared"], title="AF:s egen anteckning", assigned_to=af.pk)
    task = Task.objects.get()
    malmo = world["staff"]["malmo.handlaggare"]
    client.force_login(malmo)
    page = client.get(f"/deltagare/{world['shared'].pk}/").content.decode()
    assert page.count("Delad") and "AF:s egen anteckning" not in page
    response = client.post(f"/deltagare/{world['shared'].pk}/uppgifter/{task.pk}/klar/", {"klar": "1"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.is_done


def test_no_task_on_a_participant_the_user_may_not_see(client, world, af):
    client.force_login(af)
    assert create(client, world["other"], assigned_to=af.pk).status_code == 404


def test_the_title_goes_with_anonymisation(world, af):
    Task.objects.create(participant=world["own"], organisation=af.organisation, title="Ring om skulderna",
                        due_on=timezone.localdate(), assigned_to=af, created_by=af)  # fmt: skip
    anonymise_participant(world["own"])
    assert not Task.objects.filter(title__contains="skulder").exists()
