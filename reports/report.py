"""One report's content: the goal, every table, and the questionnaire's results, for a reporting period."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.areas import InsightArea
from insikt.choices import YesNo
from participants.models import Criterion
from reports import answers, figures
from reports.figures import AF_BANDS, AGE_BANDS, FLOW, GOAL_LABEL, JOB_BANDS, MEETINGS
from reports.insights.tables import Insights
from reports.links import protect_together
from reports.models import PeriodKind, ReportingPeriod, YearTarget
from reports.outcomes.tables import Outcomes
from reports.steering.queries import decision_log
from reports.tables import Layout, Spec, Table


@dataclass
class Goal:
    """The yearly goal: people with their first held multi-party meeting, against the year's target."""

    label: str
    year: int
    target: int | None
    target_is_default: bool
    achieved: int  # in the report's year up to its end (or in the whole project)
    in_period: int
    cumulative_by_month: list[int] = field(default_factory=list)
    months_left: int = 0
    per_year: list[dict] = field(default_factory=list)

    ended: bool = True  # the period is over on the day the report is made: only then can the goal be missed

    @property
    def percent(self) -> str:
        return share(self.achieved, self.target)

    @property
    def pace_needed(self) -> int | None:
        """People a month still needed to reach the target, counted from the period's end."""
        if not self.target or self.achieved >= self.target or not self.months_left:
            return None
        return -(-(self.target - self.achieved) // self.months_left)

    @property
    def verdict(self) -> str:
        if not self.target:
            return _("Inget årsmål är satt för %(year)s.") % {"year": self.year}
        if self.achieved >= self.target:
            return _("Årsmålet är nått.")
        words = {"n": self.achieved, "target": self.target, "percent": self.percent}
        if self.ended:
            return _("Årsmålet nåddes inte: %(n)s av %(target)s (%(percent)s).") % words
        if not self.months_left:  # the year's last tertial or the year, made before the year is over
            return _("%(n)s av %(target)s hittills (%(percent)s).") % words
        return ""


def share(achieved: int, target: int | None) -> str:
    """The share of the target reached, floored: 299 of 300 is 99 %, never rounded up to the goal."""
    return f"{100 * achieved // target} %" if target else ""


def year_row(year: int, today, months: dict) -> dict:
    """One year of the whole-project goal, with its share and its own verdict."""
    target, default = target_for(year)
    achieved = sum(n for (y, _month), n in months.items() if y == year)
    goal = Goal(GOAL_LABEL, year, target, default, achieved, achieved, ended=date(year, 12, 31) < today)
    return {"year": year, "target": target, "default": default, "achieved": achieved, "percent": goal.percent,
            "verdict": goal.verdict}  # fmt: skip


def layout_of(period: ReportingPeriod) -> Layout:
    if period.kind == PeriodKind.TERTIAL:
        return Layout(PeriodKind.TERTIAL, period.year, period.year, period.tertial)
    if period.kind == PeriodKind.YEAR:
        return Layout(PeriodKind.YEAR, period.year, period.year)
    return Layout(PeriodKind.PROJECT, period.year, period.end_year)


def target_for(year: int) -> tuple[int, bool]:
    stored = YearTarget.objects.filter(year=year).values_list("reviewed_target", flat=True).first()
    return (settings.YEARLY_TARGET, True) if stored is None else (stored, False)


def goal_for(period: ReportingPeriod, layout: Layout, months: dict) -> Goal:
    today = timezone.localdate()
    if layout.kind == PeriodKind.PROJECT:
        per_year = [year_row(year, today, months) for year in range(layout.first_year, layout.last_year + 1)]
        achieved = sum(row["achieved"] for row in per_year)
        total_target = sum(row["target"] for row in per_year)
        return Goal(GOAL_LABEL, layout.last_year, total_target, False, achieved, achieved, per_year=per_year,
                    ended=period.ends_on < today)  # fmt: skip
    by_month = {month: n for (_year, month), n in months.items()}
    last_month = period.ends_on.month
    first_month = period.starts_on.month
    running, cumulative = 0, []
    for month in range(1, last_month + 1):
        running += by_month.get(month, 0)
        cumulative.append(running)
    target, default = target_for(layout.first_year)
    in_period = sum(n for month, n in by_month.items() if first_month <= month <= last_month)
    return Goal(GOAL_LABEL, layout.first_year, target, default, running, in_period, cumulative, 12 - last_month,
                ended=last_month == 12 and period.ends_on < today)  # fmt: skip


def question_key(question: answers.AnsweredQuestion) -> str:
    return f"fraga-{question.questionnaire_id}-{question.key}"


def question_spec(question: answers.AnsweredQuestion) -> Spec:
    versions = ", ".join(f"v{n}" for n in sorted(question.versions))
    note = _("%(questionnaire)s, versioner: %(versions)s. Svar från genomförda flerpartsmöten.") % {
        "questionnaire": question.questionnaire, "versions": versions,
    }  # fmt: skip
    if not question.has_total:
        note += " " + _("Flera svar per person möjliga; raderna summeras därför inte.")
    return Spec(question_key(question), question.text, question.labels, question.grid, has_total=question.has_total,
                note=note, events=True)  # fmt: skip


class Report:
    """Everything one report prints. Build once; the template and the CSV read the same tables."""

    def __init__(self, period: ReportingPeriod):
        self.period = period
        self.threshold = settings.REPORT_SUPPRESSION_THRESHOLD
        self.layout = layout_of(period)
        self.goal_months = figures.goal_months(self.layout.years)  # the goal and the flow's row, counted once
        self.goal = goal_for(period, self.layout, self.goal_months)
        questions = answers.results(self.layout.years)
        specs = self.specs()
        tables = protect_together(specs, self.layout, self.threshold, [question_spec(q) for q in questions])
        self.tables = {spec.key: tables[spec.key] for spec in specs}
        self.questionnaire = self.questionnaire_tables(questions, tables)
        self.insights = Insights(period, self.layout, self.threshold)  # the findings: a chapter per insight area
        self.insights.attach(self.questionnaire, self.tables["rec_area"])
        self.outcomes = Outcomes(self.layout, self.threshold)  # "Resultat: sysselsättning och försörjning"
        # The final reports (a year, the project) carry the steering group's decision log; a tertial none.
        self.decision_log = None if period.is_tertial else decision_log(self.layout.first_year, self.layout.last_year)

    def specs(self) -> list[Spec]:
        years = self.layout.years
        names = figures.labels()
        people = _("Personer som anmäldes under perioden.")
        sent = _("Rekommendationer skickade under perioden, efter datum då de skickades.")
        profiles = figures.profiles(years)
        return [
            Spec("flow", _("Flödet: personer som nått varje steg"), FLOW, figures.flow(years, self.goal_months),
                 has_total=False,
                 note=_("Varje person räknas en gång per steg, den dag steget nåddes första gången; stegen "
                        "summeras därför inte."), exact={"flerpartsmote"}),
            Spec("meetings", _("Möten"), MEETINGS, figures.meetings(years), events=True,
                 note=_("Möten efter mötets datum; bokade möten som ännu inte ägt rum räknas inte.")),
            Spec("closing", _("Avslutade deltagare efter skäl"), names["closing"], figures.closings(years),
                 note=_("Personer som avslutades under perioden och inte har återöppnats.")),
            Spec("rec_category", _("Rekommendationer efter kategori"), names["categories"],
                 figures.recommendations(years, F("category_id")), events=True, note=sent, chart=True),
            Spec("rec_receiver", _("Rekommendationer efter mottagande organisation"), names["organisations"],
                 figures.recommendations(years, F("receiving_organisation_id")), events=True, note=sent),
            Spec("rec_area", _("Rekommendationer efter insiktsområde"), names["areas"],
                 figures.recommendation_areas(years), has_total=False, events=True,
                 note=_("En rekommendation kan gälla flera områden; raderna summeras därför inte.")),
            Spec("rec_outcome", _("Uppföljning: läget i dag för rekommendationerna"), names["outcomes"],
                 figures.recommendations(years, F("status")), events=True, note=sent),
            Spec("registered", _("Anmälda personer"),
                 {"inom": _("Inom målgruppen"), "utanfor": _("Utanför målgruppen")},
                 profiles["registered"], note=people, chart=True),
            Spec("outside", _("Anmälda utanför målgruppen, efter kriterium som inte uppfylls"),
                 {c.value: c.label for c in Criterion}, profiles["outside"], has_total=False,
                 note=_("En person kan sakna flera kriterier; raderna summeras därför inte.")),
            Spec("age", _("Ålder vid anmälan"), AGE_BANDS, profiles["age"], chart=True,
                 note=_("Den ålder personen fyllde under det år hen anmäldes.")),
            Spec("job", _("Tid i jobb- och utvecklingsgarantin vid anmälan"), JOB_BANDS,
                 profiles["job"], note=people),
            Spec("af", _("Tid inskriven på Arbetsförmedlingen vid anmälan"), AF_BANDS,
                 profiles["af"],
                 note=_("Målgruppen har varit inskriven i mer än 10 år; den första raden är de som inte har det.")),
            Spec("benefit", _("Ersättning vid anmälan"), names["benefit"],
                 profiles["benefit"], note=people),
            Spec("gender", _("Kön"), names["gender"], profiles["gender"],
                 note=_("Personer som anmäldes under perioden, efter kön enligt folkbokföringen (ur person- eller "
                        "samordningsnumret).")),
            Spec("interpreter", _("Behov av tolk"),
                 {YesNo.YES.value: _("Behöver tolk"), YesNo.NO.value: _("Behöver inte tolk")},
                 profiles["interpreter"], note=people),
        ]  # fmt: skip

    @staticmethod
    def questionnaire_tables(questions: list, tables: dict[str, Table]) -> list[tuple[str, list[Table]]]:
        """The answered questions' tables (protected with the others, reports.links), grouped by insight area."""
        by_area: dict[str, list[Table]] = {}
        for question in questions:
            table = tables[question_key(question)]
            table.extra_notes = question.notes
            table.area = question.area
            by_area.setdefault(question.area, []).append(table)
        return [(InsightArea(area).label, in_area) for area, in_area in by_area.items()]

    def all_tables(self) -> list[Table]:
        questionnaire = [t for _area, tables in self.questionnaire for t in tables]
        outcomes = [*self.outcomes.tables(), self.outcomes.lead_times]
        return [*self.tables.values(), *questionnaire, *self.insights.report_tables(), *outcomes]
