"""Anonymisation keeps the outcomes, gender and birth year and removes the number, names and birth date (issue 16)."""

import json

from django.utils import timezone

from insikt.home.management.commands.anonymise import anonymise
from insikt.home.tests.test_anonymise import dump
from participants import outcomes
from participants.models import Outcome, Participant
from participants.tests.factories import register


def outcome_rows():
    return sorted(
        (o.moment, o.months_after, o.recorded_on, o.occupation, o.not_reached, o.recorded_by_id,
         tuple(sorted(o.supports.values_list("support", flat=True))))
        for o in Outcome.objects.all()
    )  # fmt: skip


def test_anonymise_keeps_outcomes_and_gender_and_removes_the_person(demo_staff):
    af = demo_staff["af.handlaggare"]
    leaving = register(af, first_name="Xenia", last_name="Qvarnström")
    outcomes.record_outcome(participant=leaving, moment=outcomes.REGISTRATION, recorded_on=leaving.registered_on,
                            occupation="arbetssokande", supports=["ekonomiskt_bistand"], by=af)  # fmt: skip
    leaving.refresh_from_db()
    outcomes.close_with_outcome(participant=leaving, reason="arbete", closed_on=timezone.localdate(),
                               expected_version=leaving.version, by=af, occupation="arbete",
                               supports=["lon"])  # fmt: skip
    leaving.refresh_from_db()
    number, gender, birth_year = leaving.personnummer, leaving.gender, leaving.birth_year
    birth_date = leaving.birth_date.strftime("%Y-%m-%d")
    assert gender in ("kvinna", "man") and len(Outcome.objects.filter(participant=leaving)) == 2
    kept = outcome_rows()
    anonymise(leaving)
    text = dump()
    for personal in (number, number[2:], f"{number[:8]}-{number[8:]}", "Xenia", "Qvarnström", birth_date):
        assert personal not in text, personal
    after = Participant.objects.get(pk=leaving.pk)
    assert after.anonymised_at and (after.gender, after.birth_year) == (gender, birth_year)
    assert outcome_rows() == kept
    rows = json.loads(text)
    [person] = [r["fields"] for r in rows if r["model"] == "participants.participant" and r["pk"] == str(leaving.pk)]
    assert person["gender"] == gender and person["personnummer"] is None
    dumped = [r["fields"] for r in rows if r["model"] == "participants.outcome"]
    assert sorted(o["occupation"] for o in dumped) == ["arbete", "arbetssokande"]
