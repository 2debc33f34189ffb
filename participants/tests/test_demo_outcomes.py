"""The demo's people are women and men, and most have outcomes that obey the outcome rules (issue 16)."""

from django.utils import timezone

from participants import personnummer
from participants.demo import demo_personnummer, seed_participants
from participants.models import Outcome, OutcomeMoment, Participant, Status, gender_from_number
from participants.outcomes import add_months


def test_demo_numbers_are_valid_unique_and_of_both_genders():
    numbers = [demo_personnummer(i) for i in range(0, 240_000, 7)]
    assert len(set(numbers)) == len(numbers)
    assert all(personnummer.is_valid_normalised(n) for n in numbers[:2000])
    genders = [gender_from_number(demo_personnummer(i)) for i in range(100)]
    assert 40 <= genders.count("man") <= 60


def test_demo_outcomes_at_registration_closing_and_follow_ups(demo_staff):
    assert seed_participants(300, demo_staff) == 300
    today = timezone.localdate()
    participants = {p.pk: p for p in Participant.objects.all()}
    assert {p.gender for p in participants.values()} == {"kvinna", "man"}
    outcomes = list(Outcome.objects.prefetch_related("supports"))
    registered = {o.participant_id for o in outcomes if o.moment == OutcomeMoment.REGISTRATION}
    assert 0.8 * len(participants) < len(registered) < len(participants)
    closed = {pk for pk, p in participants.items() if p.status == Status.CLOSED}
    assert closed and {o.participant_id for o in outcomes if o.moment == OutcomeMoment.CLOSING} == closed
    follow_ups = [o for o in outcomes if o.moment == OutcomeMoment.FOLLOW_UP]
    assert any(o.not_reached for o in follow_ups) and any(not o.not_reached for o in follow_ups)
    for o in outcomes:
        p = participants[o.participant_id]
        assert o.recorded_on <= today
        assert o.not_reached or o.supports.all()
        if o.moment == OutcomeMoment.FOLLOW_UP:
            assert o.recorded_on == add_months(p.closed_on, o.months_after) and p.status == Status.CLOSED
    assert seed_participants(300, demo_staff) == 0
    assert Outcome.objects.count() == len(outcomes)
