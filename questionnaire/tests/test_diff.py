"""What changed between two versions: added, removed and reworded questions, matched by key."""

import pytest

from questionnaire import services
from questionnaire.diff import diff_versions
from questionnaire.models import Choice, Question, QuestionnaireVersion, QuestionType, Section


@pytest.fixture
def two_versions(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    Question.objects.filter(version=draft, key="halsa").update(text="Hur mycket påverkar din hälsa ett arbete?")
    Question.objects.filter(version=draft, key="sista-dag").delete()
    Question.objects.filter(version=draft, key="ansokningar").update(type=QuestionType.TEXT, required=True)
    single = Question.objects.get(version=draft, key="soker-arbete")
    Choice.objects.filter(question=single, value="ibland").update(label="Då och då")
    Choice.objects.create(question=single, order=3, value="inte", label="Inte alls")
    Question.objects.create(
        section=Section.objects.filter(version=draft).last(),
        order=9,
        key="onskat-arbete",
        text="Vilket arbete vill du ha?",
    )
    return version, services.publish_version(version=draft)


def test_diff_by_key(two_versions):
    old, new = two_versions
    diff = diff_versions(*[QuestionnaireVersion.objects.with_structure().get(pk=v.pk) for v in (old, new)])
    assert [q.key for q in diff.added] == ["onskat-arbete"]
    assert [q.key for q in diff.removed] == ["sista-dag"]
    changes = {c.key: c for c in diff.changed}
    assert set(changes) == {"halsa", "ansokningar", "soker-arbete"}
    assert [c.key for c in diff.reworded] == ["halsa"]
    assert changes["halsa"].old.text == "Hur mycket påverkar hälsan arbetet?"
    assert changes["halsa"].new.text == "Hur mycket påverkar din hälsa ett arbete?"
    assert changes["ansokningar"].details == ["Svarstyp: Tal → Fritext", "Nu obligatorisk"]
    assert changes["soker-arbete"].details == [
        "Nya svarsalternativ: Inte alls",
        "Omformulerade svarsalternativ: Ibland → Då och då",
    ]
    assert diff.unchanged == 3


def test_diff_of_a_version_with_itself_is_empty(version):
    structured = QuestionnaireVersion.objects.with_structure().get(pk=version.pk)
    diff = diff_versions(structured, structured)
    assert diff.is_empty and diff.unchanged == 7


def test_diff_page(client, af, two_versions, django_assert_max_num_queries):
    old, new = two_versions
    client.force_login(af)
    with django_assert_max_num_queries(15):
        response = client.get(f"/formular/{old.questionnaire_id}/jamfor/?fran={old.pk}&till={new.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nya frågor (1)" in page and "Vilket arbete vill du ha?" in page
    assert "Nya frågor: <strong>1</strong>" in page and "Borttagna: <strong>1</strong>" in page
    assert "Borttagna frågor (1)" in page and "När slutade ditt senaste arbete?" in page
    assert "Hur mycket påverkar hälsan arbetet?" in page and "Hur mycket påverkar din hälsa ett arbete?" in page
    # Without a choice, the latest version is compared with the one before.
    assert client.get(f"/formular/{old.questionnaire_id}/jamfor/").context["diff"].new == new
    same = client.get(f"/formular/{old.questionnaire_id}/jamfor/?fran={old.pk}&till={old.pk}")
    assert "Välj två olika versioner" in same.content.decode()


def test_diff_page_with_one_version(client, af, version):
    client.force_login(af)
    response = client.get(f"/formular/{version.questionnaire_id}/jamfor/")
    assert "bara en version" in response.content.decode()
