"""Answers to other apps' events: after a waiver is withdrawn, the organisation hears how many meetings it
affects; after a participant is closed, their booked meetings ahead can be cancelled."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insikt.notifications import notify
from meetings.models import Meeting, MeetingStatus
from meetings.services import record_outcome
from participants.signals import participant_closed, waiver_withdrawn


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
    notify(org.casework_staff(), text % {"org": org.short_name, "meetings": meetings}, by=by)


def booked_ahead(participant):
    return Meeting.objects.filter(participant=participant, status=MeetingStatus.BOOKED, starts_at__gte=timezone.now())


@receiver(participant_closed, dispatch_uid="meetings.cancel_when_closed")
def cancel_when_closed(sender, participant, by, cancel_meetings, **kwargs):
    if not cancel_meetings:
        return
    reason = str(_("Deltagaren har avslutats."))
    for meeting in booked_ahead(participant).select_related("participant"):
        record_outcome(meeting=meeting, status=MeetingStatus.CANCELLED, cancel_reason=reason, notes=meeting.notes,
                       expected_version=meeting.version, by=by)  # fmt: skip
