"""Answers to other apps' events: after a waiver is withdrawn, the organisation hears how many meetings it affects."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insikt.notifications import notify, staff_of
from meetings.models import Meeting, MeetingStatus
from participants.signals import waiver_withdrawn


@receiver(waiver_withdrawn, dispatch_uid="meetings.notify_waiver_withdrawn")
def notify_waiver_withdrawn(sender, waiver, by, **kwargs):
    """No name: once the waiver is withdrawn, the organisation may no longer know who it was."""
    org = waiver.organisation
    affected = (
        Meeting.objects.filter(
            participant_id=waiver.participant_id,
            status=MeetingStatus.BOOKED,
            starts_at__gte=timezone.now(),
            attendees__user__organisation=org,
        )  # fmt: skip
        .distinct()
        .count()
    )
    meetings = ngettext("%(n)s bokat möte påverkas", "%(n)s bokade möten påverkas", affected) % {"n": affected}
    text = _("Ett sekretessgenombrott mot %(org)s har återkallats; personen syns inte längre för er. %(meetings)s.")
    notify(staff_of(org), text % {"org": org.short_name, "meetings": meetings}, by=by)
