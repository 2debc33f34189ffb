from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from participants.models import District, eligibility_failures
from participants.tests.factories import ParticipantFactory

ON = date(2026, 3, 15)


def failures(**overrides):
    values = {
        "district": District.CENTRUM,
        "af_registered_on": date(2010, 1, 1),
        "job_entered_on": ON - timedelta(days=600),
        "on": ON,
    }
    values.update(overrides)
    return eligibility_failures(**values)


def test_inside_the_target_group():
    assert failures() == []


@pytest.mark.parametrize("days, fits", [(450, False), (451, True)])
def test_more_than_450_days_in_job(days, fits):
    result = failures(job_entered_on=ON - timedelta(days=days))
    assert (result == []) == fits
    if not fits:
        assert "450 dagar i jobb- och utvecklingsgarantin" in result[0]


@pytest.mark.parametrize(
    "registered, fits",
    [(date(2016, 3, 15), False), (date(2016, 3, 14), True)],  # exactly 10 years is not more than 10 years
)
def test_more_than_10_years_at_af(registered, fits):
    assert (failures(af_registered_on=registered) == []) == fits


def test_leap_day_registration_counts_ten_years_to_28_february():
    assert failures(af_registered_on=date(2016, 2, 29), on=date(2026, 2, 28)) != []
    assert failures(af_registered_on=date(2016, 2, 29), on=date(2026, 3, 1)) == []


def test_not_living_in_malmo():
    assert failures(district=District.OUTSIDE) == ["Bor inte i Malmö."]


def test_all_failing_criteria_are_named():
    assert len(failures(district=District.OUTSIDE, job_entered_on=ON, af_registered_on=ON)) == 3


@pytest.mark.django_db
def test_outside_the_target_group_requires_a_reason_in_the_model_and_the_database(orgs):
    participant = ParticipantFactory.build(district=District.OUTSIDE, registering_organisation=orgs["af"])
    with pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert "outside_target_group_reason" in error.value.message_dict
    participant.outside_target_group_reason = "Flyttar till Malmö nästa månad."
    participant.full_clean()
    participant.save()
    assert participant.eligible is False
