"""Who sees which export request: the project leader every one, an evaluator their own. Anyone else none (404)."""

from django.db.models import QuerySet

from insikt.models import Role
from reports.models import ExportRequest, ExportStatus


def visible_requests(user) -> QuerySet[ExportRequest]:
    requests = ExportRequest.objects.select_related("period", "requested_by", "decided_by")
    if user.is_project_leader:
        return requests
    if user.role == Role.EVALUATOR:
        return requests.filter(requested_by=user)
    return requests.none()


def producible_requests(user) -> QuerySet[ExportRequest]:
    """Only the requester's own, and only once approved: a waiting or refused request answers 404."""
    if user.role != Role.EVALUATOR:
        return ExportRequest.objects.none()
    return ExportRequest.objects.select_related("period").filter(requested_by=user, status=ExportStatus.APPROVED)
