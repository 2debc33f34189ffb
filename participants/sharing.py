"""Who shares a participant: who may record what, and the access grants that follow the secrecy waivers.

Consent and waivers that widen access are recorded by the registering organisation (the person signs
there); a withdrawal, which narrows access, also by the organisation the waiver names. The pages state
these rules next to the actions and the services call them.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.access import grant, revoke
from insikt.models import Organisation
from participants.access import VIEW, permission_id
from participants.models import Participant, ParticipantGroupObjectPermission, SecrecyWaiver

PERMS = ["participants.view_participant", "participants.change_participant"]


# --- Who may record what ----------------------------------------------------------------------------


def registering_organisation_error(participant: Participant, user) -> str | None:
    """Consent, waivers and the participation itself (ending, closing, reopening) belong to the organisation that
    registered the person: the person signs there. Others who see the participant through a waiver may not widen
    access or end the participation."""
    if user.organisation_id == participant.registering_organisation_id:
        return None
    return _(
        "Samtycke, sekretessgenombrott och deltagarens status hanteras av %(org)s, som anmält deltagaren – "
        "personen skriver under där."
    ) % {"org": participant.registering_organisation.name}


def waiver_withdrawal_error(waiver: SecrecyWaiver, user) -> str | None:
    """A withdrawal narrows access: recorded by the registering organisation or by the organisation it names."""
    if user.organisation_id in (waiver.participant.registering_organisation_id, waiver.organisation_id):
        return None
    return _("Att sekretessgenombrottet mot %(named)s återkallas registreras av %(org)s eller av %(named)s.") % {
        "named": waiver.organisation.name,
        "org": waiver.participant.registering_organisation.name,
    }


def refuse(message: str | None) -> None:
    if message:
        raise ValidationError({"__all__": message})


# --- Access -----------------------------------------------------------------------------------------


def organisations_with_access(participant: Participant, on: date | None = None) -> set[Organisation]:
    """The organisations whose staff should see the participant: the registering one and every one an
    active waiver names (receiving agencies without staff in Insikt need no grant)."""
    return set(Organisation.objects.filter(pk__in=participant.named_organisation_ids(on), has_staff=True))


def sync_access(participant: Participant, on: date | None = None) -> bool:
    """Grant and revoke so that exactly the organisations with a right to the participant hold the permission.

    Idempotent; called in the same transaction as every change of waivers. Revoking deletes grants only,
    never data. Returns whether anything changed.
    """
    wanted = organisations_with_access(participant, on)
    current_group_ids = set(
        ParticipantGroupObjectPermission.objects.filter(content_object=participant).values_list("group_id", flat=True)
    )
    for organisation in wanted:
        if organisation.group_id not in current_group_ids:
            grant(organisation, participant, PERMS)
    wanted_group_ids = {o.group_id for o in wanted}
    for organisation in Organisation.objects.filter(group_id__in=current_group_ids - wanted_group_ids):
        revoke(organisation, participant, PERMS)
    return wanted_group_ids != current_group_ids


def participants_out_of_sync(on: date):
    """Participants whose grants differ from their waivers on `on`: a waiver has started or ended since."""
    view_grants = ParticipantGroupObjectPermission.objects.filter(permission_id=permission_id(VIEW))
    waiver_behind_grant = SecrecyWaiver.objects.active(on).filter(
        participant=OuterRef("content_object"), organisation__group=OuterRef("group")
    )
    stale = (
        view_grants.exclude(group=F("content_object__registering_organisation__group"))
        .filter(~Exists(waiver_behind_grant))
        .order_by()  # SQLite allows no ORDER BY inside a UNION
        .values("content_object")
    )
    grant_behind_waiver = view_grants.filter(
        content_object=OuterRef("participant"), group=OuterRef("organisation__group")
    )
    missing = (
        SecrecyWaiver.objects.active(on)
        .filter(organisation__has_staff=True)
        .filter(~Exists(grant_behind_waiver))
        .order_by()
        .values("participant")
    )
    return Participant.objects.filter(pk__in=stale.union(missing)).select_related("registering_organisation")


def sync_waiver_access(on: date | None = None) -> int:
    """The daily job: grant access for waivers that start today, revoke it for those that have ended.

    An ended waiver gives no access even before this runs (participants.access checks the dates too);
    a waiver that starts later gives access from the day this runs on its start date. Returns how many
    participants' grants changed."""
    on = on or timezone.localdate()
    changed = 0
    for participant in participants_out_of_sync(on):
        with transaction.atomic():
            changed += sync_access(participant, on)
    return changed
