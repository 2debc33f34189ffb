"""A page made for a version that was archived meanwhile says so, and keeps what was typed."""

import pytest

from questionnaire import services
from questionnaire.models import Answer, Question, Response
from questionnaire.tests.factories import control


@pytest.fixture
def version_2(version):
    """Version 2 rewords 'halsa', removes 'senaste-arbete' and drops the choice 'ibland' of 'soker-arbete'."""
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    Question.objects.filter(version=draft, key="halsa").update(text="Hur påverkar din hälsa ett arbete?")
    Question.objects.filter(version=draft, key="senaste-arbete").delete()
    single = Question.objects.get(version=draft, key="soker-arbete")
    single.choices.filter(value="ibland").delete()
    single.choices.create(order=3, value="sallan", label="Sällan")
    return draft


TYPED = {
    "q-senaste-arbete": "Lager i tio år",
    "q-soker-arbete": "ibland",
    "q-insatser": ["studier"],
    "q-halsa": "4",
    "q-ansokningar": "7",
}


def test_a_page_for_an_archived_version_says_so_and_keeps_the_text(client, af, version, version_2, answer_url):
    client.force_login(af)
    client.get(answer_url)  # the page is made for version 1 ...
    services.publish_version(version=version_2)  # ... and version 2 is published while it is filled in
    response = client.post(answer_url, {**control(version), **TYPED})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Formuläret har bytt version medan du fyllde i" in page and "inte sparat ännu" in page
    assert not Response.objects.exists()
    form = response.context["form"]
    assert form.version == version_2
    assert form["q-halsa"].value() == "4" and str(form["q-ansokningar"].value()) == "7"
    assert form["q-insatser"].value() == ["studier"]
    assert response.context["control"]["version"].value() == version_2.pk
    # What has no place in version 2 is shown so it can be copied.
    leftovers = {question.key: text for question, text in response.context["leftovers"]}
    assert leftovers == {"senaste-arbete": "Lager i tio år", "soker-arbete": "Ibland"}
    assert "Lager i tio år" in page

    again = client.post(answer_url, {**control(version_2), **{k: v for k, v in TYPED.items() if k != "q-soker-arbete"}})
    assert again.status_code == 302
    assert Response.objects.get().version == version_2


def test_a_draft_begun_on_an_archived_version_moves_to_the_published_one(
    client, af, version, version_2, meeting, answer_url
):
    client.force_login(af)
    client.post(answer_url, {**control(version), **TYPED})
    services.publish_version(version=version_2)
    page = client.get(answer_url)
    assert "Utkastet påbörjades i version 1" in page.content.decode()
    assert page.context["form"]["q-halsa"].value() == "4"
    assert {q.key for q, _text in page.context["leftovers"]} == {"senaste-arbete", "soker-arbete"}

    client.post(answer_url, {**control(version_2, revision=1), "q-halsa": "4", "q-ansokningar": "7"})
    saved = Response.objects.get()
    assert saved.version == version_2
    assert set(Answer.objects.filter(response=saved).values_list("question__version", flat=True)) == {version_2.pk}


def test_archived_without_a_successor_keeps_the_text_and_offers_no_save(client, af, version, answer_url):
    client.force_login(af)
    services.archive_version(version=version)
    response = client.post(answer_url, {**control(version), **TYPED})
    page = response.content.decode()
    assert response.status_code == 409
    assert "ingen ny publicerad version" in page
    assert "Lager i tio år" in page
    assert "Slutför" not in page
    assert not Response.objects.exists()
