from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from insikt.models import Organisation
from participants.models import ENDED, Participant
from reports.models import ReportingPeriod
from reports.report import Report


def snapshot_of_figures(period):
    report = Report(period)
    return report.goal, [table.as_data() for table in report.all_tables()]


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=40, no_reports=True, stdout=StringIO())
    Organisation.objects.update(retention_days=0)
    return ReportingPeriod.objects.create(kind="ar", year=timezone.localdate().year)


def dump() -> str:
    out = StringIO()
    call_command("dumpdata", "participants", "meetings", "questionnaire", "insikt", "reports", stdout=out)
    return out.getvalue()


def test_anonymise_removes_personal_data_and_keeps_the_figures(seeded):
    before = snapshot_of_figures(seeded)
    ended = list(Participant.objects.filter(status__in=ENDED))
    assert ended
    out = StringIO()
    call_command("anonymise", before=timezone.localdate().isoformat(), apply=True, stdout=out)
    call_command("anonymise", before=timezone.localdate().isoformat(), apply=True, stdout=StringIO())  # idempotent
    anonymised = [p for p in ended if Participant.objects.get(pk=p.pk).anonymised_at]
    assert anonymised, out.getvalue()
    text = dump()
    kept = Participant.objects.filter(anonymised_at__isnull=True)
    for p in anonymised:
        assert p.personnummer not in text
        assert p.formatted_personnummer not in text
        # Demo phone numbers and addresses repeat; those of people still in the project may stay.
        if not kept.filter(phone=p.phone).exists():
            assert p.phone not in text
        if not kept.filter(address=p.address).exists():
            assert p.address not in text
        fresh = Participant.objects.get(pk=p.pk)
        assert (fresh.first_name, fresh.last_name, fresh.phone, fresh.email) == ("Anonymiserad", "", "", "")
    assert snapshot_of_figures(seeded) == before
    # Participants still in the project are untouched.
    assert not Participant.objects.exclude(status__in=ENDED).filter(anonymised_at__isnull=False).exists()


def test_dry_run_changes_nothing(seeded):
    out = StringIO()
    call_command("anonymise", before=timezone.localdate().isoformat(), dry_run=True, stdout=out)
    assert "Skulle anonymisera" in out.getvalue()
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()


def test_a_participant_who_is_not_closed_is_refused(seeded):
    active = Participant.objects.exclude(status__in=ENDED).first()
    with pytest.raises(CommandError, match="inte avslutad"):
        call_command("anonymise", before=timezone.localdate().isoformat(), apply=True, participant=str(active.pk))
    assert Participant.objects.get(pk=active.pk).anonymised_at is None


def test_retention_period_is_respected(seeded):
    Organisation.objects.update(retention_days=3650)
    out = StringIO()
    call_command("anonymise", before=timezone.localdate().isoformat(), apply=True, stdout=out)
    assert "bevaras till" in out.getvalue()
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()


@pytest.mark.parametrize("before, message", [("igår", "ÅÅÅÅ-MM-DD"), ("2999-01-01", "framtiden")])
def test_bad_dates_are_explained(db, before, message):
    with pytest.raises(CommandError, match=message):
        call_command("anonymise", before=before, dry_run=True)


def closed(by, **fields):
    from participants import services
    from participants.tests.factories import register

    participant = register(by, **fields)
    services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=participant.version, by=by)  # fmt: skip
    return participant


def test_no_placeholder_can_collide_whatever_the_ids(demo_staff):
    import uuid

    from insikt.home.management.commands.anonymise import anonymise

    af = demo_staff["af.handlaggare"]
    # Ids equal modulo 10^8: the old placeholder ("0000" + id mod 10^8) gave both the same number.
    first = closed(af, id=uuid.UUID(int=12345678))
    second = closed(af, id=uuid.UUID(int=12345678 + 10**8))
    anonymise(first)
    anonymise(second)
    assert list(Participant.objects.filter(pk__in=[first.pk, second.pk]).values_list("personnummer", flat=True)) == [
        None,
        None,
    ]


