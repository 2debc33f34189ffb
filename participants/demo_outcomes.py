"""Demo outcomes: occupation and support at registration (most participants), at closing and at the follow-ups
that have come (some not reached). Deterministic by the participant's place in the demo series, in bulk inserts."""

from participants.models import (
    Benefit,
    Occupation,
    Outcome,
    OutcomeMoment,
    OutcomeSupport,
    Status,
    Support,
)
from participants.outcomes import add_months, follow_ups

# What the person lives on at registration, from the benefit recorded for the target group.
SUPPORT_AT_REGISTRATION = {
    Benefit.ACTIVITY_SUPPORT: [Support.ACTIVITY_SUPPORT],
    Benefit.SOCIAL_ASSISTANCE: [Support.SOCIAL_ASSISTANCE],
    Benefit.SICKNESS_BENEFIT: [Support.SICKNESS_BENEFIT],
    Benefit.OTHER: [Support.OTHER],
}
REGISTRATION_OCCUPATIONS = [Occupation.JOBSEEKING, Occupation.JOBSEEKING, Occupation.OTHER_MEASURE,
                            Occupation.SICK_LEAVE, Occupation.JOBSEEKING]  # fmt: skip
# After the project: some in work or studies, many still jobseeking.
LATER = [
    (Occupation.WORK, [Support.SALARY]),
    (Occupation.JOBSEEKING, [Support.ACTIVITY_SUPPORT]),
    (Occupation.WORK_WITH_SUPPORT, [Support.SALARY, Support.SOCIAL_ASSISTANCE]),
    (Occupation.STUDIES, [Support.STUDENT_AID]),
    (Occupation.JOBSEEKING, [Support.SOCIAL_ASSISTANCE]),
    (Occupation.OTHER_MEASURE, [Support.ACTIVITY_SUPPORT]),
    (Occupation.SICK_LEAVE, [Support.SICKNESS_BENEFIT]),
    (Occupation.OTHER, [Support.NONE]),
]


def demo_outcomes(index: int, p, by, today) -> list[tuple[Outcome, list[str]]]:
    """The outcomes of the index-th demo participant (not saved), each with its supports."""
    made = []

    def add(moment, day, occupation, supports, months=0, not_reached=False):
        outcome = Outcome(
            participant=p,
            moment=moment,
            months_after=months,
            recorded_on=day,
            occupation=occupation,
            not_reached=not_reached,
            recorded_by=by,
            recorded_by_organisation_id=by.organisation_id,
        )
        made.append((outcome, supports))

    if index % 7 != 3:  # most, not all (in both organisations): the to-do list asks for the rest
        occupation = REGISTRATION_OCCUPATIONS[index % len(REGISTRATION_OCCUPATIONS)]
        add(OutcomeMoment.REGISTRATION, p.registered_on, occupation, SUPPORT_AT_REGISTRATION[p.benefit])
    if p.status != Status.CLOSED:
        return made
    # The closed are every so many in the series: vary by their (random) registration day instead of the index.
    seed = p.registered_on.toordinal()
    occupation, supports = LATER[seed % len(LATER)]
    add(OutcomeMoment.CLOSING, p.closed_on, occupation, supports)
    for step, moment in enumerate(follow_ups()):
        day = add_months(p.closed_on, moment.months_after)
        if day > today or (seed + step) % 5 == 4:  # not due yet, or left for the to-do list
            continue
        if (seed + step) % 4 == 1:
            add(OutcomeMoment.FOLLOW_UP, day, "", [], moment.months_after, not_reached=True)
        else:
            occupation, supports = LATER[(seed + step + 1) % len(LATER)]
            add(OutcomeMoment.FOLLOW_UP, day, occupation, supports, moment.months_after)
    return made


def save_outcomes(rows: list[tuple[Outcome, list[str]]]) -> None:
    Outcome.objects.bulk_create([outcome for outcome, _s in rows], batch_size=2000)
    OutcomeSupport.objects.bulk_create(
        (OutcomeSupport(outcome=outcome, support=support) for outcome, supports in rows for support in supports),
        batch_size=2000,
    )
