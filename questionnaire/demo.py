"""Demo questionnaire (version 1 archived, version 2 published) and completed responses for held meetings.

The versions are made the way the project leader makes them: a draft, published, copied to a new
draft, changed, published again (which archives version 1). Idempotent; the responses are bulk
inserts, fast enough for thousands of meetings.
"""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from insikt.areas import InsightArea
from meetings.models import MeetingKind
from questionnaire import services
from questionnaire.answers import to_columns
from questionnaire.models import (
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Response,
    ResponseStatus,
    Section,
    VersionStatus,
)

NAME = "Insikt – samtal vid flerpartsmöte"
DESCRIPTION = (
    "Frågorna ställs av handläggaren i samtalet vid flerpartsmötet, så att deltagaren kan ge sin bild av hur "
    "stödet från Arbetsförmedlingen och Malmö stad har upplevts över tid. Deltagaren väljer själv vad hen vill berätta."
)
HELD = "genomfort"
T, ONE, MANY, SCALE, YN, NUM, DATE = (
    QuestionType.TEXT,
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.SCALE,
    QuestionType.YES_NO,
    QuestionType.NUMBER,
    QuestionType.DATE,
)


def q(key, kind, text, help_text="", *, required=False, choices=()):
    """A question of the demo: (key, type, text, help text, required, [(value, label), …])."""
    return (key, kind, text, help_text, required, list(choices))


