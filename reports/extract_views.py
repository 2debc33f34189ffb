from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from insikt.access import log_access
from insikt.decorators import works_with_participants
from insikt.models import AccessLog
from participants.access import get_participant_for_user
from reports import extract
from reports.pdf import render_pdf, static_url


def participant_for_extract(request, pk):
    """Only the project leader or the registering organisation's staff produce extracts; others get 404."""
    participant = get_participant_for_user(request.user, pk)
    user = request.user
    if not (user.is_project_leader or participant.registering_organisation_id == user.organisation_id):
        raise Http404
    return participant


@never_cache
@works_with_participants
def extract_pdf(request, pk):
    participant = participant_for_extract(request, pk)
    data = extract.collect(participant)
    pdf = render_pdf(extract.as_html(data, participant, static_url("css/report.css")))
    log_access(request, participant.pk, AccessLog.Action.EXPORT, "registerutdrag PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.pdf"'
    return response


@never_cache
@works_with_participants
def extract_json(request, pk):
    participant = participant_for_extract(request, pk)
    data = extract.collect(participant)
    log_access(request, participant.pk, AccessLog.Action.EXPORT, "registerutdrag JSON")
    response = HttpResponse(extract.as_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.json"'
    return response
