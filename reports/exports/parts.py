"""The coded column sets of the export: recommendations, closed answers and findings, each one query.

A part's columns are known before its rows (every category, organisation, outcome, area and type, so that two
exports have the same columns where the data allows); a participant without such rows gets zeros.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.areas import InsightArea
from insikt.models import Organisation
from meetings.models import Finding, FindingType, MeetingStatus, Recommendation, RecommendationCategory
from meetings.models import RecommendationStatus as Outcome
from questionnaire.models import CHOICE_TYPES, CLOSED_TYPES, Answer, QuestionType, ResponseStatus
from reports.answers import describe, given
from reports.models import ReportingPeriod

OTHER_ORGANISATION = "annan"


@dataclass
class Column:
    key: str
    label: str


@dataclass
class Part:
    columns: list[Column]
    default: object = 0
    values: dict = field(default_factory=dict)  # {participant id: {column key: value}}

    def add(self, participant_id, key: str, n: int) -> None:
        cells = self.values.setdefault(participant_id, {})
        cells[key] = cells.get(key, 0) + n

    def cells(self, participant_id) -> list:
        mine = self.values.get(participant_id, {})
        return [mine.get(column.key, self.default) for column in self.columns]


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def organisations() -> list[Organisation]:
    return list(Organisation.objects.order_by("name"))


def recommendation_part(ids, period: ReportingPeriod) -> Part:
    """Recommendations sent by the period's end: in all, by category, by receiving organisation, by outcome."""
    orgs = organisations()
    columns = [Column("rek_antal", _("Skickade rekommendationer"))]
    columns += [Column(f"rek_kategori_{c.pk}", _("Rekommendationer i kategorin ”%(name)s”") % {"name": c.name})
                for c in RecommendationCategory.objects.order_by("position", "name")]  # fmt: skip
    columns += [Column(f"rek_mottagare_{o.code}", _("Rekommendationer till %(name)s") % {"name": o.name})
                for o in orgs]  # fmt: skip
    columns += [Column(f"rek_utfall_{s.value}", _("Rekommendationer med status ”%(status)s” i dag") % {
                "status": s.label}) for s in Outcome if s != Outcome.DRAFT]  # fmt: skip
    part = Part(columns)
    rows = (
        Recommendation.objects.filter(participant__in=ids, sent_on__lte=period.ends_on)
        .exclude(status=Outcome.DRAFT)
        .values("participant_id", "category_id", "receiving_organisation__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        pid, n = row["participant_id"], row["n"]
        part.add(pid, "rek_antal", n)
        part.add(pid, f"rek_kategori_{row['category_id']}", n)
        part.add(pid, f"rek_mottagare_{row['receiving_organisation__code']}", n)
        part.add(pid, f"rek_utfall_{row['status']}", n)
    return part


def answer_part(ids, period: ReportingPeriod) -> Part:
    """Each closed question's answer at the participant's latest held meeting with a completed response by the
    period's end (a multiple choice: its options joined by "|"). Free text, numbers and dates are never read."""
    after_end = moment(period.ends_on + timedelta(days=1))
    meeting = "response__meeting__starts_at"
    rows = (
        Answer.objects.filter(
            question__type__in=CLOSED_TYPES,
            response__status=ResponseStatus.COMPLETED,
            response__meeting__status=MeetingStatus.HELD,
            response__participant__in=ids,
            **{f"{meeting}__lt": after_end},
        )
        .values(
            "response__participant_id",
            "response__questionnaire_id",
            "question_id",
            "question__key",
            "question__type",
            "selected__choice__value",
            "number",
            "yes_no",
            meeting,
        )  # fmt: skip
        .order_by(meeting)
    )
    latest, question_ids = latest_answers(rows, meeting)
    questions = {(q.questionnaire_id, q.key): q for q in describe(question_ids).values()}
    order = list(InsightArea.values)
    columns = [
        Column(f"svar_{q.questionnaire_id}_{q.key}", _("%(questionnaire)s: ”%(text)s” (%(type)s)%(codes)s") % {
               "questionnaire": q.questionnaire, "text": q.text, "type": QuestionType(q.type).label.lower(),
               "codes": codes(q.labels) if q.type in CHOICE_TYPES else ""})
        for q in sorted(questions.values(), key=lambda q: (order.index(q.area), q.questionnaire, q.key))
    ]  # fmt: skip
    part = Part(columns, default="")
    for (pid, questionnaire_id, key), (_at, answers) in latest.items():
        part.values.setdefault(pid, {})[f"svar_{questionnaire_id}_{key}"] = "|".join(sorted(set(answers)))
    return part


def latest_answers(rows, meeting: str) -> tuple[dict[tuple, tuple], set[int]]:
    """{(participant, questionnaire, key): (meeting time, answers)} from rows ordered by the meeting's time."""
    latest: dict[tuple, tuple] = {}
    question_ids = set()
    for row in rows:
        answer = given(row, row["question__type"])
        if answer is None:
            continue
        question_ids.add(row["question_id"])
        ident = (row["response__participant_id"], row["response__questionnaire_id"], row["question__key"])
        at, answers = latest.get(ident, (None, []))
        if at != row[meeting]:  # a later meeting: its answers replace the earlier ones
            at, answers = row[meeting], []
        answers.append(answer)
        latest[ident] = (at, answers)
    return latest, question_ids


def codes(labels: dict[str, str]) -> str:
    """What each answer's code stands for, as the column's description says it."""
    return ". " + _("Svaren: %(codes)s") % {"codes": "; ".join(f"{value} = {label}" for value, label in labels.items())}


def finding_part(ids, period: ReportingPeriod) -> Part:
    """Findings recorded by the period's end: in all, by insight area, by type, by the organisation concerned."""
    orgs = organisations()
    columns = [Column("iakt_antal", _("Iakttagelser"))]
    columns += [Column(f"iakt_omrade_{value}", _("Iakttagelser inom %(area)s") % {"area": label})
                for value, label in InsightArea.choices]  # fmt: skip
    columns += [Column(f"iakt_typ_{t.pk}", _("Iakttagelser av typen ”%(name)s”") % {"name": t.name})
                for t in FindingType.objects.order_by("position", "name")]  # fmt: skip
    columns += [Column(f"iakt_org_{o.code}", _("Iakttagelser som gäller %(name)s") % {"name": o.name})
                for o in orgs]  # fmt: skip
    columns.append(Column(f"iakt_org_{OTHER_ORGANISATION}", _("Iakttagelser som gäller en annan organisation")))
    part = Part(columns)
    rows = (
        Finding.objects.filter(participant__in=ids, recorded_on__lte=period.ends_on)
        .values("participant_id", "area", "finding_type_id", "organisation__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        pid, n = row["participant_id"], row["n"]
        part.add(pid, "iakt_antal", n)
        part.add(pid, f"iakt_omrade_{row['area']}", n)
        part.add(pid, f"iakt_typ_{row['finding_type_id']}", n)
        part.add(pid, f"iakt_org_{row['organisation__code'] or OTHER_ORGANISATION}", n)
    return part
