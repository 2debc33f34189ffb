"""Demo findings: across areas, types and organisations, valid, fitting their participant, idempotent."""

from io import StringIO

from django.core.management import call_command

from insikt.areas import InsightArea
from meetings.models import Finding, FindingType


def test_seed_demo_adds_findings_across_areas_types_and_organisations(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=40, no_reports=True, stdout=StringIO())
    count = Finding.objects.count()
    assert count >= 20
    assert set(Finding.objects.values_list("area", flat=True)) == set(InsightArea.values)
    assert set(Finding.objects.values_list("finding_type", flat=True)) == set(
        FindingType.objects.values_list("pk", flat=True)
    )
    codes = set(Finding.objects.values_list("organisation__code", flat=True))
    assert {"af", "ama", "eb", "fk", "region", None} <= codes
    call_command("seed_demo", participants=40, no_reports=True, stdout=StringIO())
    assert Finding.objects.count() == count
    for f in Finding.objects.select_related("participant", "meeting", "history_review", "recorded_by"):
        f.full_clean()
        source = f.meeting or f.history_review
        assert source is not None and source.participant_id == f.participant_id
        assert f.recorded_by_organisation_id == f.recorded_by.organisation_id
    assert Finding.objects.filter(period_from__isnull=False, period_to__isnull=False).exists()
    assert Finding.objects.filter(period_from__isnull=True).exists()
