"""The demo's people are women and men, and most have outcomes that obey the outcome rules (issue 16)."""

from django.db.models import Q
from django.utils import timezone

from participants import personnummer
from participants.demo import FIRST_NAMES, demo_personnummer, seed_participants
from participants.models import (
    Consent,
    IdentityKind,
    Outcome,
    OutcomeMoment,
    Participant,
    Status,
    gender_from_number,
)
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


def test_the_demo_shows_protected_data_missing_numbers_and_sus_answers(demo_staff):
    """Issue 16 as a newcomer meets it: initials for protected personal data (no address stored), a person with
    neither number, a samordningsnummer, and SUS answers both yes and no; first names that fit the gender."""
    seed_participants(300, demo_staff)
    protected = Participant.objects.exclude(protected_identity="")
    assert protected.exists() and not protected.exclude(address="").exists()
    assert {p.registering_organisation.code for p in protected} == {"af", "ama"}
    assert all(p.display_name == f"{p.first_name[0]}. {p.last_name[0]}." for p in protected)
    without = Participant.objects.filter(identity_kind=IdentityKind.NONE)
    assert without.exists() and not without.filter(Q(stated_birth_date=None) | Q(no_number_reason="")).exists()
    assert all(p.personnummer is None and p.birth_year and p.gender for p in without)
    coordination = Participant.objects.filter(identity_kind=IdentityKind.COORDINATION_NUMBER)
    assert coordination.exists()
    assert all(personnummer.is_coordination_number(p.personnummer) for p in coordination)
    assert all(personnummer.is_valid_normalised(p.personnummer) for p in coordination)
    answers = list(Consent.objects.values_list("sus_consent", flat=True))
    assert answers.count(False) > 0 and answers.count(True) > 2 * answers.count(False)
    for p in Participant.objects.all():
        assert p.first_name in FIRST_NAMES[p.gender], (p.first_name, p.gender)
    levels = set(Participant.objects.values_list("education_level", flat=True))
    assert "" not in levels and {"forgymnasial", "gymnasial"} <= levels  # the SUS export's education column
    assert seed_participants(300, demo_staff) == 0  # the people without a number are not seeded twice