# Version 1, section by section: (insight area, title, introduction, questions).
VERSION_1 = [
    (
        InsightArea.WORK,
        "Arbete och jobbsökning",
        "Börja i det deltagaren själv tar upp om arbete.",
        [
            q("senaste-arbete", DATE, "När hade du senast ett arbete?", "Ungefärligt datum räcker."),
            q("arbete-erfarenhet", T, "Berätta om de arbeten du har haft. Vad fungerade bra?", required=True),
            q(
                "soker-arbete",
                ONE,
                "Hur söker du arbete i dag?",
                required=True,
                choices=[
                    ("aktivt", "Söker aktivt varje vecka"),
                    ("ibland", "Söker ibland"),
                    ("inte-nu", "Söker inte just nu"),
                    ("vet-inte", "Vet inte hur jag ska söka"),
                ],
            ),
            q(
                "ansokningar-manad",
                NUM,
                "Ungefär hur många arbeten har du sökt den senaste månaden?",
                "Skriv 0 om inga.",
            ),
            q(
                "tro-pa-arbete",
                SCALE,
                "Hur stor tror du att chansen är att du har ett arbete om ett år?",
                "1 = mycket liten, 5 = mycket stor",
            ),
        ],
    ),
    (
        InsightArea.ACTIVITIES,
        "Aktiviteter och planering",
        "",
        [
            q(
                "insatser-tidigare",
                MANY,
                "Vilka insatser har du tagit del av genom åren?",
                "Välj alla som stämmer.",
                choices=[
                    ("utbildning", "Arbetsmarknadsutbildning"),
                    ("praktik", "Praktik"),
                    ("subventionerad", "Subventionerad anställning, t.ex. nystartsjobb"),
                    ("studier", "Studier, t.ex. sfi eller komvux"),
                    ("rehabilitering", "Arbetslivsinriktad rehabilitering"),
                    ("kommunal", "Malmö stads arbetsmarknadsinsatser"),
                    ("ingen", "Inga insatser"),
                ],
            ),
            q(
                "insatser-hjalpt",
                SCALE,
                "Hur mycket har insatserna hjälpt dig närmare ett arbete?",
                "1 = inte alls, 5 = mycket",
            ),
            q("planering-tydlig", YN, "Har du en planering som du själv tycker är tydlig?", required=True),
            q("planering-delaktig", T, "Hur har du varit delaktig när din planering gjorts?"),
        ],
    ),
    (
        InsightArea.ORGANISATION,
        "Organisering och kontakt",
        "",
        [
            q(
                "kontakt-handlaggare",
                ONE,
                "Hur ofta har du kontakt med din handläggare på Arbetsförmedlingen?",
                choices=[
                    ("varje-vecka", "Varje vecka"),
                    ("varje-manad", "Varje månad"),
                    ("mer-sallan", "Mer sällan"),
                    ("nastan-aldrig", "Nästan aldrig"),
                ],
            ),
            q("byten-handlaggare", NUM, "Hur många gånger har du bytt handläggare de senaste två åren?"),
            q(
                "kontaktvag",
                MANY,
                "Hur vill du helst ha kontakt med oss?",
                "Välj alla som passar.",
                choices=[
                    ("mote", "Möte på plats"),
                    ("telefon", "Telefon"),
                    ("video", "Videomöte"),
                    ("digitalt", "Meddelanden på Mina sidor"),
                    ("brev", "Brev"),
                ],
            ),
            q("vet-vem-kontakta", YN, "Vet du vem du ska kontakta när något händer?", required=True),
        ],
    ),
    (
        InsightArea.DOCUMENTATION,
        "Dokumentation",
        "Frågorna gäller det som står om deltagaren hos oss.",
        [
            q("kanner-igen-plan", YN, "Känner du igen dig i det som står i din planering?"),
            q("handlingar-saknas", T, "Finns det något i dina handlingar som du tycker är fel eller saknas?"),
        ],
    ),
    (
        InsightArea.HEALTH,
        "Hälsa",
        "Deltagaren väljer själv vad hen vill berätta. Skriv bara det som behövs för planeringen.",
        [
            q(
                "halsa-paverkar",
                SCALE,
                "Hur mycket påverkar din hälsa möjligheten att arbeta?",
                "1 = inte alls, 5 = i mycket hög grad",
                required=True,
            ),
            q("vard-kontakt", YN, "Har du kontakt med vården för det som påverkar dig?"),
            q("sjukskrivning-datum", DATE, "Om du har varit sjukskriven: när började den senaste sjukskrivningen?"),
            q("halsa-stod", T, "Vilket stöd skulle göra skillnad för din hälsa?"),
        ],
    ),
    (
        InsightArea.OTHER_OBSTACLES,
        "Övriga hinder och begränsningar",
        "",
        [
            q(
                "hinder",
                MANY,
                "Finns det annat som gör det svårt att arbeta eller delta i insatser?",
                "Välj alla som stämmer.",
                choices=[
                    ("ekonomi", "Ekonomi eller skulder"),
                    ("bostad", "Bostadssituationen"),
                    ("sprak", "Svenska språket"),
                    ("omsorg", "Barnomsorg eller omsorg om en anhörig"),
                    ("resor", "Resor och transport"),
                    ("digitalt", "Digitala tjänster och verktyg"),
                    ("annat", "Annat"),
                ],
            ),
            q("hinder-beskriv", T, "Berätta mer om det som hindrar dig."),
        ],
    ),
    (
        InsightArea.COOPERATION,
        "Samverkan",
        "Avsluta med deltagarens bild av samarbetet och vad som behövs härnäst.",
        [
            q(
                "samverkan-upplevelse",
                SCALE,
                "Hur väl tycker du att Arbetsförmedlingen och Malmö stad har samarbetat kring dig?",
                "1 = inte alls, 5 = mycket väl",
                required=True,
            ),
            q(
                "samverkan-forbattra",
                T,
                "Vad skulle kunna bli bättre i hur vi arbetar tillsammans med dig?",
                required=True,
            ),
            q(
                "stod-harnast",
                ONE,
                "Var tror du själv att du behöver stöd härnäst?",
                choices=[
                    ("af", "Arbetsförmedlingen"),
                    ("ama", "Malmö stad – arbetsmarknad"),
                    ("ekonomiskt", "Malmö stad – ekonomiskt bistånd"),
                    ("region", "Region Skåne – vård"),
                    ("fk", "Försäkringskassan"),
                    ("studier", "Studier"),
                    ("vet-inte", "Vet inte"),
                ],
            ),
        ],
    ),
]

# Version 2: what the team changed after the first months of meetings.
REWORDED = {
    "tro-pa-arbete": (
        "Hur ser du på dina möjligheter att få ett arbete inom ett år?",
        "1 = mycket små, 5 = mycket goda",
    ),
    "planering-delaktig": ("På vilket sätt har du själv fått vara med och bestämma din planering?", ""),
    "halsa-stod": ("Vilket stöd för din hälsa skulle göra mest skillnad för dig just nu?", ""),
}
REMOVED = {"byten-handlaggare", "sjukskrivning-datum"}
ADDED = {  # by the section's insight area, appended to it
    InsightArea.WORK: [q("onskat-arbete", T, "Vilket slags arbete skulle du vilja ha?")],
    InsightArea.DOCUMENTATION: [q("fatt-kopia", YN, "Har du fått en kopia av din planering?")],
    InsightArea.OTHER_OBSTACLES: [
        q("vill-skuldradgivning", YN, "Vill du ha kontakt med Malmö stads budget- och skuldrådgivning?")
    ],
}
NEW_CHOICES = {"hinder": [("korkort", "Saknar körkort")]}

