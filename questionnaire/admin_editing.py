"""What the questionnaire editor's pages share: drafts only are editable; the question forms."""

import functools
import json

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from questionnaire.models import Question, VersionStatus


def is_draft_version(version) -> bool:
    return version is not None and version.status == VersionStatus.DRAFT


def add_text_in_lowercase(inline_admin_formset) -> str:
    """Django's "Lägg till ytterligare Sektion" capitalises the name mid-sentence; Swedish does not."""
    data = json.loads(helpers.InlineAdminFormSet.inline_formset_data(inline_admin_formset))
    data["options"]["addText"] = _("Lägg till %(verbose_name)s") % {
        "verbose_name": inline_admin_formset.opts.verbose_name
    }
    return json.dumps(data)


class DraftOnlyAdmin(admin.ModelAdmin):
    """Change and delete only while the object's version is a draft; otherwise the page is read-only."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.inline_formset_data = functools.partial(add_text_in_lowercase, inline_admin_formset)
        return inline_admin_formsets

    def version_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or is_draft_version(self.version_of(obj)))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or is_draft_version(self.version_of(obj)))

    def get_model_perms(self, request):
        # Reached from the version page, not listed on the admin index.
        return {}


class DraftOnlyInline:
    """An inline that can add, change and delete only while the parent's version is a draft."""

    def parent_version(self, obj):
        raise NotImplementedError

    def _editable(self, obj):
        return obj is None or is_draft_version(self.parent_version(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class QuestionFormSet(forms.BaseInlineFormSet):
    """Keys are unique within the whole version, not only within this section's forms."""

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        taken = set(
            Question.objects.filter(version_id=self.instance.version_id)
            .exclude(section=self.instance)
            .values_list("key", flat=True)
        )
        seen = set()
        for form in self.forms:
            key = form.cleaned_data.get("key") if hasattr(form, "cleaned_data") else None
            if not key or form.cleaned_data.get("DELETE"):
                continue
            if key in taken or key in seen:
                form.add_error("key", _("Nyckeln ”%(key)s” används redan i versionen.") % {"key": key})
            seen.add(key)


class QuestionInlineForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "key", "text", "type", "required"]
        # Compact, so that a whole question fits on one row of the section page; help text is on the question's page.
        widgets = {
            "order": forms.NumberInput(attrs={"class": "vIntegerField"}),
            "key": forms.TextInput(attrs={"size": 16}),
            "text": forms.Textarea(attrs={"rows": 2, "cols": 36}),
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "key", "text", "help_text", "type", "required"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "help_text": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }


def link(url_name, obj, text):
    return format_html('<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), text)
