"""The project leader's part of this app in the admin: the list of programme types for the history review.

Meetings and reviews are not in the admin: they are read and changed on the caseworker pages, which
check access through the participant and write the access log.
"""

from django.contrib import admin

from meetings.models import ProgrammeType


@admin.register(ProgrammeType)
class ProgrammeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Reviews refer to the types; retire one by unticking "kan väljas" instead.
        return False
