"""Register extract (GDPR art. 15): everything Insikt holds about one participant, as data and as PDF.

Built generically from the models, so that a field added later is in the extract without anyone
remembering to add it: each record becomes its fields' Swedish names and displayed values.
"""

import json
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst

from insikt.models import AccessLog
from meetings.models import Finding, HistoryReview, Meeting, Recommendation
from participants.models import Participant
from questionnaire.models import Response

# search_text is the name and birth date once more, normalised for the search: nothing new to the person.
HIDDEN_FIELDS = {"version", "revision", "request_token", "participant", "id", "search_text"}


def value_of(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(field, models.FileField):
        return "Inskannat dokument finns" if value else ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(field, models.BooleanField):  # NULL: the question was not asked (a consent before SUS's)
        return "Inte tillfrågad"
    if isinstance(value, models.Model):
        return str(value)
    return "" if value is None else value


def record(obj, exclude=()) -> dict:
    return {
        capfirst(str(field.verbose_name)): value_of(obj, field)  # capfirst: "SUS" and "AF" keep their capitals
        for field in obj._meta.concrete_fields
        if field.name not in HIDDEN_FIELDS and field.name not in exclude and not field.name.endswith("_ptr")
    }


def collect(participant: Participant) -> dict:
    p = participant
    consents = p.consents.select_related("recorded_by", "withdrawal__recorded_by")
    waivers = p.waivers.select_related("organisation", "recorded_by", "withdrawal__recorded_by")
    data = {
        "Framtaget": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "Uppgifter om dig": {
            **record(p, exclude={"personnummer"}),
            "Personnummer": p.formatted_personnummer,
        },
        "Ansvariga handläggare": [record(r) for r in p.responsible.select_related("user", "organisation")],
        "Statushistorik": [record(s) for s in p.status_changes.select_related("changed_by")],
        "Samtycken": [
            {**record(c), "Återkallat": record(c.withdrawal) if hasattr(c, "withdrawal") else None} for c in consents
        ],
        "Sekretessgenombrott": [
            {**record(w), "Återkallat": record(w.withdrawal) if hasattr(w, "withdrawal") else None} for w in waivers
        ],
        **meetings_and_reviews(p),
        "Frågeformulär": responses_of(p),
        "Vem som har läst eller ändrat dina uppgifter": reads_of(p),
    }
    for title, rows in extra_sections(p):
        data[title] = rows
    return data


def meetings_and_reviews(participant: Participant) -> dict:
    meetings = Meeting.objects.filter(participant=participant).prefetch_related("attendees__user__organisation")
    reviews = HistoryReview.objects.filter(participant=participant).prefetch_related(
        "programmes__programme_type", "benefits", "events"
    )
    return {
        "Möten": [
            {**record(m), "Deltagare på mötet": [record(a, exclude={"meeting"}) for a in m.attendees.all()]}
            for m in meetings
        ],
        "Genomlysningar": [
            {
                **record(r),
                "Program och insatser": [record(x, exclude={"review"}) for x in r.programmes.all()],
                "Ersättningsperioder": [record(x, exclude={"review"}) for x in r.benefits.all()],
                "Händelser": [record(x, exclude={"review"}) for x in r.events.all()],
            }
            for r in reviews
        ],
    }


def responses_of(participant: Participant) -> list:
    responses = Response.objects.filter(participant=participant).select_related("version__questionnaire", "meeting")
    return [
        {
            **record(r, exclude={"meeting"}),
            "Svar": [
                {"Fråga": a.question.text, "Svar": answer_text(a)}
                for a in r.answers.select_related("question").prefetch_related("selected__choice")
            ],
        }
        for r in responses
    ]


def reads_of(participant: Participant) -> list:
    reads = AccessLog.objects.filter(participant_id=participant.pk).select_related("user", "organisation")
    return [
        {
            "Tid": timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"),
            "Vem": str(e.user),
            "Organisation": e.organisation.name if e.organisation else "",
            "Vad": e.get_action_display(),
        }
        for e in reads.order_by("at")
    ]


def extra_sections(participant):
    """Occupation and support at registration, closing and the follow-ups; recommendations with their status
    history, findings (their descriptions while they exist: anonymisation removes them and keeps the codes), and the
    staff's tasks about the person."""
    recommendations = Recommendation.objects.filter(participant=participant).select_related(
        "category", "receiving_organisation"
    )
    findings = Finding.objects.filter(participant=participant).select_related(
        "organisation", "finding_type", "history_review__organisation", "meeting", "recorded_by",
        "recorded_by_organisation",
    )  # fmt: skip
    tasks = participant.tasks.select_related("organisation", "assigned_to", "created_by", "done_by")
    outcomes = participant.outcomes.select_related("recorded_by", "recorded_by_organisation").prefetch_related(
        "supports"
    )
    return [
        (
            "Sysselsättning och försörjning",
            [
                {**record(o), "Försörjning": ", ".join(s.get_support_display() for s in o.supports.all())}
                for o in outcomes
            ],
        ),
        ("Rekommendationer", [record(r) for r in recommendations]),
        ("Iakttagelser", [record(f) for f in findings]),
        ("Uppgifter", [record(t) for t in tasks]),
    ]


def answer_text(answer) -> str:
    if answer.text:
        return answer.text
    if answer.number is not None:
        return str(answer.number.normalize())
    if answer.date:
        return answer.date.isoformat()
    if answer.yes_no is not None:
        return "Ja" if answer.yes_no else "Nej"
    return ", ".join(s.choice.label for s in answer.selected.all())


def as_json(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_html(data: dict, participant: Participant, stylesheet: str) -> str:
    return render_to_string(
        "reports/extract.html", {"data": data, "participant": participant, "stylesheet": stylesheet}
    )
