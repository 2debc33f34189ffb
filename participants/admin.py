"""Participants in the admin: read-only, and through the same access queryset as every other page.

Changes go through the caseworker pages, which carry optimistic locking, consent rules and the
access log. Guardian's object-permission pages are deliberately not used: they would let a staff
user with change permission grant themselves access (django-guardian #305/#756).
"""

from django.contrib import admin
from django.http import Http404

from insikt.access import log_access
from insikt.models import AccessLog
from participants.access import visible_participants
from participants.models import Participant
from participants.views.lists import search_by_name


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_personnummer", "status", "registering_organisation", "registered_on", "eligible"]
    list_filter = ["status", "eligible", "registering_organisation"]
    # What the participant list searches, so that a typed name does not find protected personal data either.
    search_fields = ["search_text"]
    list_select_related = ["registering_organisation"]
    exclude = ["personnummer"]
    readonly_fields = [
        "formatted_personnummer",
        "first_name",
        "last_name",
        "phone",
        "email",
        "address",
        "district",
        "language",
        "needs_interpreter",
        "benefit",
        "af_registered_on",
        "job_entered_on",
        "registered_on",
        "registering_organisation",
        "eligible",
        "outside_target_group_reason",
        "status",
        "status_reason",
    ]
    show_full_result_count = False
    # Never by name: initials sorted among the others by surname would give a protected person's surname away.
    ordering = ["-registered_on", "pk"]

    @admin.display(description="Namn")
    def name(self, obj):
        return obj.display_name  # initials for protected personal data, as on every list

    @admin.display(description="Personnummer")
    def masked_personnummer(self, obj):
        return obj.masked_personnummer

    def get_queryset(self, request):
        return visible_participants(request.user)

    def get_search_results(self, request, queryset, search_term):
        return search_by_name(queryset, search_term), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The admin would redirect with "does not exist"; a forbidden object answers 404 everywhere.
            raise Http404
        # Every admin page of one participant (the record, its history) gets it here: one read each.
        log_access(request, obj.pk, AccessLog.Action.VIEW, f"administration ({request.resolver_match.url_name})")
        return obj
