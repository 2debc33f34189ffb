from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.models import AccessLog
from participants.access import may_take_extract, visible_participants
from reports import extract
from reports.pdf import render_pdf, static_url


def participant_for_extract(request, pk, kind: str):
    """Only the project leader or the registering organisation's staff produce extracts; others get 404.
    The extract is the read: it is logged as an export."""
    participant = get_object_or_404(
        visible_participants(request.user).select_related("registering_organisation"), pk=pk
    )
    if not may_take_extract(request.user, participant):
        raise Http404
    log_access(request, participant.pk, AccessLog.Action.EXPORT, f"registerutdrag {kind}")
    return participant


@participant_view
def extract_pdf(request, pk):
    participant = participant_for_extract(request, pk, "PDF")
    data = extract.collect(participant)
    pdf = render_pdf(extract.as_html(data, participant, static_url("css/report.css")))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.pdf"'
    return response


@participant_view
def extract_json(request, pk):
    participant = participant_for_extract(request, pk, "JSON")
    data = extract.collect(participant)
    response = HttpResponse(extract.as_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.json"'
    return response
