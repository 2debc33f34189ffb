"""Who may see which participant: the one access queryset every page, count and export goes through.

A member of staff sees a participant when their organisation's group holds the object permission
(django-guardian, direct foreign-key table) AND the organisation registered the participant or an
active secrecy waiver names it. The second condition is checked in the same query, so a waiver
past its end date stops access at once, even before the daily job revokes the grant.

Pages fetch a participant with get_participant_for_request, which also writes the read to the
access log: a page cannot show a person without the log knowing.
"""

import functools

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.shortcuts import get_object_or_404
from django.utils import timezone

from insikt.access import log_access
from insikt.models import AccessLog
from participants.models import AccessRequest, Participant, ParticipantGroupObjectPermission

VIEW = "view_participant"
CHANGE = "change_participant"


def visible_participants(user, perm: str = VIEW) -> QuerySet[Participant]:
    """The participants `user` may see (VIEW) or change (CHANGE: never an anonymised one)."""
    if not getattr(user, "is_authenticated", False) or not user.works_with_participants:
        return Participant.objects.none()
    organisation = user.organisation
    return access_queryset(organisation.pk, organisation.group_id, perm, timezone.localdate()).all()


@functools.lru_cache(maxsize=256)
def access_queryset(organisation_id: int, group_id: int, perm: str, today) -> QuerySet[Participant]:
    """The unevaluated access queryset, built once per organisation, permission and day and cloned by each
    caller (building its subqueries was a tenth of a list page's time)."""
    # Constant ids and a semi-join on the grant table's (group, permission, object) index: joining
    # auth_permission by codename here made PostgreSQL misestimate the grants and walk every
    # visible participant before a LIMIT (docs/drift.md, "Skalning").
    granted = ParticipantGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group_id=group_id, permission_id=permission_id(perm)
    )
    visible = Participant.objects.filter(Exists(granted)).known_to(organisation_id, today)
    return visible.filter(anonymised_at__isnull=True) if perm == CHANGE else visible


def may_take_extract(user, participant: Participant) -> bool:
    """Who may take a register extract of a participant they see: the project leader, or the staff of the
    organisation that registered the person (not one that sees them through a waiver)."""
    return user.is_project_leader or participant.registering_organisation_id == user.organisation_id


def access_requests_to_answer(user) -> QuerySet[AccessRequest]:
    """Requests waiting for the user's organisation to answer: those about participants it registered."""
    own = visible_participants(user).filter(registering_organisation_id=user.organisation_id)
    return AccessRequest.objects.filter(handled_at=None, participant__in=own)


@functools.cache
def permission_id(codename: str) -> int:
    """The participant permission's id, looked up once per process (cleared when the tables are rebuilt)."""
    return Permission.objects.get(content_type__app_label="participants", codename=codename).pk


@receiver(post_migrate, dispatch_uid="participants.access.forget_permission_ids")
def forget_permission_ids(**kwargs):
    permission_id.cache_clear()
    access_queryset.cache_clear()


def get_participant_for_request(
    request, pk, perm: str = VIEW, *, detail: str = "", action: str = AccessLog.Action.VIEW
) -> Participant:
    """The participant if this user may see it, with the read written to the access log; 404 otherwise,
    the same answer as for one that does not exist. `detail` names the page, never personal data."""
    participant = get_object_or_404(
        visible_participants(request.user, perm).select_related("registering_organisation"), pk=pk
    )
    log_access(request, participant.pk, action, detail)
    return participant
