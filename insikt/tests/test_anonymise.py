from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from insikt.models import Organisation
from participants.models import ENDED, Participant
from reports.figures import Figures
from reports.models import ReportingPeriod


def snapshot_of_figures(period):
    figures = Figures(period)
    tables = {key: table.rows for key, table in figures.tables.items()}
    questionnaire = [(item["area"], item["table"].title, item["table"].rows) for item in figures.questionnaire]
    return figures.goal, tables, questionnaire


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=40, stdout=StringIO())
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
