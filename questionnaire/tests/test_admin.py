"""The project leader edits drafts in the admin; published and archived versions are read-only there."""

import pytest

from questionnaire import services
from questionnaire.models import Choice, Question, Questionnaire, QuestionnaireVersion, Section, VersionStatus

ADMIN = "/admin/questionnaire"


def post_data(response, **overrides):
    """Everything the admin change page would post back as it is, plus `overrides`."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    data.update(overrides)
    return data


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def test_a_new_questionnaire_starts_as_an_empty_draft(leader_client):
    response = leader_client.post(f"{ADMIN}/questionnaire/add/", {"name": "Nytt formulär", "description": ""})
    questionnaire = Questionnaire.objects.get(name="Nytt formulär")
    draft = questionnaire.versions.get()
    assert (draft.number, draft.status) == (1, VersionStatus.DRAFT)
    assert response.url == f"{ADMIN}/questionnaireversion/{draft.pk}/change/"


def test_the_leader_builds_a_draft_with_inlines_and_publishes_it(leader_client):
    questionnaire = Questionnaire.objects.create(name="Formulär")
    draft = services.copy_to_new_draft(questionnaire=questionnaire)
    page = leader_client.get(f"{ADMIN}/questionnaireversion/{draft.pk}/change/")
    data = post_data(
        page,
        **{
            "sections-TOTAL_FORMS": "1",
            "sections-0-order": "1",
            "sections-0-title": "Hälsa",
            "sections-0-insight_area": "halsa",
            "notes": "Första versionen",
        },
    )
    assert leader_client.post(page.request["PATH_INFO"], data).status_code == 302
    section = Section.objects.get(version=draft)

    page = leader_client.get(f"{ADMIN}/section/{section.pk}/change/")
    questions = {
        "questions-TOTAL_FORMS": "2",
        "questions-0-order": "1",
        "questions-0-key": "halsa",
        "questions-0-text": "Hur mår du?",
        "questions-0-type": "ett_val",
        "questions-1-order": "2",
        "questions-1-key": "halsa",
        "questions-1-text": "Samma nyckel igen?",
        "questions-1-type": "fritext",
    }
    duplicate = leader_client.post(page.request["PATH_INFO"], post_data(page, **questions))
    assert duplicate.status_code == 200
    assert "används redan" in duplicate.content.decode()
    questions["questions-1-key"] = "halsa-stod"
    assert leader_client.post(page.request["PATH_INFO"], post_data(page, **questions)).status_code == 302
    question = Question.objects.get(version=draft, key="halsa")

    # Publishing checks the content first: a single-choice question needs two choices.
    publish = f"{ADMIN}/questionnaireversion/{draft.pk}/publicera/"
    refused = leader_client.post(publish, follow=True)
    assert "minst två svarsalternativ" in refused.content.decode()
    page = leader_client.get(f"{ADMIN}/question/{question.pk}/change/")
    choices = {
        "choices-TOTAL_FORMS": "2",
        "choices-0-order": "1",
        "choices-0-value": "bra",
        "choices-0-label": "Bra",
        "choices-1-order": "2",
        "choices-1-value": "daligt",
        "choices-1-label": "Dåligt",
    }
    assert leader_client.post(page.request["PATH_INFO"], post_data(page, **choices)).status_code == 302
    assert list(question.choices.values_list("value", flat=True)) == ["bra", "daligt"]

    published = leader_client.post(publish, follow=True)
    assert "är publicerad" in published.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_a_published_version_is_read_only_in_the_admin(leader_client, version):
    page = leader_client.get(f"{ADMIN}/questionnaireversion/{version.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in html  # view only
    assert "Publicera version" not in html
    assert "Ny version (kopia" in html
    assert "kan inte ändras" in html


def test_admin_change_and_delete_posts_are_refused_for_a_published_version(leader_client, version):
    section = version.sections.first()
    question = Question.objects.filter(version=version).first()
    before = (
        list(Section.objects.values()),
        list(Question.objects.values()),
        list(Choice.objects.values()),
        list(QuestionnaireVersion.objects.values()),
    )
    refused = [
        (f"{ADMIN}/questionnaireversion/{version.pk}/change/", {"notes": "Ändrad"}),
        (f"{ADMIN}/questionnaireversion/{version.pk}/delete/", {"post": "yes"}),
        (f"{ADMIN}/section/{section.pk}/change/", {"title": "Ändrad", "order": "1", "insight_area": "halsa"}),
        (f"{ADMIN}/section/{section.pk}/delete/", {"post": "yes"}),
        (f"{ADMIN}/question/{question.pk}/change/", {"text": "Ändrad", "key": question.key, "type": "fritext"}),
        (f"{ADMIN}/question/{question.pk}/delete/", {"post": "yes"}),
    ]
    for url, data in refused:
        assert leader_client.post(url, data).status_code == 403, url
    # The changelist's bulk delete is refused too, and deletes nothing.
    bulk = leader_client.post(
        f"{ADMIN}/questionnaireversion/",
        {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    after = (
        list(Section.objects.values()),
        list(Question.objects.values()),
        list(Choice.objects.values()),
        list(QuestionnaireVersion.objects.values()),
    )
    assert after == before


def test_new_version_button_copies_and_archive_button_archives(leader_client, version):
    response = leader_client.post(f"{ADMIN}/questionnaireversion/{version.pk}/ny-version/")
    draft = QuestionnaireVersion.objects.get(questionnaire=version.questionnaire, number=2)
    assert response.url == f"{ADMIN}/questionnaireversion/{draft.pk}/change/"
    assert draft.status == VersionStatus.DRAFT
    again = leader_client.post(f"{ADMIN}/questionnaireversion/{version.pk}/ny-version/", follow=True)
    assert "Det finns redan ett utkast (version 2)" in again.content.decode()

    leader_client.post(f"{ADMIN}/questionnaireversion/{version.pk}/arkivera/")
    version.refresh_from_db()
    assert version.status == VersionStatus.ARCHIVED


def test_publish_and_archive_ask_first_and_get_changes_nothing(leader_client, version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    ask = leader_client.get(f"{ADMIN}/questionnaireversion/{draft.pk}/publicera/")
    page = ask.content.decode()
    assert ask.status_code == 200
    assert "Publicera version 2?" in page and "Version 1 arkiveras" in page and "Ja, publicera" in page
    ask = leader_client.get(f"{ADMIN}/questionnaireversion/{version.pk}/arkivera/")
    assert "kan inte fyllas i vid några möten" in ask.content.decode()
    version.refresh_from_db()
    draft.refresh_from_db()
    assert (version.status, draft.status) == (VersionStatus.PUBLISHED, VersionStatus.DRAFT)
    assert leader_client.get(f"{ADMIN}/questionnaireversion/{version.pk}/ny-version/").status_code == 405


def test_the_publish_question_shows_what_is_missing(leader_client):
    draft = services.copy_to_new_draft(questionnaire=Questionnaire.objects.create(name="Tomt"))
    page = leader_client.get(f"{ADMIN}/questionnaireversion/{draft.pk}/publicera/").content.decode()
    assert "Versionen har inga sektioner." in page and "Ja, publicera" not in page


def test_admin_actions_publish_the_selected_draft(leader_client, version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    leader_client.post(f"{ADMIN}/questionnaireversion/", {"action": "publish", "_selected_action": [draft.pk]})
    version.refresh_from_db()
    draft.refresh_from_db()
    assert (version.status, draft.status) == (VersionStatus.ARCHIVED, VersionStatus.PUBLISHED)


@pytest.mark.parametrize("username", ["af.handlaggare", "styrgrupp"])
def test_only_the_project_leader_reaches_the_questionnaire_admin(client, demo_staff, version, username):
    client.force_login(demo_staff[username])
    assert client.get(f"{ADMIN}/questionnaireversion/{version.pk}/change/").status_code == 302
    assert client.post(f"{ADMIN}/questionnaireversion/{version.pk}/arkivera/").status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_questionnaire_with_a_published_version_cannot_be_deleted_in_the_admin(leader_client, version):
    response = leader_client.post(f"{ADMIN}/questionnaire/{version.questionnaire_id}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Questionnaire.objects.filter(pk=version.questionnaire_id).exists()


def test_admin_pages_render_for_the_leader(leader_client, version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    section = draft.sections.first()
    question = Question.objects.filter(version=draft).first()
    for url in [
        f"{ADMIN}/",
        f"{ADMIN}/questionnaire/",
        f"{ADMIN}/questionnaire/{version.questionnaire_id}/change/",
        f"{ADMIN}/questionnaireversion/",
        f"{ADMIN}/questionnaireversion/{draft.pk}/change/",
        f"{ADMIN}/section/{section.pk}/change/",
        f"{ADMIN}/question/{question.pk}/change/",
        f"{ADMIN}/section/add/",
        f"{ADMIN}/question/add/",
    ]:
        assert leader_client.get(url).status_code == 200, url


def test_saving_a_section_returns_to_its_own_version(leader_client, version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    section = draft.sections.first()
    url = f"{ADMIN}/section/{section.pk}/change/"
    response = leader_client.post(url, post_data(leader_client.get(url), title="Hälsa och arbete"))
    assert response.url == f"{ADMIN}/questionnaireversion/{draft.pk}/change/"
    page = leader_client.get(response.url).content.decode()
    assert "Sektionen ”Hälsa och arbete” är sparad." in page
    keep_editing = leader_client.post(url, post_data(leader_client.get(url), _continue="1"))
    assert keep_editing.url == url


def test_the_add_row_text_is_swedish_in_lowercase(leader_client, version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    import html
    import json
    import re

    page = leader_client.get(f"{ADMIN}/questionnaireversion/{draft.pk}/change/").content.decode()
    texts = [
        json.loads(html.unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]+)"', page)
    ]
    assert "Lägg till sektion" in texts and not any("ytterligare" in text for text in texts)