TEXTS = {
    "arbete-erfarenhet": [
        "Lagerarbete i flera år, trivdes med kollegorna men ryggen tog slut.",
        "Städ och restaurang. Bra när det fanns fasta tider.",
        "Har mest haft kortare vikariat inom äldreomsorgen.",
        "Byggarbetsplatser via bemanningsföretag, tyckte om att arbeta med händerna.",
    ],
    "planering-delaktig": [
        "Inte så mycket, planeringen skrevs av handläggaren.",
        "Fick vara med vid senaste mötet, det kändes bättre.",
        "Vet inte riktigt vad som står i planeringen.",
    ],
    "handlingar-saknas": [
        "Min utbildning från hemlandet finns inte med.",
        "",
        "Det står att jag tackat nej till en insats, men jag var sjuk.",
    ],
    "halsa-stod": [
        "Kortare dagar i början.",
        "Hjälp att få en tid hos vårdcentralen.",
        "Någon att prata med om stress.",
    ],
    "hinder-beskriv": [
        "Skulder gör att jag inte orkar tänka på annat.",
        "Svårt att resa till insatser utanför Malmö.",
        "",
    ],
    "samverkan-forbattra": [
        "Att man inte behöver berätta samma sak för alla.",
        "Ett gemensamt möte som det här tidigare.",
        "Att handläggarna pratar med varandra innan de bestämmer något.",
        "Mer tid på varje möte.",
    ],
    "onskat-arbete": [
        "Lager eller truckförare.",
        "Något inom köket.",
        "Vaktmästare eller fastighetsskötsel.",
        "Vet inte ännu.",
    ],
}


def _create_sections(version, content) -> None:
    sections = Section.objects.bulk_create(
        Section(version=version, order=i, title=title, insight_area=area, intro=intro)
        for i, (area, title, intro, _q) in enumerate(content, start=1)
    )
    for section, (_area, _title, _intro, questions) in zip(sections, content, strict=True):
        _create_questions(section, questions, start=1)


def _create_questions(section, questions, start) -> None:
    created = Question.objects.bulk_create(
        Question(section=section, order=start + i, key=key, type=kind, text=text, help_text=help_text, required=req)
        for i, (key, kind, text, help_text, req, _choices) in enumerate(questions)
    )
    Choice.objects.bulk_create(
        Choice(question=question, order=i, value=value, label=label)
        for question, (*_rest, choices) in zip(created, questions, strict=True)
        for i, (value, label) in enumerate(choices, start=1)
    )


def _apply_version_2(draft) -> None:
    for key, (text, help_text) in REWORDED.items():
        Question.objects.filter(version=draft, key=key).update(text=text, help_text=help_text)
    Question.objects.filter(version=draft, key__in=REMOVED).delete()
    for area, questions in ADDED.items():
        section = Section.objects.get(version=draft, insight_area=area)
        _create_questions(section, questions, start=section.questions.count() + 1)
    for key, choices in NEW_CHOICES.items():
        question = Question.objects.get(version=draft, key=key)
        last = Choice.objects.get(question=question, value="annat")  # "Annat" stays last
        Choice.objects.filter(pk=last.pk).update(order=last.order + len(choices))
        Choice.objects.bulk_create(
            Choice(question=question, order=last.order + i, value=value, label=label)
            for i, (value, label) in enumerate(choices)
        )


@transaction.atomic
def seed_questionnaire() -> QuestionnaireVersion:
    """The demo questionnaire's published version 2 (version 1 archived). Creates it once."""
    questionnaire = Questionnaire.objects.filter(name=NAME).first()
    if questionnaire is not None:
        return questionnaire.versions.filter(status=VersionStatus.PUBLISHED).first() or questionnaire.versions.first()
    now = timezone.now()
    questionnaire = Questionnaire.objects.create(name=NAME, description=DESCRIPTION)
    first = services.copy_to_new_draft(questionnaire=questionnaire)
    first.notes = "Första versionen, framtagen med stöd av Finsam."
    first.save()
    _create_sections(first, VERSION_1)
    services.publish_version(version=first, now=now - timedelta(days=300))
    second = services.copy_to_new_draft(questionnaire=questionnaire)
    second.notes = (
        "Tre frågor omformulerade efter deltagarnas återkoppling; frågorna om handläggarbyten och sjukskrivning "
        "borttagna (uppgifterna finns i genomlysningen); nya frågor om önskat arbete, kopia av planeringen och "
        "skuldrådgivning; svarsalternativet ”Saknar körkort” tillagt."
    )
    second.save()
    _apply_version_2(second)
    return services.publish_version(version=second, now=now - timedelta(days=150))


