"""The access log in the admin, with who was read: it needs the participants app, so it lives here, at the top."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from insikt.admin import AccessLogAdmin
from insikt.models import AccessLog
from participants.access import visible_participants
from participants.models import Participant


class AccessLogWithParticipantAdmin(AccessLogAdmin):
    """Each entry names the participant as the participant list does (name, masked personnummer), and only
    if the reader may see them now; otherwise the id alone."""

    list_display = ["when", "user", "organisation_short", "action", "participant", "detail", "ip_address"]

    def get_queryset(self, request):
        seen = visible_participants(request.user).filter(pk=OuterRef("participant_id"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_first_name=Subquery(seen.values("first_name")[:1]),
                participant_last_name=Subquery(seen.values("last_name")[:1]),
                participant_number=Subquery(seen.values("personnummer")[:1]),
                participant_protected=Subquery(seen.values("protected_identity")[:1]),
                participant_anonymised=Subquery(seen.values("anonymised_at")[:1]),
            )
        )

    @admin.display(description=_("tidpunkt"), ordering="at")
    def when(self, entry):
        # Short and sortable, so that the table fits beside the admin's menu and filters.
        return f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}"

    @admin.display(description=_("organisation"), ordering="organisation__short_name")
    def organisation_short(self, entry):
        return entry.organisation.short_name if entry.organisation else "–"

    @admin.display(description=_("deltagare"))
    def participant(self, entry):
        if entry.participant_first_name is None:  # not visible (a person without a number has no number)
            return _("ej synlig för dig (id %(id)s…)") % {"id": str(entry.participant_id)[:8]}
        seen = Participant(first_name=entry.participant_first_name, last_name=entry.participant_last_name,
                           personnummer=entry.participant_number, protected_identity=entry.participant_protected,
                           anonymised_at=entry.participant_anonymised)  # fmt: skip
        return format_html('{}<br><span class="nowrap">{}</span>', seen.display_name, seen.masked_personnummer)


admin.site.unregister(AccessLog)
admin.site.register(AccessLog, AccessLogWithParticipantAdmin)
