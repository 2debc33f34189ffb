"""The answer form, generated from a version: one field per question, named by the question's key.

Naming fields by key (not by id) means a form posted for one version can be read against the next:
what was typed for a question that still exists lands in the same field.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from insikt.choices import YesNo
from insikt.forms import DateInput
from questionnaire.answers import field_name, is_empty
from questionnaire.models import Question, QuestionnaireVersion, QuestionType

TEXT_MAX_LENGTH = 5000
SCALE = [(str(i), str(i)) for i in range(1, 6)]
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)

REQUIRED_MESSAGES = {
    QuestionType.TEXT: _("Skriv ett svar på frågan."),
    QuestionType.SINGLE: _("Välj ett av alternativen."),
    QuestionType.MULTIPLE: _("Välj minst ett alternativ."),
    QuestionType.SCALE: _("Välj ett värde från 1 till 5."),
    QuestionType.YES_NO: _("Välj ja eller nej."),
    QuestionType.NUMBER: _("Skriv ett tal."),
    QuestionType.DATE: _("Ange ett datum."),
}
INVALID_CHOICE = _("Välj ett av alternativen i listan – ”%(value)s” finns inte.")


def date_in_range(value):
    if value and not EARLIEST <= value <= LATEST:
        raise ValidationError(_("Ange ett datum mellan år 1900 och 2100."))


def build_field(question: Question) -> forms.Field:
    """The field for a question. Never `required` here: a draft may leave anything empty (see ResponseForm)."""
    common = {"label": question.text, "help_text": question.help_text, "required": False}
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.YES_NO):
        return choice_field(question, common)
    match question.type:
        case QuestionType.TEXT:
            return forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                error_messages={"max_length": _("Svaret får vara högst %(limit_value)d tecken (nu %(show_value)d).")},
                **common,
            )
        case QuestionType.NUMBER:
            return forms.DecimalField(
                max_digits=12,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control answer-number"}),
                error_messages={
                    "invalid": _("Skriv ett tal, till exempel 12 eller 2,5."),
                    "max_decimal_places": _("Högst två decimaler."),
                    "max_digits": _("Talet är för stort."),
                    "max_whole_digits": _("Talet är för stort."),
                },
                **common,
            )
        case QuestionType.DATE:
            return forms.DateField(
                widget=DateInput(attrs={"class": "form-control answer-date"}),
                input_formats=["%Y-%m-%d"],
                validators=[date_in_range],
                error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
                **common,
            )
    raise ValueError(f"Unknown question type {question.type!r}")


def choice_field(question: Question, common: dict) -> forms.Field:
    """A question answered by picking: one or several options, a step on the scale, or yes/no."""
    radio = forms.RadioSelect(attrs={"class": "form-check-input"})
    match question.type:
        case QuestionType.SINGLE:
            return forms.ChoiceField(
                choices=[(c.value, c.label) for c in question.choices.all()],
                widget=radio,
                error_messages={"invalid_choice": INVALID_CHOICE},
                **common,
            )
        case QuestionType.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(c.value, c.label) for c in question.choices.all()],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": INVALID_CHOICE, "invalid_list": _("Välj bland alternativen.")},
                **common,
            )
        case QuestionType.SCALE:
            return forms.TypedChoiceField(
                choices=SCALE, coerce=int, empty_value=None, widget=radio,
                error_messages={"invalid_choice": _("Välj ett värde från 1 till 5.")}, **common,
            )  # fmt: skip
    return forms.TypedChoiceField(
        choices=YesNo.choices, coerce=YesNo.is_yes, empty_value=None, widget=radio,
        error_messages={"invalid_choice": _("Välj ja eller nej.")}, **common,
    )  # fmt: skip


# Answered by picking among options: shown as a group (fieldset and legend) rather than one labelled input.
GROUPED = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.YES_NO}
INLINE = {QuestionType.SCALE, QuestionType.YES_NO}


@dataclass
class QuestionRow:
    number: int
    question: Question
    field: forms.BoundField
    grouped: bool

    @property
    def inline(self) -> bool:
        return self.question.type in INLINE


@dataclass
class SectionRows:
    section: object
    rows: list[QuestionRow]
    errors: int


class ResponseForm(forms.Form):
    """All questions of a version. `complete=True` also requires every obligatory question.

    Fields are never HTML-required, so that "Spara utkast" works with empty fields; the server checks.
    """

    use_required_attribute = False

    def __init__(self, version: QuestionnaireVersion, *args, complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.complete = complete
        self.questions: dict[str, Question] = {}
        self.layout: list[tuple] = []
        for section in version.sections.all():
            names = []
            for question in section.questions.all():
                name = field_name(question)
                self.fields[name] = build_field(question)
                self.questions[name] = question
                names.append(name)
            self.layout.append((section, names))

    def clean(self):
        cleaned = super().clean()
        if self.complete:
            for name, question in self.questions.items():
                if question.required and name not in self.errors and is_empty(cleaned.get(name)):
                    self.add_error(name, REQUIRED_MESSAGES[question.type])
        return cleaned

    def valid_answers(self) -> dict[Question, object]:
        """The answers that passed validation (empty ones included, they clear a saved answer)."""
        self.is_valid()
        return {q: self.cleaned_data[name] for name, q in self.questions.items() if name in self.cleaned_data}

    def sections(self) -> list["SectionRows"]:
        """The page: sections in order with their questions, numbered through the whole form."""
        pages, number = [], 0
        for section, names in self.layout:
            rows = []
            for name in names:
                number += 1
                question = self.questions[name]
                rows.append(QuestionRow(number, question, self[name], question.type in GROUPED))
            errors = sum(1 for name in names if self.is_bound and name in self.errors)
            pages.append(SectionRows(section, rows, errors))
        return pages

    def error_list(self):
        """(question, field id, messages) for the summary at the top of the page."""
        if not self.is_bound:
            return []
        return [
            (self.questions[name], self[name].id_for_label or self[name].auto_id, messages)
            for name, messages in self.errors.items()
            if name in self.questions
        ]


def initial_from_data(form: ResponseForm, data) -> dict:
    """What was typed, as initial values: re-shows a post without validating it against this version."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if form.add_prefix(name) in data
    }


class ControlForm(forms.Form):
    """Hidden fields: which version the page was made for and which revision of the response it showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    action = forms.ChoiceField(choices=[("draft", "draft"), ("complete", "complete")], required=False)
