"""The steering group's figures, computed in the database for a period and for the year so far.

Every figure is an aggregate (COUNT … GROUP BY) over the whole data set: the number of queries is
fixed, whatever the number of participants, and no participant row is loaded into Python.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import Concat, ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationArea,
    RecommendationCategory,
    RecommendationStatus,
)
from participants.models import (
    FLOW,
    Benefit,
    ClosingReason,
    Consent,
    ConsentWithdrawal,
    Criterion,
    Participant,
    Status,
    StatusChange,
)
from questionnaire.models import Answer, AnswerChoice, Question, QuestionType, ResponseStatus
from reports.models import ReportingPeriod, YearTarget
from reports.suppression import Table, table

AGE_BANDS = {
    "-29": _lazy("Under 30 år"),
    "30-39": _lazy("30–39 år"),
    "40-49": _lazy("40–49 år"),
    "50-59": _lazy("50–59 år"),
    "60-": _lazy("60 år och äldre"),
}
JOB_BANDS = {
    "-450": _lazy("450 dagar eller färre"),
    "451-730": _lazy("451–730 dagar"),
    "731-1095": _lazy("731–1 095 dagar"),
    "1096-": _lazy("Mer än 1 095 dagar"),
}
AF_BANDS = {
    "-10": _lazy("10 år eller kortare"),
    "11-15": _lazy("11–15 år"),
    "16-20": _lazy("16–20 år"),
    "21-": _lazy("Mer än 20 år"),
}


def band(field: str, edges: list[tuple[int, str]], last: str):
    """A CASE expression putting `field` into the band whose upper edge it does not exceed."""
    return Case(*[When(**{f"{field}__lte": edge}, then=Value(key)) for edge, key in edges], default=Value(last))


@dataclass
class Range:
    starts_on: date
    ends_on: date


def grouped(queryset, key, *, distinct: str = "pk") -> dict[str, int]:
    """COUNT(DISTINCT …) GROUP BY key, in one query."""
    rows = queryset.annotate(_key=key).values("_key").annotate(n=Count(distinct, distinct=True)).order_by()
    return {row["_key"]: row["n"] for row in rows}


class Figures:
    """All figures of one report. Build once; the template reads the attributes."""

    def __init__(self, period: ReportingPeriod):
        self.period = period
        self.threshold = settings.REPORT_SUPPRESSION_THRESHOLD
        self.current = Range(period.starts_on, period.ends_on)
        self.year = Range(period.year_starts_on, period.ends_on)
        self.goal = self.goal_fulfilment()
        self.questionnaire = self.questionnaire_results()
        self.tables = {
            "flow": self.flow_table(),
            "consent": self.consent_table(),
            "meetings": self.meetings_table(),
            "closing": self.closing_table(),
            **self.recommendation_tables(),
            **self.profile_tables(),
        }

    # --- helpers -------------------------------------------------------------------------------------

    def pair(self, title, labels, count, note="", show_total=True):
        """A suppressed table with the period and the year so far, from `count(range) -> dict`."""
        cumulative = count(self.year) if self.period.kind == "tertial" else None
        return table(title, labels, count(self.current), cumulative, self.threshold, note, show_total)

    def reached(self, r: Range):
        """Participants by the statuses they reached within the range (from the status history)."""
        changes = StatusChange.objects.filter(changed_at__date__gte=r.starts_on, changed_at__date__lte=r.ends_on)
        return grouped(changes, F("to_status"), distinct="participant")

    # --- goal fulfilment ---------------------------------------------------------------------------

    def goal_fulfilment(self) -> dict:
        target = YearTarget.objects.filter(year=self.period.year).values_list("reviewed_target", flat=True).first()
        target = target or 300
        reviewed = StatusChange.objects.filter(to_status=Status.MEETING_HELD)
        in_period = (
            reviewed.filter(changed_at__date__gte=self.current.starts_on, changed_at__date__lte=self.current.ends_on)
            .values("participant")
            .distinct()
            .count()
        )
        by_month = dict(
            reviewed.filter(changed_at__date__gte=date(self.period.year, 1, 1), changed_at__date__lte=self.year.ends_on)
            .annotate(month=ExtractMonth("changed_at"))
            .values("month")
            .annotate(n=Count("participant", distinct=True))
            .values_list("month", "n")
        )
        months = list(range(1, self.period.ends_on.month + 1)) if self.period.kind != "projekt" else []
        running, cumulative = 0, []
        for month in months:
            running += by_month.get(month, 0)
            cumulative.append(running)
        year_to_date = running if months else in_period
        months_left = 12 - self.period.ends_on.month
        pace = None
        if months_left and year_to_date < target:
            pace = -(-(target - year_to_date) // months_left)  # ceiling
        return {
            "target": target,
            "in_period": in_period,
            "year_to_date": year_to_date,
            "percent": round(100 * year_to_date / target) if target else 0,
            "cumulative_by_month": cumulative,
            "pace_needed": pace,
            "months_left": months_left,
            "threshold": self.threshold,
        }

    # --- the flow ----------------------------------------------------------------------------------

    def flow_table(self) -> Table:
        labels = {s.value: s.label for s in [*FLOW, Status.DECLINED, Status.ABORTED]}
        note = _("Varje person räknas i varje steg den nått under perioden; stegen summeras därför inte.")
        return self.pair(_("Flödet: personer som nått varje steg"), labels, self.reached, note, show_total=False)

    def consent_table(self) -> Table:
        def count(r: Range):
            return {
                "given": Consent.objects.filter(given_on__gte=r.starts_on, given_on__lte=r.ends_on).count(),
                "withdrawn": ConsentWithdrawal.objects.filter(
                    withdrawn_on__gte=r.starts_on, withdrawn_on__lte=r.ends_on
                ).count(),
            }

        labels = {"given": _("Samtycken som lämnats"), "withdrawn": _("Samtycken som återkallats")}
        return self.pair(_("Samtycken"), labels, count)

    def meetings_table(self) -> Table:
        def count(r: Range):
            meetings = Meeting.objects.filter(starts_at__date__gte=r.starts_on, starts_at__date__lte=r.ends_on)
            counts = grouped(meetings, Concat(F("kind"), Value(":"), F("status")))
            held = {f"held:{kind}": counts.get(f"{kind}:{MeetingStatus.HELD}", 0) for kind in MeetingKind.values}
            cancelled = sum(n for key, n in counts.items() if key.endswith(f":{MeetingStatus.CANCELLED}"))
            no_show = sum(n for key, n in counts.items() if key.endswith(f":{MeetingStatus.NO_SHOW}"))
            return {**held, "cancelled": cancelled, "no_show": no_show}

        labels = {
            **{f"held:{kind.value}": _("%(kind)s, hållna") % {"kind": kind.label} for kind in MeetingKind},
            "cancelled": _("Inställda möten"),
            "no_show": _("Möten där deltagaren uteblev"),
        }
        return self.pair(_("Möten"), labels, count)

    def closing_table(self) -> Table:
        def count(r: Range):
            closed = Participant.objects.filter(closed_on__gte=r.starts_on, closed_on__lte=r.ends_on)
            return grouped(closed, F("closing_reason"))

        return self.pair(_("Avslutade deltagare efter skäl"), {c.value: c.label for c in ClosingReason}, count)

    # --- recommendations ---------------------------------------------------------------------------

    def recommendation_tables(self) -> dict[str, Table]:
        """Recommendations sent in the period (drafts are not recommendations yet), counted several ways."""

        def sent(r: Range):
            return Recommendation.objects.filter(sent_on__gte=r.starts_on, sent_on__lte=r.ends_on)

        categories = {str(c.pk): c.name for c in RecommendationCategory.objects.order_by("position", "name")}
        organisations = {str(o.pk): o.name for o in Organisation.objects.order_by("name")}
        outcomes = {s.value: s.label for s in RecommendationStatus if s != RecommendationStatus.DRAFT}

        def by(expression):
            return lambda r: {str(k): v for k, v in grouped(sent(r), expression).items()}

        def by_area(r: Range):
            areas = RecommendationArea.objects.filter(recommendation__in=sent(r))
            return grouped(areas, F("area"), distinct="recommendation")

        note = _("Rekommendationer skickade under perioden.")
        return {
            "rec_category": self.pair(_("Rekommendationer efter kategori"), categories, by(F("category_id")), note),
            "rec_receiver": self.pair(
                _("Rekommendationer efter mottagande organisation"),
                organisations,
                by(F("receiving_organisation_id")),
                note,
            ),
            "rec_area": self.pair(
                _("Rekommendationer efter insiktsområde"),
                dict(InsightArea.choices),
                by_area,
                _("En rekommendation kan gälla flera områden."),
                show_total=False,
            ),  # fmt: skip
            "rec_outcome": self.pair(
                _("Uppföljning: läget för rekommendationerna i dag"), outcomes, by(F("status")), note
            ),
        }

    # --- questionnaire results ---------------------------------------------------------------------

    def questionnaire_results(self) -> list[dict]:
        """Answer distributions per question key and insight area, across the versions that share the key.

        Only closed answers (choices, scale, yes/no) are counted: free text is never reported.
        """
        closed = [QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.YES_NO]
        # The wording and area of a key come from the newest version that has it (one row per question).
        questions = {}
        choice_labels = {}
        for question in (
            Question.objects.filter(type__in=closed)
            .select_related("section", "version")
            .prefetch_related("choices")
            .order_by("version__number")
        ):
            questions[question.key] = question
            for choice in question.choices.all():
                choice_labels[(question.key, choice.value)] = choice.label

        def answers(r: Range):
            return Answer.objects.filter(
                response__status=ResponseStatus.COMPLETED,
                response__meeting__starts_at__date__gte=r.starts_on,
                response__meeting__starts_at__date__lte=r.ends_on,
                question__type__in=closed,
            )

        def distribution(r: Range) -> dict[str, dict[str, int]]:
            result: dict[str, dict[str, int]] = {}
            chosen = AnswerChoice.objects.filter(answer__in=answers(r)).values("answer__question__key", "choice__value")
            for row in chosen.annotate(n=Count("pk")).order_by():
                result.setdefault(row["answer__question__key"], {})[row["choice__value"]] = row["n"]
            scale = answers(r).filter(number__isnull=False).values("question__key", "number")
            for row in scale.annotate(n=Count("pk")).order_by():
                result.setdefault(row["question__key"], {})[str(int(row["number"]))] = row["n"]
            yes_no = answers(r).filter(yes_no__isnull=False).values("question__key", "yes_no")
            for row in yes_no.annotate(n=Count("pk")).order_by():
                result.setdefault(row["question__key"], {})["ja" if row["yes_no"] else "nej"] = row["n"]
            return result

        current = distribution(self.current)
        cumulative = distribution(self.year) if self.period.kind == "tertial" else None
        versions: dict[str, list[int]] = {}
        answered = answers(self.year if cumulative is not None else self.current)
        for row in answered.values("question__key", "response__version__number").distinct().order_by():
            versions.setdefault(row["question__key"], []).append(row["response__version__number"])

        results = []
        for key, question in questions.items():
            if key not in current and not (cumulative and key in cumulative):
                continue
            if question.type == QuestionType.SCALE:
                labels = {str(n): str(n) for n in range(1, 6)}
            elif question.type == QuestionType.YES_NO:
                labels = {"ja": _("Ja"), "nej": _("Nej")}
            else:
                labels = {value: label for (k, value), label in choice_labels.items() if k == key}
            note = _("Versioner: %(versions)s.") % {
                "versions": ", ".join(f"v{n}" for n in sorted(versions.get(key, [])))
            }
            if question.type == QuestionType.MULTIPLE:
                note += " " + _("Flera svar per person möjliga.")
            results.append(
                {
                    "area": question.section.insight_area,
                    "table": table(
                        question.text,
                        labels,
                        current.get(key, {}),
                        None if cumulative is None else cumulative.get(key, {}),
                        self.threshold,
                        note,
                        show_total=question.type != QuestionType.MULTIPLE,
                    ),  # fmt: skip
                }
            )
        order = list(InsightArea.values)
        results.sort(key=lambda item: order.index(item["area"]))
        for item in results:
            item["area_label"] = InsightArea(item["area"]).label
        return results

    # --- target-group profile ----------------------------------------------------------------------

    def registered(self, r: Range):
        return Participant.objects.filter(registered_on__gte=r.starts_on, registered_on__lte=r.ends_on)

    def profile_tables(self) -> dict[str, Table]:
        end_year = self.period.ends_on.year
        age = Case(
            When(birth_year__gte=end_year - 29, then=Value("-29")),
            When(birth_year__gte=end_year - 39, then=Value("30-39")),
            When(birth_year__gte=end_year - 49, then=Value("40-49")),
            When(birth_year__gte=end_year - 59, then=Value("50-59")),
            default=Value("60-"),
        )
        job = band("job_days", [(450, "-450"), (730, "451-730"), (1095, "731-1095")], "1096-")
        af = band("af_years", [(10, "-10"), (15, "11-15"), (20, "16-20")], "21-")
        interpreter = Case(When(needs_interpreter=True, then=Value("ja")), default=Value("nej"))
        eligible = Case(When(eligible=True, then=Value("inom")), default=Value("utanfor"))

        def by(expression):
            return lambda r: grouped(self.registered(r), expression)

        def failed(r: Range):
            qs = self.registered(r).filter(eligible=False)
            return {c.value: qs.filter(failed_criteria__contains=c.value).count() for c in Criterion}

        note = _("Personer som anmäldes under perioden.")
        return {
            "registered": self.pair(
                _("Anmälda personer"),
                {"inom": _("Inom målgruppen"), "utanfor": _("Utanför målgruppen")},
                by(eligible),
                note,
            ),  # fmt: skip
            "outside": self.pair(
                _("Anmälda utanför målgruppen, efter kriterium som inte uppfylls"),
                {c.value: c.label for c in Criterion},
                failed,
                _("En person kan sakna flera kriterier."),
                show_total=False,
            ),
            "age": self.pair(_("Ålder"), AGE_BANDS, by(age), note),
            "job": self.pair(_("Tid i jobb- och utvecklingsgarantin vid anmälan"), JOB_BANDS, by(job), note),
            "af": self.pair(_("Tid inskriven på Arbetsförmedlingen vid anmälan"), AF_BANDS, by(af), note),
            "benefit": self.pair(_("Ersättning"), {b.value: b.label for b in Benefit}, by(F("benefit")), note),
            "interpreter": self.pair(
                _("Behov av tolk"), {"ja": _("Behöver tolk"), "nej": _("Behöver inte tolk")}, by(interpreter), note
            ),
        }
