"""Anonymisation keeps coded findings and removes their descriptions; a checked quote is a text of its own."""

from django.db.models import Count
from django.utils import timezone

from insikt.home.management.commands.anonymise import anonymise
from insikt.home.tests.test_anonymise import dump
from meetings.models import Finding
from meetings.tests.finding_factories import record
from participants import services
from participants.models import Participant
from participants.tests.factories import register
from reports.models import Quote


def codes():
    return list(
        Finding.objects.values("organisation_id", "other_organisation", "area", "finding_type_id", "period_from",
                               "period_to", "history_review_id", "meeting_id", "recorded_on",
                               "recorded_by_organisation_id")
        .annotate(n=Count("id"))
        .order_by("area", "finding_type_id", "other_organisation")
    )  # fmt: skip


def test_anonymise_removes_the_descriptions_and_keeps_the_codes(demo_staff):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    leaving, staying = register(af), register(af)
    record(leaving, af, area="halsa", description="Zlatan-sjukskrivningen följdes aldrig upp",
           suggested_change="Ring Zlatans vårdcentral i Rosengård")  # fmt: skip
    other = record(leaving, malmo, area="arbete", finding_type="Insatsen passade inte", organisation=None,
                   other_organisation="Kriminalvården", description="Qwerty-praktiken avbröts utan plan")  # fmt: skip
    record(staying, af, description="Xylofon-planen saknades")
    Quote.objects.create(finding=other, text="En praktik avbröts utan att någon ny plan gjordes.", checked_by=af)
    services.close_participant(participant=leaving, reason="flyttat", closed_on=timezone.localdate(),
                               expected_version=leaving.version, by=af)  # fmt: skip
    coded = codes()
    anonymise(leaving)  # what the command does for each participant whose retention has passed
    text = dump()
    assert Participant.objects.get(pk=leaving.pk).anonymised_at
    for personal in ("Zlatan", "Rosengård", "Qwerty"):
        assert personal not in text, personal
    assert "Xylofon-planen saknades" in text  # a participant still in the project keeps hers
    assert "En praktik avbröts utan att någon ny plan gjordes." in text  # the checked quote stays
    assert codes() == coded  # every coded finding is still there to be counted
    assert set(Finding.objects.filter(participant=leaving).values_list("anonymised", "description",
                                                                        "suggested_change")) == {(True, "", "")}  # fmt: skip
    assert not Finding.objects.filter(participant=staying, anonymised=True).exists()
