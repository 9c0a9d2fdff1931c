"""Revisions in the admin: the inline on a claim's page, and the suggested revisions to confirm.

Editors add revisions to an open or due claim from its page; everyone else who
may see the claim reads them. Rows are never edited or deleted here: a revision
is part of the record. Saving goes through ``claims.services.revisions``, whose
errors show on the row.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from claims.admin.forms import add_service_errors
from claims.models import Claim, ClaimRevision, RevisionSuggestion
from claims.roles import EDIT_TEXT
from claims.services import revision_create, revision_suggestion_confirm, revision_suggestion_dismiss
from claims.services.revisions import REVISABLE, revision_build

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INPUT_FIELDS = (
    "kind",
    "stated_on",
    "article",
    "quote",
    "hedge",
    "probability",
    "time_expression",
    "window_start",
    "due_on",
    "precision",
    "note",
)
# Filled in by the service when left empty.
DERIVED_FIELDS = ("stated_on", "probability", "window_start", "due_on", "precision")


class RevisionForm(forms.ModelForm):
    """One new revision; ``clean`` runs the service's checks so its errors show on the row."""

    class Meta:
        model = ClaimRevision
        fields = INPUT_FIELDS
        widgets = {
            "stated_on": _DATE,
            "window_start": _DATE,
            "due_on": _DATE,
            "quote": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.service_input: dict = {}
        self.fields["stated_on"].required = False
        self.fields["stated_on"].help_text = "Leave empty for the article's date."

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.has_changed():
            return cleaned
        self.service_input = {name: cleaned.get(name) for name in INPUT_FIELDS}
        for name in ("quote", "hedge", "time_expression", "precision", "note"):
            self.service_input[name] = self.service_input[name] or ""
        try:
            probe = revision_build(claim=self.instance.claim, by=self.user, **self.service_input)
        except ValidationError as error:
            add_service_errors(self, error)
            return cleaned
        for name in DERIVED_FIELDS:
            cleaned[name] = getattr(probe, name)
        return cleaned

    def _post_clean(self):
        """The service checked the revision; the form does not build its own instance."""


class RevisionFormSet(BaseInlineFormSet):
    user = None

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def save_new(self, form, commit=True):
        return revision_create(claim=self.instance, by=self.user, **form.service_input)

    def save_existing(self, form, obj, commit=True):
        return obj  # revisions are never edited


class ClaimRevisionInline(admin.TabularInline):
    """A claim's revisions, in the order they were stated."""

    model = ClaimRevision
    form = RevisionForm
    formset = RevisionFormSet
    extra = 0
    fields = (*INPUT_FIELDS, "created_by")
    autocomplete_fields = ("article",)
    can_delete = False
    verbose_name = "revision by the claimant"
    verbose_name_plural = "revisions by the claimant (a later statement; not a correction)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "created_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type("UserRevisionFormSet", (formset,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        return ("created_by",)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("claims.view_claim")

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.status in REVISABLE and request.user.has_perm(EDIT_TEXT)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RevisionSuggestion)
class RevisionSuggestionAdmin(admin.ModelAdmin):
    """Proposed drafts that read like a restatement of an open claim: confirm or dismiss each."""

    list_display = ("draft_statement", "revises", "similarity_percent", "created_at")
    list_select_related = ("draft__article", "claim")
    actions = ("confirm", "dismiss")
    fields = ("draft", "claim", "similarity", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        visible = Claim.objects.visible_to(request.user)
        return super().get_queryset(request).filter(draft__in=visible, draft__status=Claim.Status.DRAFT)

    @admin.display(description="proposed claim (draft)")
    def draft_statement(self, suggestion):
        return format_html('<a href="{}">{}</a>', suggestion.draft.get_admin_url(), suggestion.draft)

    @admin.display(description="revises claim")
    def revises(self, suggestion):
        return format_html('<a href="{}">{}</a>', suggestion.claim.get_admin_url(), suggestion.claim)

    @admin.display(description="similarity", ordering="similarity")
    def similarity_percent(self, suggestion):
        return f"{suggestion.similarity:.0%}"

    @admin.action(description="Confirm as revision (the draft is withdrawn)", permissions=["edit"])
    def confirm(self, request, queryset):
        done = 0
        for suggestion in queryset:
            try:
                revision_suggestion_confirm(suggestion=suggestion, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{suggestion}: {' '.join(exc.messages)}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, f"Confirmed {done} as revisions.")

    @admin.action(description="Dismiss (keep the draft as a claim of its own)", permissions=["edit"])
    def dismiss(self, request, queryset):
        for suggestion in queryset:
            revision_suggestion_dismiss(suggestion=suggestion)
        self.message_user(request, f"Dismissed {len(queryset)}.")

    def has_edit_permission(self, request):
        return request.user.has_perm(EDIT_TEXT)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(EDIT_TEXT)  # drafts are for editors

    def has_module_permission(self, request):
        return request.user.has_perm(EDIT_TEXT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
