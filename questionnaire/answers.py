"""One answer's value between the form (Python values), the typed columns, and the page.

The Python value of an answer by question type: fritext str · ett val str (the choice's value) ·
flera val tuple of str · skala int 1–5 · ja/nej bool · tal Decimal · datum date. None is "no answer".
"""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from insikt.choices import YesNo
from questionnaire.models import Answer, Question, QuestionType

FIELD_PREFIX = "q-"


def field_name(question: Question) -> str:
    """The form field that asks `question`: by key, so that answers carry over between versions."""
    return FIELD_PREFIX + question.key


def is_empty(value) -> bool:
    return value is None or value == "" or value == () or value == []


def normalise(question: Question, value):
    """The comparable form of a value: None when empty, choices as a sorted tuple."""
    if is_empty(value):
        return None
    if question.type == QuestionType.MULTIPLE:
        return tuple(sorted(value))
    if question.type == QuestionType.TEXT:
        return value.strip() or None
    return value


def to_columns(question: Question, value) -> tuple[dict, list[str]]:
    """The Answer's column values and the selected choice values for a (non-empty) value."""
    columns = {"text": "", "number": None, "date": None, "yes_no": None}
    choices: list[str] = []
    match question.type:
        case QuestionType.TEXT:
            columns["text"] = value
        case QuestionType.SINGLE:
            choices = [value]
        case QuestionType.MULTIPLE:
            choices = list(value)
        case QuestionType.SCALE:
            columns["number"] = Decimal(int(value))
        case QuestionType.YES_NO:
            columns["yes_no"] = bool(value)
        case QuestionType.NUMBER:
            columns["number"] = Decimal(value)
        case QuestionType.DATE:
            columns["date"] = value
    return columns, choices


def stored_value(answer: Answer, question: Question, selected: list[str]):
    """The Python value of a stored answer; `selected` are the values of its chosen choices, in order."""
    match question.type:
        case QuestionType.TEXT:
            return answer.text or None
        case QuestionType.SINGLE:
            return selected[0] if selected else None
        case QuestionType.MULTIPLE:
            return tuple(sorted(selected)) or None
        case QuestionType.SCALE:
            return int(answer.number) if answer.number is not None else None
        case QuestionType.YES_NO:
            return answer.yes_no
        case QuestionType.NUMBER:
            return plain_decimal(answer.number) if answer.number is not None else None
        case QuestionType.DATE:
            return answer.date
    return None


def plain_decimal(number: Decimal) -> Decimal:
    """12.00 as 12 and 2.50 as 2.5, so that a stored number shows as it was typed."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def form_initial(question: Question, value):
    """A Python value as the form field shows it."""
    if value is None:
        return None
    match question.type:
        case QuestionType.MULTIPLE:
            return list(value)
        case QuestionType.SCALE:
            return str(value)
        case QuestionType.YES_NO:
            return YesNo.of(value).value
    return value


def display(question: Question, value, labels: dict[str, str] | None = None) -> str:
    """A value as a person reads it. `labels` maps choice values to their labels in the question's version."""
    if value is None:
        return ""
    labels = labels or {}
    match question.type:
        case QuestionType.SINGLE:
            return labels.get(value, value)
        case QuestionType.MULTIPLE:
            return ", ".join(labels.get(v, v) for v in value)
        case QuestionType.SCALE:
            return _("%(value)s av 5") % {"value": value}
        case QuestionType.YES_NO:
            return str(YesNo.of(value).label)
        case QuestionType.NUMBER:
            return number_format(value)
        case QuestionType.DATE:
            return date_format(value, "Y-m-d") if isinstance(value, date) else str(value)
    return str(value)


def compatible(old: Question, new: Question, value) -> bool:
    """Whether an answer to `old` means the same as an answer to `new` (same key): same type, choices still there."""
    if old.type != new.type:
        return False
    if new.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        values = [value] if isinstance(value, str) else list(value)
        available = {c.value for c in new.choices.all()}
        return all(v in available for v in values)
    return True


def carry_over(values: dict[Question, object], version) -> tuple[dict, list[tuple[Question, str]]]:
    """Answers given to another version, moved onto `version` by question key.

    Returns the form's initial values (by field name) and what could not be carried: (old question,
    the answer as text) for questions that are gone or changed type or lost the chosen alternative.
    `values` should use questions with their choices prefetched. `version` must be fetched with_structure().
    """
    by_key = {q.key: q for section in version.sections.all() for q in section.questions.all()}
    initial, leftovers = {}, []
    for old, value in values.items():
        if is_empty(value):
            continue
        new = by_key.get(old.key)
        if new is not None and compatible(old, new, value):
            initial[field_name(new)] = form_initial(new, value)
        else:
            labels = {c.value: c.label for c in old.choices.all()}
            leftovers.append(
                (old, display(old, value, labels) if not isinstance(value, str) else labels.get(value, value))
            )
    return initial, leftovers
