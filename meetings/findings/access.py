"""Findings are seen exactly when their participant is: filtered in SQL, 404 otherwise."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from insikt.access import log_access
from insikt.models import AccessLog
from meetings.models import Finding
from participants.access import VIEW, visible_participants

RELATED = ["finding_type", "organisation", "history_review__organisation", "meeting", "recorded_by",
           "recorded_by_organisation"]  # fmt: skip


def visible_findings(user, perm: str = VIEW) -> QuerySet[Finding]:
    return Finding.objects.filter(participant__in=visible_participants(user, perm))


def get_finding_for_request(
    request, pk, perm: str = VIEW, *, detail: str = "", action=AccessLog.Action.VIEW
) -> Finding:
    """The finding if this user may see (or change) its participant, with the read in the access log; 404 otherwise."""
    finding = get_object_or_404(
        visible_findings(request.user, perm).select_related("participant__registering_organisation", *RELATED), pk=pk
    )
    log_access(
        request, finding.participant_id, action, f"iakttagelse {finding.pk}" + (f" ({detail})" if detail else "")
    )
    return finding
