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
    """Periods are tertials, years or the whole project in whole years: the dates follow, never typed."""

    list_display = ["__str__", "kind", "year", "tertial", "end_year", "starts_on", "ends_on"]
    list_filter = ["kind", "year"]
    fields = ["kind", "year", "tertial", "end_year", "starts_on", "ends_on"]
    readonly_fields = ["starts_on", "ends_on"]
    inlines = [SteeringTextsInline]


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
