"""The project leader's questionnaire editor: drafts are edited, published and archived versions only read.

Nested inlines do not exist in Django, so the editing goes version → sections (inline) → a section's
questions (inline) → a question's answer choices (inline), each level linked from the one above.
The read-only rule here is for the pages; the models refuse the same changes whatever the path.
Responses are not in the admin: they are personal data, read through the caseworker pages.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from questionnaire import services
from questionnaire.admin_editing import (
    DraftOnlyAdmin,
    DraftOnlyInline,
    QuestionForm,
    QuestionFormSet,
    QuestionInlineForm,
    link,
)
from questionnaire.models import Choice, Question, Questionnaire, QuestionnaireVersion, Section, VersionStatus
from questionnaire.services import publish_problems


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ["number", "status", "published_at", "archived_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "published", "draft"]
    fields = ["name", "description"]
    inlines = [VersionInline]
    actions = ["new_draft"]

    @admin.display(description=gettext_lazy("Publicerad version"))
    def published(self, obj):
        version = next((v for v in obj.versions.all() if v.status == VersionStatus.PUBLISHED), None)
        return version.number if version else "–"

    @admin.display(description=gettext_lazy("Utkast"))
    def draft(self, obj):
        version = next((v for v in obj.versions.all() if v.status == VersionStatus.DRAFT), None)
        return version.number if version else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    def get_inlines(self, request, obj):
        # A new questionnaire has no versions yet; its version 1 is made when it is saved.
        return self.inlines if obj else []

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.versions.exclude(status=VersionStatus.DRAFT).exists()
        return super().has_delete_permission(request, obj) and not locked

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.copy_to_new_draft(questionnaire=obj)

    def response_add(self, request, obj, post_url_continue=None):
        draft = obj.versions.get(status=VersionStatus.DRAFT)
        self.message_user(request, _("Frågeformuläret är skapat. Lägg till sektioner i utkastet (version 1)."))
        return HttpResponseRedirect(reverse("admin:questionnaire_questionnaireversion_change", args=[draft.pk]))

    @admin.action(description=gettext_lazy("Ny version (kopia av den senaste)"), permissions=["change"])
    def new_draft(self, request, queryset):
        for questionnaire in queryset:
            new_draft(self, request, questionnaire)


def new_draft(model_admin, request, questionnaire):
    try:
        draft = services.copy_to_new_draft(questionnaire=questionnaire)
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    model_admin.message_user(
        request, _("Version %(number)s är skapad som utkast, en kopia av den senaste.") % {"number": draft.number}
    )
    return draft


class SectionInline(DraftOnlyInline, admin.TabularInline):
    model = Section
    fields = ["order", "title", "insight_area", "question_count"]
    readonly_fields = ["question_count"]
    show_change_link = True
    extra = 0

    def parent_version(self, obj):
        return obj

    @admin.display(description=gettext_lazy("frågor"))
    def question_count(self, obj):
        return obj.question_count if obj.pk else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(DraftOnlyAdmin):
    list_display = ["__str__", "status", "published_at", "archived_at"]
    list_filter = ["status", "questionnaire"]
    list_select_related = ["questionnaire"]
    fields = ["questionnaire", "number", "status", "published_at", "archived_at", "notes"]
    readonly_fields = ["questionnaire", "number", "status", "published_at", "archived_at"]
    inlines = [SectionInline]
    actions = ["publish", "archive"]
    change_form_template = "questionnaire/admin/version_change_form.html"

    def version_of(self, obj):
        return obj

    def get_model_perms(self, request):
        return admin.ModelAdmin.get_model_perms(self, request)

    def has_add_permission(self, request):
        # A version is made by "Ny version (kopia)", so that it starts from the latest one.
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/publicera/", wrap(self.publish_view), name="questionnaire_questionnaireversion_publish"),
            path("<int:pk>/arkivera/", wrap(self.archive_view), name="questionnaire_questionnaireversion_archive"),
            path(
                "<int:pk>/ny-version/",
                wrap(require_POST(self.new_draft_view)),
                name="questionnaire_questionnaireversion_copy",
            ),
            *super().get_urls(),
        ]

    def _version_for_action(self, request, pk):
        # Status changes need the change permission on versions, whatever the version's own status.
        if not super(DraftOnlyAdmin, self).has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(QuestionnaireVersion, pk=pk)

    def _change_page(self, version):
        return HttpResponseRedirect(reverse("admin:questionnaire_questionnaireversion_change", args=[version.pk]))

    def publish_view(self, request, pk):
        """GET asks (and shows what stops publishing, if anything); POST publishes."""
        version = self._version_for_action(request, pk)
        if request.method == "POST":
            self._publish(request, version)
            return self._change_page(version)
        current = version.questionnaire.published_version()
        return self._confirm(
            request,
            version,
            title=_("Publicera version %(number)s?") % {"number": version.number},
            problems=publish_problems(version) if version.is_draft else [_("Bara ett utkast kan publiceras.")],
            consequences=[
                _("Versionen används vid alla flerpartsmöten från och med nu."),
                _("Den kan aldrig ändras efteråt; ändringar görs i en ny version."),
                *(
                    [
                        _("Version %(number)s arkiveras. Svar som redan getts på den går fortfarande att läsa.")
                        % {"number": current.number}
                    ]
                    if current
                    else []
                ),
            ],
            button=_("Ja, publicera"),
        )

    def archive_view(self, request, pk):
        """GET asks; POST archives. Without a published version no questionnaire can be filled in."""
        version = self._version_for_action(request, pk)
        if request.method == "POST":
            self._archive(request, version)
            return self._change_page(version)
        return self._confirm(
            request,
            version,
            title=_("Arkivera version %(number)s?") % {"number": version.number},
            problems=[]
            if version.status == VersionStatus.PUBLISHED
            else [_("Bara den publicerade versionen kan arkiveras.")],
            consequences=[
                _("Formuläret kan inte fyllas i vid några möten förrän en ny version publiceras."),
                _("Svar som redan getts på versionen går fortfarande att läsa."),
                _("Vill du ersätta versionen: gör en ny version (kopia) och publicera den; då arkiveras den här."),
            ],
            button=_("Ja, arkivera"),
        )

    def _confirm(self, request, version, **context):
        return TemplateResponse(
            request,
            "questionnaire/admin/confirm_status.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "version": version,
                "subtitle": str(version),
                **context,
            },
        )

    def new_draft_view(self, request, pk):
        version = self._version_for_action(request, pk)
        draft = new_draft(self, request, version.questionnaire)
        return self._change_page(draft or version)

    def _publish(self, request, version):
        try:
            services.publish_version(version=version)
        except ValidationError as error:
            self.message_user(
                request,
                _("Version %(number)s kan inte publiceras: %(problems)s")
                % {"number": version.number, "problems": " ".join(error.messages)},
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                _("Version %(number)s är publicerad och används nu vid flerpartsmöten. Den kan inte längre ändras.")
                % {"number": version.number},
            )

    def _archive(self, request, version):
        try:
            services.archive_version(version=version)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Version %(number)s är arkiverad. Svar som gavs på den går fortfarande att läsa.")
                % {"number": version.number},
            )

    @admin.action(description=gettext_lazy("Publicera vald version"), permissions=["status"])
    def publish(self, request, queryset):
        for version in queryset.select_related("questionnaire"):
            self._publish(request, version)

    @admin.action(description=gettext_lazy("Arkivera vald version"), permissions=["status"])
    def archive(self, request, queryset):
        for version in queryset.select_related("questionnaire"):
            self._archive(request, version)

    def has_status_permission(self, request):
        return super(DraftOnlyAdmin, self).has_change_permission(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            version = self.get_object(request, object_id)
            if version is not None:
                versions = list(version.questionnaire.versions.all())
                extra_context.update(
                    version=version,
                    can_change_status=self.has_status_permission(request),
                    previous=next((v for v in versions if v.number < version.number), None),
                    has_draft=any(v.is_draft for v in versions),
                )
        return super().changeform_view(request, object_id, form_url, extra_context)


class QuestionInline(DraftOnlyInline, admin.TabularInline):
    model = Question
    form = QuestionInlineForm
    formset = QuestionFormSet
    fields = ["order", "key", "text", "type", "required", "choice_count"]
    readonly_fields = ["choice_count"]
    show_change_link = True
    extra = 0

    def parent_version(self, obj):
        return obj.version

    @admin.display(description=gettext_lazy("alternativ"))
    def choice_count(self, obj):
        if not obj.pk or not obj.has_choices:
            return "–"
        return obj.choice_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_count=Count("choices"))


@admin.register(Section)
class SectionAdmin(DraftOnlyAdmin):
    list_display = ["title", "version", "insight_area", "order"]
    list_select_related = ["version__questionnaire"]
    fields = ["version_link", "order", "title", "insight_area", "intro"]
    readonly_fields = ["version_link"]
    inlines = [QuestionInline]

    def version_of(self, obj):
        return obj.version

    @admin.display(description=gettext_lazy("version"))
    def version_link(self, obj):
        return link("admin:questionnaire_questionnaireversion_change", obj.version, obj.version)

    def get_fields(self, request, obj=None):
        # A new section picks its draft; an existing one stays in its version.
        return ["version", *self.fields[1:]] if obj is None else self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = QuestionnaireVersion.objects.filter(status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self.back_to_version(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self.back_to_version(request, obj) or super().response_change(request, obj)

    def back_to_version(self, request, obj):
        """A plain "Spara" returns to the section's own version, not to every section of every version."""
        if any(key in request.POST for key in ("_continue", "_addanother", "_saveasnew")):
            return None
        messages.success(request, _("Sektionen ”%(section)s” är sparad.") % {"section": obj.title})
        return HttpResponseRedirect(reverse("admin:questionnaire_questionnaireversion_change", args=[obj.version_id]))


class ChoiceInline(DraftOnlyInline, admin.TabularInline):
    model = Choice
    fields = ["order", "value", "label"]
    extra = 0

    def parent_version(self, obj):
        return obj.version


@admin.register(Question)
class QuestionAdmin(DraftOnlyAdmin):
    form = QuestionForm
    list_display = ["text", "key", "type", "version"]
    list_select_related = ["version__questionnaire"]
    fields = ["section_link", "order", "key", "text", "help_text", "type", "required"]
    readonly_fields = ["section_link"]
    inlines = [ChoiceInline]

    def version_of(self, obj):
        return obj.version

    @admin.display(description=gettext_lazy("sektion"))
    def section_link(self, obj):
        return link("admin:questionnaire_section_change", obj.section, obj.section)

    def get_fields(self, request, obj=None):
        return ["section", *self.fields[1:]] if obj is None else self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(version__status=VersionStatus.DRAFT).select_related("version")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
