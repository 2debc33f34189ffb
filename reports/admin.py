from django.contrib import admin

from reports.models import ReportingPeriod, ReportSnapshot, SteeringDecision, SteeringMeeting, YearTarget


@admin.register(YearTarget)
class YearTargetAdmin(admin.ModelAdmin):
    list_display = ["year", "reviewed_target"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    """Periods are tertials, years or the whole project in whole years: the dates follow, never typed."""

    list_display = ["__str__", "kind", "year", "tertial", "end_year", "starts_on", "ends_on"]
    list_filter = ["kind", "year"]
    fields = ["kind", "year", "tertial", "end_year", "starts_on", "ends_on"]
    readonly_fields = ["starts_on", "ends_on"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ["period", "number", "generated_at", "generated_by", "sha256"]
    exclude = ["pdf"]
    readonly_fields = ["period", "number", "generated_at", "generated_by", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SteeringDecisionInline(admin.StackedInline):
    model = SteeringDecision
    extra = 0
    can_delete = False
    fields = ["text", "responsible", "due_on", "closed_on", "closing_note"]


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(admin.ModelAdmin):
    """A fallback for the project leader: the pages under Styrgruppsmöten are where meetings are prepared."""

    list_display = ["__str__", "pre_meeting_on", "period"]
    list_filter = ["period"]
    fields = ["meets_on", "pre_meeting_on", "period", "happened", "challenges", "learnings", "decisions_needed",
              "goal_comment"]  # fmt: skip
    inlines = [SteeringDecisionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # its agendas and decisions are the record of what the steering group read and decided

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if change:
            obj.version += 1  # a form open on the meeting's page is then refused, never silently overwritten
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for decision in formset.save(commit=False):
            if decision._state.adding:
                decision.recorded_by = request.user
            else:
                decision.version += 1
            decision.save()
