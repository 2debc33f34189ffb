"""Granting and revoking an organisation's object access, and the access log.

Grants go to the organisation's group through django-guardian, so every member gets them
at once and they are stored in the object's direct foreign-key permission table.
"""

from axes.helpers import get_client_ip_address
from guardian.shortcuts import assign_perm, remove_perm

from insikt.models import AccessLog, Organisation


def grant(organisation: Organisation, obj, perms: list[str]) -> None:
    for perm in perms:
        assign_perm(perm, organisation.group, obj)


def revoke(organisation: Organisation, obj, perms: list[str]) -> None:
    for perm in perms:
        remove_perm(perm, organisation.group, obj)


def log_access(request, participant_id, action: str, detail: str = "") -> None:
    """Write one access-log entry. `detail` names what was read or changed, never personal data."""
    log_access_many(request, [participant_id], action, detail)


def log_access_many(request, participant_ids, action: str, detail: str = "") -> None:
    """One entry per participant, in one INSERT (e.g. the people a search found)."""
    address = get_client_ip_address(request)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=request.user,
            organisation_id=request.user.organisation_id,
            action=action,
            participant_id=participant_id,
            detail=detail[:200],
            ip_address=address,
        )
        for participant_id in participant_ids
    )
