"""Demo reports: the year's target, its reporting periods with the steering group's texts, and generated
reports (the latest finished tertial and the year's final report), so that the steering group sees reports
the moment it signs in. Idempotent: a period that already has a report gets no new version."""

from django.utils import timezone

from reports.models import PeriodKind, ReportingPeriod, SteeringTexts, YearTarget
from reports.services import generate_snapshot

TEXTS = {
    "happened": "Anmälningarna har ökat sedan informationsmötena samordnades mellan Arbetsförmedlingen och Jobbtorg. "
    "Flerpartsmötena hålls nu på båda kontoren.",
    "challenges": "Det tar lång tid att få tolk till flerpartsmötena, och genomlysningen från Ekonomiskt bistånd "
    "blir ofta klar först dagen före mötet.",
    "learnings": "Frågeformuläret har fått en ny version med frågor om dokumentation och skuldrådgivning.",
    "decisions": "Styrgruppen behöver ta ställning till om projektet ska erbjuda digitala flerpartsmöten.",
    "goal_comment": "Takten är lägre än planen. Förslag på åtgärder presenteras vid nästa styrgruppsmöte.",
}


def seed_reports(by) -> int:
    """Returns how many reports were generated. In January–April no tertial of the year has finished: the last
    tertial of the previous year stands in, so that there is always a tertial report to read."""
    today = timezone.localdate()
    current = 1 + (today.month - 1) // 4
    periods = [ReportingPeriod.objects.get_or_create(kind=PeriodKind.TERTIAL, year=today.year, tertial=t)[0]
               for t in range(1, current + 1)]  # fmt: skip
    finished = [p for p in periods if p.ends_on < today]
    if not finished:
        finished = [ReportingPeriod.objects.get_or_create(kind=PeriodKind.TERTIAL, year=today.year - 1, tertial=3)[0]]
    year = ReportingPeriod.objects.get_or_create(kind=PeriodKind.YEAR, year=today.year)[0]
    for target_year in {today.year, finished[-1].year}:
        YearTarget.objects.get_or_create(year=target_year, defaults={"reviewed_target": 300})
    for period in {*periods, *finished, year}:
        SteeringTexts.objects.get_or_create(period=period, defaults=TEXTS)
    generated = 0
    for period in [finished[-1], year]:
        if not period.snapshots.exists():
            generate_snapshot(period=period, by=by)
            generated += 1
    return generated
