"""Recommendations are seen exactly when their participant is: filtered in SQL, 404 otherwise."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from insikt.access import log_access
from insikt.models import AccessLog
from meetings.models import AWAITING_OUTCOME, Recommendation, RecommendationStatus
from participants.access import VIEW, visible_participants
from participants.models import ResponsibleCaseworker


def visible_recommendations(user, perm: str = VIEW) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(participant__in=visible_participants(user, perm))


def get_recommendation_for_request(
    request, pk, perm: str = VIEW, *, detail: str = "", action=AccessLog.Action.VIEW
) -> Recommendation:
    """The recommendation if this user may see its participant, with the read in the access log; 404 otherwise."""
    recommendation = get_object_or_404(
        visible_recommendations(request.user, perm).select_related(
            "participant__registering_organisation", "meeting", "category", "receiving_organisation", "created_by"
        ),
        pk=pk,
    )
    what = f"rekommendation {recommendation.pk}" + (f" ({detail})" if detail else "")
    log_access(request, recommendation.participant_id, action, what)
    return recommendation


def recommendations_to_us(user) -> QuerySet[Recommendation]:
    """Sent to the user's organisation, for participants the organisation may see (its own, or a waiver names it).

    Drafts are the writers' own business until they are sent."""
    return (
        visible_recommendations(user)
        .filter(receiving_organisation_id=user.organisation_id)
        .exclude(status=RecommendationStatus.DRAFT)
    )


def follow_up_due(user, on=None) -> QuerySet[Recommendation]:
    """Sent or received, with a follow-up date that has come."""
    on = on or timezone.localdate()
    return visible_recommendations(user).filter(status__in=AWAITING_OUTCOME, follow_up_on__lte=on)


def mine(queryset: QuerySet[Recommendation], user) -> QuerySet[Recommendation]:
    """Those the user wrote, or whose participant the user is responsible for."""
    # From the user's own rows, as in meetings.access.my_meetings: the OR read the register's recommendations.
    written = Recommendation.objects.filter(created_by=user).order_by().values("pk")
    caseload = ResponsibleCaseworker.objects.filter(user=user).values("participant_id")
    of_caseload = Recommendation.objects.filter(participant__in=caseload).order_by().values("pk")
    return queryset.filter(pk__in=written.union(of_caseload))