def test_scanned_documents_are_deleted_only_once_the_anonymisation_is_committed(
    demo_staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.db import transaction

    from insikt.home.management.commands.anonymise import anonymise
    from participants import services
    from participants.models import Consent
    from participants.tests.factories import register

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt",
                              document=ContentFile(b"%PDF-1.4", name="s.pdf"), by=af)  # fmt: skip
    services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=Participant.objects.get(pk=participant.pk).version, by=af)  # fmt: skip
    path = tmp_path / Consent.objects.get(participant=participant).document.name
    assert path.exists()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        anonymise(participant)
        raise Abort  # e.g. the run is stopped: the database rolls back
    assert path.exists() and Participant.objects.get(pk=participant.pk).anonymised_at is None

    with django_capture_on_commit_callbacks(execute=True):
        anonymise(participant)
    assert not path.exists()


def test_the_interpreters_language_goes_too(demo_staff):
    from insikt.home.management.commands.anonymise import anonymise
    from meetings.models import MeetingAttendee
    from meetings.tests.factories import book
    from participants.tests.factories import register

    af = demo_staff["af.handlaggare"]
    participant = register(af, language="tigrinja", needs_interpreter=True)
    meeting = book(participant, af)
    MeetingAttendee.objects.create(meeting=meeting, kind="tolk", language="tigrinja", name="Tolk Tolksson")
    from participants import services

    services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=Participant.objects.get(pk=participant.pk).version, by=af)  # fmt: skip
    anonymise(participant)
    assert not MeetingAttendee.objects.filter(language="tigrinja").exists()
    assert not MeetingAttendee.objects.filter(name="Tolk Tolksson").exists()


def test_an_anonymised_participant_refuses_every_write(client, demo_staff):
    from django.core.exceptions import ValidationError

    from insikt.home.management.commands.anonymise import anonymise
    from meetings.tests.factories import book
    from participants import services
    from participants.models import AccessRequest, Task
    from participants.tasks import complete_task

    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    participant = closed(af)
    task = Task.objects.create(participant=participant, organisation=af.organisation, title="Ring", created_by=af,
                               due_on=timezone.localdate(), assigned_to=af)  # fmt: skip
    asked = AccessRequest.objects.create(participant=participant, requested_by=malmo, organisation=malmo.organisation)
    anonymise(participant)
    participant = Participant.objects.get(pk=participant.pk)
    with pytest.raises(ValidationError, match="anonymiserad"):
        complete_task(task=Task.objects.get(pk=task.pk), by=af)
    with pytest.raises(ValidationError, match="anonymiserad"):
        services.answer_access_request(request=asked, answer=AccessRequest.Answer.DECLINED, message="", by=af)
    with pytest.raises(ValidationError, match="anonymiserad"):
        services.reopen_participant(participant=participant, reason="Tillbaka", expected_version=participant.version,
                                    by=af)  # fmt: skip
    with pytest.raises(ValidationError, match="anonymiserad"):
        services.register_consent(participant=participant, given_on=timezone.localdate(), form="muntligt", by=af)
    with pytest.raises(ValidationError, match="anonymiserad"):
        book(participant, af)
    with pytest.raises(PermissionError):
        participant.save()
    client.force_login(af)
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 200  # still read (and counted)
    for page in ("andra/", "ateroppna/", "samtycke/", "moten/nytt/", "genomlysning/ny/"):
        assert client.get(f"/deltagare/{participant.pk}/{page}").status_code == 404, page
    assert Participant.objects.get(pk=participant.pk).status == "avslutad"


def test_both_messages_of_an_access_request_go(demo_staff):
    from insikt.home.management.commands.anonymise import anonymise
    from participants import services
    from participants.models import AccessRequest
    from participants.tests.factories import register

    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    participant = register(af)
    asked = AccessRequest.objects.create(participant=participant, requested_by=malmo,
                                         organisation=malmo.organisation, message="Hon bor hos oss nu")  # fmt: skip
    services.answer_access_request(request=asked, answer=AccessRequest.Answer.DECLINED,
                                   message="Hon har flyttat till Lund", by=af)  # fmt: skip
    services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=Participant.objects.get(pk=participant.pk).version, by=af)  # fmt: skip
    anonymise(participant)
    asked.refresh_from_db()
    assert (asked.message, asked.answer_message) == ("", "")
    assert asked.answer == AccessRequest.Answer.DECLINED  # what was answered stays, for the requester
