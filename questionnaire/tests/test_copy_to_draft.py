"""'Ny version' copies the latest version, whatever its status, into a new draft with the same keys."""

import pytest
from django.core.exceptions import ValidationError

from questionnaire import services
from questionnaire.models import Choice, Question, Questionnaire, Section, VersionStatus


def structure(version):
    return [
        (
            s.order,
            s.title,
            s.insight_area,
            [
                (q.order, q.key, q.text, q.help_text, q.type, q.required, [(c.value, c.label) for c in q.choices.all()])
                for q in s.questions.all()
            ],
        )
        for s in Section.objects.filter(version=version).prefetch_related("questions__choices")
    ]


def test_copy_makes_an_identical_draft_with_the_next_number(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert draft.notes == "Kopia av version 1."
    assert structure(draft) == structure(version)
    assert not set(Question.objects.filter(version=draft).values_list("pk", flat=True)) & set(
        Question.objects.filter(version=version).values_list("pk", flat=True)
    )


def test_changing_the_copy_leaves_the_original_as_it_was(version):
    original = structure(version)
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    Question.objects.filter(version=draft, key="halsa").update(text="Hur påverkar hälsan dig i dag?")
    Choice.objects.filter(question__version=draft, value="ibland").delete()
    Question.objects.filter(version=draft, key="sista-dag").delete()
    assert structure(version) == original
    assert structure(draft) != original


def test_the_latest_version_is_copied_also_when_it_is_archived(version):
    services.archive_version(version=version)
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    assert structure(draft) == structure(version)


def test_one_draft_at_a_time(version):
    services.copy_to_new_draft(questionnaire=version.questionnaire)
    with pytest.raises(ValidationError, match="redan ett utkast"):
        services.copy_to_new_draft(questionnaire=version.questionnaire)


def test_a_new_questionnaire_gets_an_empty_version_1(db):
    draft = services.copy_to_new_draft(questionnaire=Questionnaire.objects.create(name="Nytt"))
    assert (draft.number, draft.status, draft.sections.count()) == (1, VersionStatus.DRAFT, 0)