def plausible(question, rng: random.Random, today):
    """A believable answer to a demo question, or None (optional questions are sometimes skipped)."""
    if not question.required and rng.random() < 0.15:
        return None
    choices = [c.value for c in question.choices.all()]
    match question.type:
        case QuestionType.TEXT:
            return rng.choice(TEXTS.get(question.key, ["Inget särskilt."])) or None
        case QuestionType.SINGLE:
            return rng.choice(choices)
        case QuestionType.MULTIPLE:
            picked = rng.sample([c for c in choices if c != "ingen"], k=rng.randint(1, 3))
            return tuple(picked)
        case QuestionType.SCALE:
            return rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 4, 2, 1])[0]
        case QuestionType.YES_NO:
            return rng.random() < 0.55
        case QuestionType.NUMBER:
            return Decimal(rng.choice([0, 0, 1, 2, 3, 4, 6, 10]))
        case QuestionType.DATE:
            return today - timedelta(days=rng.randint(200, 4500))
    return None


@transaction.atomic
def seed_responses(meetings) -> int:
    """Completed responses for the held multi-party meetings that have none; returns how many were created.

    Meetings before version 2 was published are answered on version 1, later ones on version 2. If
    every meeting falls on one side of that date, the older half gets version 1 so both occur.
    """
    published = seed_questionnaire()
    questionnaire = published.questionnaire
    versions = {v.number: v for v in QuestionnaireVersion.objects.with_structure().filter(questionnaire=questionnaire)}
    old, new = versions[1], versions[max(versions)]
    answered = set(Response.objects.filter(questionnaire=questionnaire).values_list("meeting_id", flat=True))
    held = sorted(
        (m for m in meetings if m.kind == MeetingKind.MULTI_PARTY and m.status == HELD and m.pk not in answered),
        key=lambda m: m.starts_at,
    )
    if not held:
        return 0
    cutoff = new.published_at
    if held[0].starts_at >= cutoff or held[-1].starts_at < cutoff:
        cutoff = held[len(held) // 2].starts_at
    rng = random.Random(20231207)  # noqa: S311 - demo data
    today = timezone.localdate()
    questions = {v.pk: [q for section in v.sections.all() for q in section.questions.all()] for v in (old, new)}
    responses, answers, selections = [], [], []
    for meeting in held:
        version = old if meeting.starts_at < cutoff else new
        response = Response(
            id=uuid.uuid4(),
            meeting_id=meeting.pk,
            participant_id=meeting.participant_id,
            questionnaire=questionnaire,
            version=version,
            status=ResponseStatus.COMPLETED,
            revision=1,
            created_by_id=meeting.booked_by_id,
            updated_by_id=meeting.booked_by_id,
            completed_by_id=meeting.booked_by_id,
            completed_at=meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
        )
        responses.append(response)
        for question in questions[version.pk]:
            value = plausible(question, rng, today)
            if value is None:
                continue
            columns, values = to_columns(question, value)
            answer = Answer(response=response, question=question, **columns)
            answers.append(answer)
            choice_ids = {c.value: c.pk for c in question.choices.all()}
            selections.extend((answer, choice_ids[v]) for v in values)
    Response.objects.bulk_create(responses, batch_size=500)
    # bulk_create stamps "now" on the automatic times; the demo wants the meeting's own.
    for response, meeting in zip(responses, held, strict=True):
        response.created_at, response.updated_at = meeting.starts_at, response.completed_at
    Response.objects.bulk_update(responses, ["created_at", "updated_at"], batch_size=500)
    Answer.objects.bulk_create(answers, batch_size=2000)
    AnswerChoice.objects.bulk_create(
        (AnswerChoice(answer=answer, choice_id=choice_id) for answer, choice_id in selections), batch_size=2000
    )
    return len(responses)
