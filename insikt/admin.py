from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from insikt.models import AccessLog, Organisation, User

# Groups are derived from organisation and role; editing them by hand would break that mirror.
admin.site.unregister(Group)


class LabelledListEditableMixin:
    """The admin draws list_editable cells without a label (WCAG 1.3.1, 4.1.2): name each one by column and row."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)
        editable = set(self.list_editable)

        class LabelledRowForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name in self.fields.keys() & editable:
                    self.fields[name].widget.attrs["aria-label"] = f"{self.fields[name].label}: {self.instance}"

        return LabelledRowForm


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "has_staff", "registers_participants", "retention_days"]
    search_fields = ["name", "short_name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is what the program refers to; it is set once.
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active", "last_login"]
    list_filter = ["organisation", "role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Organisation och roll"), {"fields": ["organisation", "role", "is_active"]}),
        (_("Tider"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Organisation och roll"), {"fields": ["organisation", "role"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("organisation")
        # Superusers are maintenance accounts; a project leader neither sees nor edits them.
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def has_delete_permission(self, request, obj=None):
        # Staff are deactivated, never deleted: the access log refers to them.
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "organisation", "action", "participant_id", "detail", "ip_address"]
    list_filter = ["action", "organisation", "user", ("at", admin.DateFieldListFilter)]
    search_fields = ["participant_id", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "organisation"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
