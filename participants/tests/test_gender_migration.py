"""Migration 0010 (issue 16): every participant on record gets the gender of their number's second-to-last digit."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from participants.demo import demo_personnummer

BEFORE = [("participants", "0009_text_length_limits")]
AFTER = [("participants", "0010_person_outcomes_protected_identity")]


@pytest.mark.django_db(transaction=True)
def test_gender_is_derived_from_the_number_and_an_anonymised_participant_gets_none():
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        # A transactional test before this one may have flushed the organisations the migrations made.
        group = apps.get_model("auth", "Group").objects.get_or_create(name="Organisation: af")[0]
        organisation = apps.get_model("insikt", "Organisation").objects.get_or_create(
            code="af", defaults={"name": "Arbetsförmedlingen", "short_name": "AF", "group": group}
        )[0]
        participant = apps.get_model("participants", "Participant")
        numbers = {}
        for index in range(4):
            number = demo_personnummer(index)
            numbers[number] = "man" if int(number[-2]) % 2 else "kvinna"
            participant.objects.create(personnummer=number, first_name="Test", last_name=f"Person {index}",
                                       district="soder", benefit="aktivitetsstod", af_registered_on="2010-01-01",
                                       job_entered_on="2024-01-01", registering_organisation=organisation, eligible=True)  # fmt: skip
        anonymised = participant.objects.create(personnummer=None, first_name="Borttaget", last_name="", district="soder",
                                                benefit="aktivitetsstod", af_registered_on="2010-01-01",
                                                job_entered_on="2024-01-01", registering_organisation=organisation,
                                                anonymised_at="2026-01-01T00:00:00Z", eligible=True)  # fmt: skip
        assert set(numbers.values()) == {"man", "kvinna"}  # the demo series has both
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        migrated = apps.get_model("participants", "Participant").objects
        assert {p.personnummer: p.gender for p in migrated.exclude(pk=anonymised.pk)} == numbers
        assert migrated.get(pk=anonymised.pk).gender == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # the rest of the suite runs on the latest schema
