"""The questionnaire's results: closed answers given at held multi-party meetings, per question and version.

A question is a key within one questionnaire. Its answers are counted across the versions that were
answered; the wording, options and answer type shown are those of the newest version that was answered
(never a draft), and the table says when the wording differed in an earlier version. If the answer type
changed, only the answers of the newest type are counted, and the table says which versions were left out.
Free text is never reported. Answers are dated by the meeting and counted only from held meetings.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from insikt.areas import InsightArea
from insikt.choices import YesNo
from meetings.models import MeetingStatus
from questionnaire.models import CLOSED_TYPES, Answer, Question, QuestionType, ResponseStatus
from reports.figures import TOTAL, Grid, tertial, within

SCALE = [str(n) for n in range(1, 6)]


@dataclass
class AnsweredQuestion:
    questionnaire_id: int
    questionnaire: str
    key: str
    text: str
    type: str
    area: str
    labels: dict[str, str]
    versions: list[int]
    notes: list[str] = field(default_factory=list)
    grid: Grid = field(default_factory=dict)

    @property
    def has_total(self) -> bool:
        return self.type != QuestionType.MULTIPLE  # several answers per person: the rows do not add up


def describe(question_ids) -> dict[int, AnsweredQuestion]:
    """The answered question versions, each key described by its newest answered version: {question id: …}."""
    answered = (
        Question.objects.filter(pk__in=question_ids)
        .select_related("version__questionnaire", "section")
        .prefetch_related("choices")
        .order_by("version__questionnaire_id", "key", "-version__number")
    )
    questions: dict[tuple[int, str], AnsweredQuestion] = {}
    counted: dict[int, AnsweredQuestion] = {}
    for question in answered:
        ident = (question.version.questionnaire_id, question.key)
        number = question.version.number
        current = questions.get(ident)
        if current is None:  # the newest answered version comes first
            questions[ident] = counted[question.pk] = AnsweredQuestion(
                questionnaire_id=question.version.questionnaire_id,
                questionnaire=question.version.questionnaire.name,
                key=question.key,
                text=question.text,
                type=question.type,
                area=question.section.insight_area,
                labels=labels_of(question),
                versions=[number],
            )
            continue
        if question.type != current.type:
            current.notes.append(
                _("Svaren på v%(n)s räknas inte här: frågan hade då svarstypen ”%(type)s”.")
                % {"n": number, "type": QuestionType(question.type).label.lower()}
            )
            continue
        counted[question.pk] = current
        current.versions.append(number)
        if question.text != current.text:
            current.notes.append(_("I v%(n)s löd frågan: ”%(text)s”") % {"n": number, "text": question.text})
        for value, label in labels_of(question).items():
            current.labels.setdefault(value, label)  # an option that only earlier versions had
    return counted


def labels_of(question: Question) -> dict[str, str]:
    if question.type == QuestionType.SCALE:
        return {n: n for n in SCALE}
    if question.type == QuestionType.YES_NO:
        return dict(YesNo.choices)
    return {c.value: c.label for c in question.choices.all()}


def counted_answers(years: tuple[int, int]):
    """Closed answers of completed responses at held meetings in the years, dated by the meeting."""
    meeting = "response__meeting__starts_at"
    return (
        Answer.objects.filter(
            question__type__in=CLOSED_TYPES,
            response__status=ResponseStatus.COMPLETED,
            response__meeting__status=MeetingStatus.HELD,
        )
        .filter(within(meeting, *years, moment=True))
        .annotate(_year=ExtractYear(meeting), _month=ExtractMonth(meeting))
        .annotate(_tertial=tertial("_month"))
    )


def results(years: tuple[int, int]) -> list[AnsweredQuestion]:
    """Every answered question with its counts, ordered by insight area, questionnaire and key.

    A cell counts the answers given and, distinct, the people behind them, over every counted version of the
    question at once: one person who answered in v1 and in v2 is one person (the protection rule's unit)."""
    answers = counted_answers(years)
    questions = describe(set(answers.values_list("question_id", flat=True).distinct().order_by()))
    counted = answers.filter(question_id__in=list(questions))
    by_key = {(q.questionnaire_id, q.key): q for q in questions.values()}
    people = Count("response__participant", distinct=True)
    ident = ["_year", "_tertial", "response__questionnaire_id", "question__key"]
    # One row per answer given: a chosen option, a scale step or yes/no (a multiple choice gives several).
    cells = counted.values(*ident, "selected__choice__value", "number", "yes_no")
    for row in cells.annotate(value=Count("pk"), people=people).order_by():
        question = by_key[(row["response__questionnaire_id"], row["question__key"])]
        answer = given(row, question.type)
        if answer is not None:
            add(question, (row["_year"], row["_tertial"]), answer, row["value"], row["people"])
    # Each question's total, its people counted once over the versions.
    for row in counted.values(*ident).annotate(value=Count("pk", distinct=True), people=people).order_by():
        question = by_key[(row["response__questionnaire_id"], row["question__key"])]
        add(question, (row["_year"], row["_tertial"]), TOTAL, row["value"], row["people"])
    order = list(InsightArea.values)
    return sorted(by_key.values(), key=lambda q: (order.index(q.area), q.questionnaire, q.key))


def add(question: AnsweredQuestion, cell, answer: str, value: int, people: int) -> None:
    """Adds up only answers stored differently for one printed answer (a scale step of 3 and 3.0)."""
    counts = question.grid.setdefault(cell, {})
    old_value, old_people = counts.get(answer, (0, 0))
    counts[answer] = (old_value + value, old_people + people)


def given(row: dict, question_type: str) -> str | None:
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return row["selected__choice__value"]
    if question_type == QuestionType.SCALE:
        return None if row["number"] is None else str(int(row["number"]))
    if question_type == QuestionType.YES_NO:
        return None if row["yes_no"] is None else YesNo.of(row["yes_no"]).value
    return None
