"""Who may see which participant: the one access queryset every page, count and export goes through.

A member of staff sees a participant when their organisation's group holds the object permission
(django-guardian, direct foreign-key table) AND the organisation registered the participant or an
active secrecy waiver names it. The second condition is checked in the same query, so a waiver
past its end date stops access at once, even before the daily expiry command revokes the grant.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from participants.models import Participant, ParticipantGroupObjectPermission, SecrecyWaiver

VIEW = "view_participant"
CHANGE = "change_participant"


def visible_participants(user, perm: str = VIEW) -> QuerySet[Participant]:
    if not getattr(user, "is_authenticated", False) or not user.works_with_participants:
        return Participant.objects.none()
    organisation = user.organisation
    granted = ParticipantGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group_id=organisation.group_id, permission__codename=perm
    )
    named_by_active_waiver = SecrecyWaiver.objects.active().filter(
        participant=OuterRef("pk"), organisation_id=organisation.pk
    )
    return Participant.objects.filter(
        Exists(granted), Q(registering_organisation_id=organisation.pk) | Exists(named_by_active_waiver)
    )


def get_participant_for_user(user, pk, perm: str = VIEW) -> Participant:
    """The participant if this user may see it; 404 otherwise, the same answer as for one that does not exist."""
    return get_object_or_404(visible_participants(user, perm).select_related("registering_organisation"), pk=pk)
