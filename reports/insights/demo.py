"""Demo analysis: a few area summaries and checked quotes for the year's final report, so that its chapters per
insight area read as they will. Generic texts, no personal data; idempotent (nothing is added once any exists)."""

from insikt.areas import InsightArea
from meetings.models import Finding
from reports.models import AreaSummary, Quote, QuoteKind, ReportingPeriod

SUMMARIES = {
    InsightArea.WORK: "Flera personer har fått samma insats upprepade gånger utan att någon följt upp om den hjälpte. "
    "Där kontakten med arbetsgivare fanns tidigt gick det bättre.",
    InsightArea.HEALTH: "Hälsan har ofta styrt mer än planeringen visat. Kontakten med vården har sällan varit en del "
    "av planeringen hos Arbetsförmedlingen eller kommunen.",
    InsightArea.COOPERATION: "Verksamheterna har ofta arbetat var för sig med samma person. Gemensamma avstämningar "
    "saknades innan en plan förnyades.",
}
QUOTES = [
    "Personen fick samma insats flera gånger utan att någon frågade om den hade hjälpt.",
    "Ingen visste vem som hade ansvaret när handläggaren byttes ut.",
]
SUGGESTIONS = [
    "Stäm av med personen efter varje avslutad insats om den hjälpte, innan nästa bokas.",
    "Gör en gemensam avstämning mellan organisationerna innan en plan förnyas.",
]


def seed_insights(period: ReportingPeriod, by) -> None:
    if Quote.objects.exists() or AreaSummary.objects.filter(period=period).exists():
        return
    AreaSummary.objects.bulk_create(AreaSummary(period=period, area=area, text=text, updated_by=by)
                                    for area, text in SUMMARIES.items())  # fmt: skip
    findings = Finding.objects.filter(recorded_on__range=(period.starts_on, period.ends_on), anonymised=False)
    quotes = []
    for area in SUMMARIES:
        for finding, text in zip(findings.filter(area=area).order_by("recorded_on", "id")[:2], QUOTES, strict=False):
            quotes.append(Quote(finding=finding, kind=QuoteKind.DESCRIPTION, text=text, checked_by=by))
    suggested = findings.exclude(suggested_change="").order_by("recorded_on", "id")[: len(SUGGESTIONS)]
    quotes += [Quote(finding=f, kind=QuoteKind.SUGGESTION, text=text, checked_by=by)
               for f, text in zip(suggested, SUGGESTIONS, strict=False)]  # fmt: skip
    Quote.objects.bulk_create(quotes)
