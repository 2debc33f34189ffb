from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from insikt import accounts
from insikt.models import AccessLog, AccountChange, Organisation, Role, User

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


class NotFoundInsteadOfRedirectMixin:
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The admin would redirect with "does not exist"; a forbidden object answers 404 everywhere.
            raise Http404
        return obj


@admin.register(Organisation)
class OrganisationAdmin(NotFoundInsteadOfRedirectMixin, admin.ModelAdmin):
    """Every organisation is listed; each organisation's administrators change only their own.

    What the program relies on (code, staff, who registers participants) is set by migrations."""

    list_display = ["name", "short_name", "code", "has_staff", "registers_participants", "retention_days"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["code", "has_staff", "registers_participants"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        own = obj is None or obj.pk == request.user.organisation_id
        return own and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class AccountForm(forms.ModelForm):
    """A staff account as its organisation's administrator sees it: no password, no organisation to pick."""

    by: User  # the administrator, set per request by UserAdmin.get_form

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.instance.organisation = self.by.organisation
            self.fields.pop("is_active", None)
        for name in ("first_name", "last_name", "role"):
            self.fields[name].required = True
        allowed = accounts.assignable_roles(self.by)
        role = self.fields["role"]
        current = None if self.instance._state.adding else self.instance.role
        if self.instance.pk == self.by.pk:
            role.disabled = self.fields["is_active"].disabled = True
            role.help_text = _("Din egen roll och ditt eget konto ändras av en annan administratör i din organisation.")
        elif current and current not in allowed:
            role.disabled = True
            role.help_text = _("Bara en projektledare ändrar den här rollen.")
        choices = allowed if not role.disabled else [current]
        role.choices = [("", "---------"), *((r, Role(r).label) for r in choices)]

    def _post_clean(self):
        super()._post_clean()
        for field, message in accounts.account_errors(account=self.instance, by=self.by).items():
            self.add_error(None if field == "__all__" or field not in self.fields else field, message)


@admin.register(User)
class UserAdmin(NotFoundInsteadOfRedirectMixin, admin.ModelAdmin):
    """Each organisation administers its own staff accounts only; no one sets another person's password."""

    form = AccountForm
    list_display = ["username", "first_name", "last_name", "role", "is_active", "has_password", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["organisation", "has_password", "last_login", "date_joined"]
    change_form_template = "admin/insikt/user/change_form.html"

    def get_fieldsets(self, request, obj=None):
        person = (_("Person"), {"fields": ["username", "first_name", "last_name", "email"]})
        if obj is None:
            return [person, (_("Roll"), {"fields": ["role"]})]
        return [
            person,
            (_("Organisation och roll"), {"fields": ["organisation", "role", "is_active"]}),
            (_("Inloggning"), {"fields": ["has_password", "last_login", "date_joined"]}),
        ]

    @admin.display(description=_("lösenord"), boolean=True)
    def has_password(self, obj):
        return obj.has_usable_password()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type("AccountFormFor", (form,), {"by": request.user})

    def get_queryset(self, request):
        return accounts.administered_accounts(request.user).select_related("organisation")

    def has_view_permission(self, request, obj=None):
        return request.user.administers_accounts and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.administers_accounts and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.administers_accounts and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Staff are deactivated, never deleted: the access log refers to them.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            accounts.update_account(account=obj, by=request.user)
        else:
            accounts.create_account(account=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        # A new account has no password: its holder chooses one through the link shown now, once.
        return self.password_link_response(request, obj, created=True)

    def get_urls(self):
        link = self.admin_site.admin_view(self.password_link_view)
        return [path("<path:object_id>/losenordslank/", link, name="insikt_user_password_link"), *super().get_urls()]

    def password_link_view(self, request, object_id):
        account = self.get_object(request, object_id)
        if not self.has_change_permission(request, account):
            raise Http404
        if request.method == "POST":
            return self.password_link_response(request, account, created=False)
        context = {**self.admin_site.each_context(request), "account": account, "opts": self.opts, "link": None}
        return TemplateResponse(request, "admin/insikt/user/password_link.html", context)

    def password_link_response(self, request, account, *, created):
        try:
            link = accounts.issue_password_link(account=account, by=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:insikt_user_change", account.pk)
        context = {
            **self.admin_site.each_context(request),
            "account": account,
            "opts": self.opts,
            "link": link,
            "created": created,
            "timeout_days": accounts.link_valid_days(),
        }
        return TemplateResponse(request, "admin/insikt/user/password_link.html", context)


@admin.register(AccountChange)
class AccountChangeAdmin(admin.ModelAdmin):
    """The account history of the administrator's own organisation; read-only, like the access log."""

    list_display = ["at", "account", "kind", "detail", "changed_by"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    search_fields = ["account__username", "account__last_name"]
    list_select_related = ["account", "changed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organisation_id=request.user.organisation_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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
