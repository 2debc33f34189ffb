"""Every answer type is validated on the server, with a message by the question; nothing typed is lost."""

from datetime import date
from decimal import Decimal

import pytest

from questionnaire import services
from questionnaire.models import Answer, Response
from questionnaire.tests.factories import control

BAD = [
    ("q-senaste-arbete", "x" * 5001, "högst 5000 tecken"),
    ("q-soker-arbete", "finns-inte", "”finns-inte” finns inte"),
    ("q-insatser", ["praktik", "trolleri"], "”trolleri” finns inte"),
    ("q-halsa", "0", "från 1 till 5"),
    ("q-halsa", "6", "från 1 till 5"),
    ("q-halsa", "tre", "från 1 till 5"),
    ("q-planering", "kanske", "Välj ja eller nej"),
    ("q-ansokningar", "många", "Skriv ett tal"),
    ("q-ansokningar", "1,234", "Högst två decimaler"),
    ("q-ansokningar", "12345678901", "för stort"),
    ("q-sista-dag", "2023-13-01", "ÅÅÅÅ-MM-DD"),
    ("q-sista-dag", "31/5 2019", "ÅÅÅÅ-MM-DD"),
    ("q-sista-dag", "1850-01-01", "mellan år 1900 och 2100"),
]


@pytest.mark.parametrize("field, value, message", BAD)
def test_invalid_answers_get_a_message_by_the_field_and_keep_what_was_typed(
    client, af, version, meeting, answer_url, field, value, message
):
    client.force_login(af)
    data = {**control(version), "q-senaste-arbete": "Typed text stays", field: value}
    response = client.post(answer_url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert f'id="id_{field}_error"' in page  # the message sits by its field, linked by aria-describedby
    assert f'href="#id_{field}"' in page  # and in the summary at the top, linking to the field
    if field != "q-senaste-arbete":
        assert "Typed text stays" in page
        # Saving a draft keeps the valid answers; the invalid one is not stored.
        saved = Response.objects.get(meeting=meeting)
        assert Answer.objects.filter(response=saved, question__key="senaste-arbete", text="Typed text stays").exists()
        assert not Answer.objects.filter(response=saved, question__key=field[2:]).exists()
    if field not in ("q-halsa", "q-planering"):
        # Typed input comes back as typed. (A radio group can only show its own options; a value that is
        # none of them comes from a tampered request, not from a browser.)
        typed = value if isinstance(value, str) else value[-1]
        assert typed[:50] in page


GOOD = [
    ("q-senaste-arbete", "  Lager i tio år  ", "text", "Lager i tio år"),
    ("q-halsa", "4", "number", Decimal(4)),
    ("q-planering", "nej", "yes_no", False),
    ("q-planering", "ja", "yes_no", True),
    ("q-ansokningar", "2,5", "number", Decimal("2.5")),
    ("q-ansokningar", "12", "number", Decimal(12)),
    ("q-sista-dag", "2019-05-31", "date", date(2019, 5, 31)),
]


@pytest.mark.parametrize("field, value, column, stored", GOOD)
def test_valid_answers_are_stored_in_their_typed_column(
    client, af, version, meeting, answer_url, field, value, column, stored
):
    client.force_login(af)
    assert client.post(answer_url, {**control(version), field: value}).status_code == 302
    answer = Answer.objects.get(response__meeting=meeting, question__key=field[2:])
    assert getattr(answer, column) == stored
    assert answer.question.version_id == answer.response.version_id == version.pk


def test_choices_are_stored_as_the_version_s_choices(client, af, version, meeting, answer_url):
    client.force_login(af)
    client.post(answer_url, {**control(version), "q-soker-arbete": "ibland", "q-insatser": ["studier", "praktik"]})
    single = Answer.objects.get(question__key="soker-arbete")
    multiple = Answer.objects.get(question__key="insatser")
    assert [c.label for c in single.choices.all()] == ["Ibland"]
    assert sorted(c.value for c in multiple.choices.all()) == ["praktik", "studier"]
    assert {c.question_id for c in multiple.choices.all()} == {multiple.question_id}


REQUIRED = {
    "q-senaste-arbete": "Skriv ett svar på frågan.",
    "q-soker-arbete": "Välj ett av alternativen.",
    "q-halsa": "Välj ett värde från 1 till 5.",
    "q-planering": "Välj ja eller nej.",
}


def test_completing_requires_the_obligatory_questions_with_a_message_per_type(client, af, version, answer_url):
    client.force_login(af)
    response = client.post(answer_url, {**control(version, action="complete"), "q-ansokningar": "3"})
    assert response.status_code == 200
    errors = {name: list(messages) for name, messages in response.context["form"].errors.items()}
    assert errors == {name: [message] for name, message in REQUIRED.items()}
    assert "Formuläret är inte slutfört: 4 svar behöver rättas eller fyllas i." in response.content.decode()
    # A draft does not require them.
    assert client.post(answer_url, control(version, revision=1)).status_code == 302


def test_the_service_checks_versions_and_choices_too(version, meeting, af):
    from questionnaire.tests.factories import make_version

    other = make_version(name="Annat formulär")
    foreign = other.questions.first()
    with pytest.raises(ValueError):
        services.save_response(
            meeting=meeting, version=version, answers={foreign: "x"}, complete=False, expected_revision=0, by=af
        )
    single = version.questions.get(key="soker-arbete")
    with pytest.raises(Exception, match="inget svarsalternativ"):
        services.save_response(
            meeting=meeting, version=version, answers={single: "nope"}, complete=False, expected_revision=0, by=af
        )
    assert not Response.objects.exists()
