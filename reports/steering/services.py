"""Every write about the steering group's meetings: keyword-only, `by=` the acting user, Swedish ValidationErrors.

Records made by a form remember its one-time token, so that a second click finds what the first one saved;
records edited by a form claim their next version (insikt.locking), so that nothing is silently overwritten.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insikt.locking import claim_version
from reports.models import AGENDA_FIELDS, AgendaDocument, AgendaPoint, SteeringDecision, SteeringMeeting
from reports.steering.pdf import agenda_pdf

PUBLISHED = gettext_lazy(
    "Dagordningen är redan publicerad, så punkterna kan inte längre ändras. Tala med projektledaren."
)


def is_published(meeting: SteeringMeeting) -> bool:
    return meeting.agendas.exists()


def meeting_errors(*, meets_on, pre_meeting_on) -> dict:
    if pre_meeting_on and meets_on and pre_meeting_on > meets_on:
        return {"pre_meeting_on": _("Förmötet ska hållas före styrgruppsmötet, eller samma dag.")}
    return {}


def created_before(model, token):
    return model.objects.filter(request_token=token).first() if token else None


def insert(record, token):
    """Insert a new record with the form's token; a racing second submit of the same form finds the first."""
    record.request_token = token
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        if existing := created_before(type(record), token):
            return existing, False
        raise
    return record, True


def save_meeting(*, meeting: SteeringMeeting, expected_version: int | None, by, token=None):
    """Create a meeting, or change its dates and period. Returns (meeting, saved): False for a repeated submit."""
    if errors := meeting_errors(meets_on=meeting.meets_on, pre_meeting_on=meeting.pre_meeting_on):
        raise ValidationError(errors)
    meeting.updated_by = by
    if meeting._state.adding:
        if existing := created_before(SteeringMeeting, token):
            return existing, False
        return insert(meeting, token)
    with transaction.atomic():
        claim_version(meeting, expected_version, token)
        meeting.save(update_fields=["meets_on", "pre_meeting_on", "period", "updated_by", "updated_at",
                                    "request_token"])  # fmt: skip
    return meeting, True


def add_point(*, meeting: SteeringMeeting, heading: str, text: str, by, token=None):
    """A point under one of the five headings, until the agenda is published. Returns (point, added)."""
    if existing := created_before(AgendaPoint, token):
        return existing, False
    if is_published(meeting):
        raise ValidationError({"__all__": PUBLISHED})
    return insert(AgendaPoint(meeting=meeting, heading=heading, text=text.strip(), added_by=by), token)


def remove_point(*, point: AgendaPoint, by) -> None:
    """The one who added a point takes it back, until the agenda is published."""
    if point.added_by_id != by.pk:
        raise ValidationError({"__all__": _("Bara den som lade till punkten kan ta bort den.")})
    if is_published(point.meeting):
        raise ValidationError({"__all__": PUBLISHED})
    point.delete()


@transaction.atomic
def save_agenda(*, meeting: SteeringMeeting, texts: dict[str, str], expected_version: int | None, by, token=None):
    """The project leader's agenda: one text per heading, saved only over the version the form was opened on."""
    for field in AGENDA_FIELDS.values():
        setattr(meeting, field, texts.get(field, "").strip())
    claim_version(meeting, expected_version, token)
    meeting.updated_by = by
    meeting.save(update_fields=[*AGENDA_FIELDS.values(), "updated_by", "updated_at", "version", "request_token"])
    return meeting


def publish_agenda(*, meeting: SteeringMeeting, by, token=None) -> tuple[AgendaDocument, bool]:
    """A new numbered PDF of the agenda as it stands; earlier versions stay as they were."""
    if existing := created_before(AgendaDocument, token):
        return existing, False
    if not any(getattr(meeting, field).strip() for field in AGENDA_FIELDS.values()):
        raise ValidationError({"__all__": _("Skriv dagordningen innan den publiceras: alla rubriker är tomma.")})
    pdf = agenda_pdf(meeting)
    with transaction.atomic():
        SteeringMeeting.objects.select_for_update().filter(pk=meeting.pk).first()  # numbers one at a time
        number = (meeting.agendas.aggregate(n=Max("number"))["n"] or 0) + 1
        return insert(AgendaDocument(meeting=meeting, number=number, pdf=pdf, generated_by=by), token)


def decision_errors(*, meets_on, due_on=None, closed_on=None, closing_note="") -> dict:
    errors = {}
    if due_on and due_on < meets_on:
        errors["due_on"] = _("Datumet ligger före mötet där beslutet togs (%(date)s).") % {"date": meets_on}
    if closed_on and closed_on < meets_on:
        errors["closed_on"] = _("Ett beslut kan inte avslutas före mötet där det togs (%(date)s).") % {
            "date": meets_on}  # fmt: skip
    if closing_note.strip() and not closed_on:
        errors["closed_on"] = _("Ange när beslutet avslutades, eller ta bort texten om hur.")
    return errors


def save_decision(*, decision: SteeringDecision, expected_version: int | None, by, token=None):
    """Record a decision taken at a meeting, or change it and close it. Returns (decision, saved)."""
    errors = decision_errors(meets_on=decision.meeting.meets_on, due_on=decision.due_on,
                             closed_on=decision.closed_on, closing_note=decision.closing_note)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if decision._state.adding:
        if existing := created_before(SteeringDecision, token):
            return existing, False
        decision.recorded_by = by
        return insert(decision, token)
    with transaction.atomic():
        claim_version(decision, expected_version, token)
        decision.save()
    return decision, True
