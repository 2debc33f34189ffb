"""Versions and meetings for the questionnaire tests, built through the services as in the app."""

from django.utils import timezone

from insikt.areas import InsightArea
from meetings.models import Meeting, MeetingKind
from questionnaire import services
from questionnaire.models import Choice, Question, Questionnaire, QuestionType, Section

# One question of every type: (key, type, text, help text, required, choices).
EVERY_TYPE = [
    ("senaste-arbete", QuestionType.TEXT, "Berätta om ditt senaste arbete", "Med egna ord.", True, []),
    ("soker-arbete", QuestionType.SINGLE, "Hur söker du arbete i dag?", "", True, [("aktivt", "Aktivt"), ("ibland", "Ibland")]),
    ("insatser", QuestionType.MULTIPLE, "Vilka insatser har du haft?", "Välj alla som stämmer.", False,
     [("praktik", "Praktik"), ("studier", "Studier"), ("utbildning", "Utbildning")]),
    ("halsa", QuestionType.SCALE, "Hur mycket påverkar hälsan arbetet?", "1 = inte alls, 5 = mycket", True, []),
    ("planering", QuestionType.YES_NO, "Har du en tydlig planering?", "", True, []),
    ("ansokningar", QuestionType.NUMBER, "Hur många jobb har du sökt?", "", False, []),
    ("sista-dag", QuestionType.DATE, "När slutade ditt senaste arbete?", "", False, []),
]  # fmt: skip


def add_questions(section, spec, start=1):
    for i, (key, kind, text, help_text, required, choices) in enumerate(spec, start=start):
        question = Question.objects.create(
            section=section, order=i, key=key, type=kind, text=text, help_text=help_text, required=required
        )
        for j, (value, label) in enumerate(choices, start=1):
            Choice.objects.create(question=question, order=j, value=value, label=label)


def make_version(name="Samtalsformulär", spec=EVERY_TYPE, publish=True, per_section=4):
    """Version 1 of a new questionnaire with `spec` spread over sections of `per_section` questions."""
    questionnaire = Questionnaire.objects.create(name=name)
    version = services.copy_to_new_draft(questionnaire=questionnaire)
    areas = list(InsightArea)
    for n, start in enumerate(range(0, len(spec), per_section)):
        area = areas[n % len(areas)]
        section = Section.objects.create(
            version=version, order=n + 1, title=f"Del {n + 1}: {area.label}", insight_area=area
        )
        add_questions(section, spec[start : start + per_section], start=start + 1)
    if publish:
        version = services.publish_version(version=version)
    return version


def many_questions(count):
    """`count` questions cycling through every type, with unique keys."""
    return [(f"{key}-{i}", kind, f"{text} ({i})", help_text, required, choices)
            for i in range(count)
            for key, kind, text, help_text, required, choices in [EVERY_TYPE[i % len(EVERY_TYPE)]]]  # fmt: skip


def make_meeting(participant, by, **fields):
    fields = {"kind": MeetingKind.MULTI_PARTY, "status": "genomfort", "starts_at": timezone.now(), **fields}
    return Meeting.objects.create(participant=participant, booked_by=by, **fields)


def control(version, revision=0, action="draft"):
    return {"version": version.pk, "revision": revision, "action": action}


def complete_answers():
    """A valid answer to every question of EVERY_TYPE, as posted by the browser."""
    return {
        "q-senaste-arbete": "Lagerarbete, trivdes bra.",
        "q-soker-arbete": "aktivt",
        "q-insatser": ["praktik", "studier"],
        "q-halsa": "3",
        "q-planering": "ja",
        "q-ansokningar": "4",
        "q-sista-dag": "2019-05-31",
    }
