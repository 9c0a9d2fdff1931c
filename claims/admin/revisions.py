"""Revisions in the admin: listed on a claim's page, added from its "Add revision" page.

Editors add revisions to an open or due claim; everyone who may see the claim
reads them on its page. Revisions are never edited or deleted here: they are
part of the record. Saving goes through ``claims.services.revisions``, whose
errors show on the form. (A page of its own rather than an inline: an inline
formset would make every post of the claim form carry its management data.)

Suggested revisions (drafts that restate an open claim) are confirmed or
dismissed from their own list.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from claims.admin.forms import add_service_errors
from claims.admin.readonly import ReadOnlyAdmin
from claims.models import REVISION_INPUT_FIELDS, Article, Claim, ClaimRevision, RevisionSuggestion
from claims.roles import EDIT_TEXT
from claims.services import revision_create, revision_suggestion_confirm, revision_suggestion_dismiss
from claims.services.revisions import REVISABLE

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RevisionForm(forms.ModelForm):
    """Input for ``revision_create``, which checks the rules (kind against the numbers, dates, window)."""

    class Meta:
        model = ClaimRevision
        fields = REVISION_INPUT_FIELDS
        widgets = {
            "stated_on": _DATE,
            "window_start": _DATE,
            "due_on": _DATE,
            "quote": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }
        help_texts = {
            "probability": "Leave empty to take it from the hedge (estimative scale).",
            "time_expression": "Moved window only: read as of the stated date, unless you give the dates.",
        }

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stated_on"].required = False
        # Later articles only: the claim's own cannot hold a revision of it.
        later = Article.objects.filter(published_on__gte=claim.article.published_on).exclude(
            pk=claim.article_id
        )
        self.fields["article"].queryset = later.select_related("publication")

    def _post_clean(self):
        """The service checks the whole revision; the form only collects it."""


def can_revise(user, claim: Claim) -> bool:
    return user.has_perm(EDIT_TEXT) and claim.status in REVISABLE


class RevisionAdminMixin:
    """For the claim admin: the revisions on the claim's page and its /<id>/revise/ page."""

    @admin.display(description="revisions by the claimant")
    def revisions_summary(self, claim):
        revisions = list(claim.revisions.select_related("article")) if claim.pk else []
        if not revisions:
            return "none"
        items = format_html_join(
            "",
            "<li>{}: {}{}{} {}</li>",
            (
                (
                    r.stated_on,
                    r.get_kind_display(),
                    f" to {r.probability:.0%}" if r.probability is not None else "",
                    f", due {r.due_on}" if r.due_on else "",
                    f"(“{r.article.title}”)" if r.article_id else "",
                )
                for r in revisions
            ),
        )
        return format_html(
            "{} (not corrections: the forecast stays as published)<ul>{}</ul>", len(revisions), items
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        revise = path(
            "<int:object_id>/revise/",
            self.admin_site.admin_view(self.revise_view),
            name="{}_{}_revise".format(*info),
        )
        return [revise, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["revise_url"] = can_revise(request.user, obj) and reverse(
                "admin:claims_claim_revise", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revise_view(self, request, object_id):
        """Record a later statement by the claimant (editors, open or due claims)."""
        claim = get_object_or_404(
            Claim.objects.visible_to(request.user).select_related("article"), pk=object_id
        )
        if not request.user.has_perm(EDIT_TEXT):
            raise PermissionDenied
        if not can_revise(request.user, claim):
            return self._back_to_claim(request, claim, "only an open or due claim can be revised")
        form = RevisionForm(request.POST or None, claim=claim)
        if form.is_valid():
            try:
                revision = revision_create(claim=claim, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.message_user(request, f"Revision recorded: {revision.get_kind_display().lower()}.")
                return redirect(claim.get_admin_url())
        return self._workflow_page(request, claim, form, "Add revision")


@admin.register(RevisionSuggestion)
class RevisionSuggestionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
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
