"""The project leader's part of this app in the admin: the programme types for the history review and the
recommendation categories and the types of findings.

Meetings, reviews and recommendations are not in the admin: they are read and changed on the caseworker pages, which
check access through the participant and write the access log.
"""

from django.contrib import admin

from insikt.admin import LabelledListEditableMixin
from meetings.models import FindingType, ProgrammeType, RecommendationCategory


@admin.register(ProgrammeType)
class ProgrammeTypeAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["name", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Reviews refer to the types; retire one by unticking "kan väljas" instead.
        return False


@admin.register(RecommendationCategory)
class RecommendationCategoryAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["name", "default_receiving_organisation", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Recommendations are counted by category in the reports; retire one by unticking "kan väljas".
        return False


@admin.register(FindingType)
class FindingTypeAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["name", "description", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Findings are counted by type in the reports and after anonymisation; retire one by unticking "kan väljas".
        return False
