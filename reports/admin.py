from django.contrib import admin

from reports.models import ReportingPeriod, ReportSnapshot, SteeringTexts, YearTarget


@admin.register(YearTarget)
class YearTargetAdmin(admin.ModelAdmin):
    list_display = ["year", "reviewed_target"]


class SteeringTextsInline(admin.StackedInline):
    model = SteeringTexts
    can_delete = False
    extra = 1
    max_num = 1


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "tertial", "starts_on", "ends_on"]
    list_filter = ["kind", "year"]
    fields = ["kind", "year", "tertial", "starts_on", "ends_on"]
    inlines = [SteeringTextsInline]

    def get_readonly_fields(self, request, obj=None):
        # Dates follow from the tertial or year; only the whole-project report sets its own.
        return [] if obj is None or obj.kind == "projekt" else ["starts_on", "ends_on"]


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
