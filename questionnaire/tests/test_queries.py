"""The answer and read pages take a fixed number of queries, however many questions the version has."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.tests.factories import register
from questionnaire import services
from questionnaire.tests.factories import make_meeting, make_version, many_questions

MAX_QUERIES = 20


def answered(version, meeting, by):
    """A draft with an answer to every question, so the pages load answers and chosen choices too."""
    values = {
        "fritext": "Text",
        "ett_val": None,
        "flera_val": None,
        "skala": 3,
        "ja_nej": True,
        "tal": 2,
        "datum": None,
    }
    answers = {}
    for question in version.questions.prefetch_related("choices"):
        choices = [c.value for c in question.choices.all()]
        value = values[question.type]
        if question.type == "ett_val":
            value = choices[0]
        if question.type == "flera_val":
            value = tuple(choices[:2])
        answers[question] = value
    services.save_response(
        meeting=meeting, version=version, answers=answers, complete=False, expected_revision=0, by=by
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_questions(client, af):
    small = make_version(name="Litet", spec=many_questions(7))
    large = make_version(name="Stort", spec=many_questions(49), per_section=7)
    client.force_login(af)
    counts = {}
    for version in (small, large):
        meeting = make_meeting(register(af), af)
        base = f"/formular/svar/{meeting.pk}/{version.questionnaire_id}/"
        counts[version.pk, "empty"] = count_queries(client, base)
        answered(version, meeting, af)
        counts[version.pk, "draft"] = count_queries(client, base)
        counts[version.pk, "read"] = count_queries(client, base + "visa/")
        counts[version.pk, "preview"] = count_queries(client, f"/formular/version/{version.pk}/")
    for page in ("empty", "draft", "read", "preview"):
        assert counts[small.pk, page] == counts[large.pk, page], page
        assert counts[large.pk, page] <= MAX_QUERIES, (page, counts[large.pk, page])
