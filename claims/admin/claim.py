"""Claims in the admin: the list, the change page, bulk actions, and the review queue."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.views.decorators.http import require_POST

from claims.admin.forms import (
    ClaimAdminForm,
    ClaimCorrectionForm,
    ExtendDeadlineForm,
    OutcomeRecordForm,
    ReasonForm,
    add_service_errors,
)
from claims.admin.history import AuditedHistoryAdmin, evidence_links_html
from claims.admin.ids import NumericObjectIds
from claims.admin.lists import LargeListAdmin, ReviewerListFilter
from claims.models import (
    CLAIM_TEXT_FIELDS,
    FORECAST_FIELDS,
    Claim,
    ClaimDueForReview,
    Outcome,
)
from claims.roles import assignable_reviewers
from claims.services import (
    claim_assign,
    claim_correct,
    claim_create,
    claim_extend_deadline,
    claim_publish,
    claim_reopen,
    claim_update,
    claim_withdraw,
    outcome_record,
)
from claims.services.claims import CORRECTABLE, LOCKED_MESSAGE, VERDICT_MESSAGE

Status = Claim.Status
EDIT_TEXT = "claims.edit_claim_text"
RECORD_OUTCOME = "claims.record_outcome"

# Set by the services and the tracker, never typed in.
SYSTEM_FIELDS = (
    "status",
    "reviewer",
    "outcome_summary",
    "corrections_summary",
    "probability_source",
    "flagged_due_at",
    "resolved_at",
    "created_at",
    "updated_at",
)


def as_percent(probability: float | None) -> str:
    return "–" if probability is None else f"{probability:.0%}"


def can_record_outcome(user, claim: Claim) -> bool:
    return user.has_perm(RECORD_OUTCOME) and claim.status in (Status.OPEN, Status.DUE)


def can_correct(user, claim: Claim) -> bool:
    return user.has_perm(EDIT_TEXT) and claim.status in CORRECTABLE


def can_reopen(user, claim: Claim) -> bool:
    """Reviewers reopen what they resolved; editors bring back what they withdrew."""
    if claim.status == Status.RESOLVED:
        return user.has_perm(RECORD_OUTCOME)
    return claim.status == Status.WITHDRAWN and user.has_perm(EDIT_TEXT)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=assignable_reviewers(), help_text="Only people who may record outcomes are listed."
    )


@admin.register(Claim)
class ClaimAdmin(NumericObjectIds, LargeListAdmin, AuditedHistoryAdmin):
    form = ClaimAdminForm
    change_form_template = "admin/claims/claim/change_form.html"
    # Six columns fit a 1366 px laptop; publication and kind stay as filters.
    list_display = (
        "short_statement",
        "status",
        "due_on",
        "claimant_names",
        "probability_percent",
        "reviewer",
    )
    list_per_page = 50
    list_filter = (
        "status",
        "kind",
        "article__publication",
        "tags",
        "deadline_inferred",
        ("reviewer", ReviewerListFilter),
        ("due_on", admin.DateFieldListFilter),
    )
    list_select_related = ("article__publication", "reviewer")
    search_fields = ("statement", "quote", "article__title", "claimants__name")
    autocomplete_fields = ("article", "claimants", "tags")
    filter_horizontal = ("watchers",)
    actions = ("assign_to_me", "release", "assign_to", "publish_drafts", "extend_deadline", "withdraw")
    fieldsets = (
        (None, {"fields": ("article", "claimants", "quote", "statement", "resolution_criteria")}),
        ("Kind", {"fields": ("kind", "condition")}),
        (
            "Deadline",
            {"fields": ("time_expression", "window_start", "due_on", "precision", "deadline_inferred")},
        ),
        ("Confidence", {"fields": ("hedge", "probability", "probability_source")}),
        (
            "Tracking",
            {"fields": ("status", "reviewer", "outcome_summary", "corrections_summary", "watchers", "tags")},
        ),
        ("Timestamps", {"fields": ("flagged_due_at", "resolved_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).prefetch_related("claimants")

    def get_search_results(self, request, queryset, search_term):
        """Every word in the statement, quote, article title or a claimant's name (as search_fields).

        Claimants are matched with EXISTS, so the list needs no DISTINCT over
        every column (which the admin adds for a many-to-many search field).
        """
        for word in smart_split(search_term):
            if word[:1] in ('"', "'") and word[-1:] == word[:1]:
                word = unescape_string_literal(word)
            named = Claim.claimants.through.objects.filter(
                claim_id=OuterRef("pk"), author__name__icontains=word
            )
            queryset = queryset.filter(
                Q(statement__icontains=word)
                | Q(quote__icontains=word)
                | Q(article__title__icontains=word)
                | Exists(named)
            )
        return queryset, False

    def get_readonly_fields(self, request, obj=None):
        """Drafts are edited freely; a published forecast is locked (see claims.services.claims)."""
        if not request.user.has_perm(EDIT_TEXT):
            return (*SYSTEM_FIELDS, *CLAIM_TEXT_FIELDS)
        if obj is None or not obj.is_published:
            return SYSTEM_FIELDS
        if obj.has_verdict:
            return (*SYSTEM_FIELDS, *FORECAST_FIELDS, "resolution_criteria")
        return (*SYSTEM_FIELDS, *FORECAST_FIELDS)

    # --- saving goes through the services, like every other door --------------

    def save_model(self, request, obj, form, change):
        if change:
            claim_update(claim=obj, by=request.user, **form.service_input)
        else:
            obj.pk = claim_create(by=request.user, **form.service_input).pk

    def save_related(self, request, form, formsets, change):
        """Claimants and tags were saved by the service; watchers are not part of the record."""
        if "watchers" in form.cleaned_data:
            form.instance.watchers.set(form.cleaned_data["watchers"])
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # Custom permissions named in the actions' allowed_permissions.
    def has_edit_claim_text_permission(self, request):
        return request.user.has_perm(EDIT_TEXT)

    def has_record_outcome_permission(self, request):
        return request.user.has_perm(RECORD_OUTCOME)

    # --- list columns ---------------------------------------------------------

    @admin.display(description="statement", ordering="statement")
    def short_statement(self, claim):
        return claim.statement if len(claim.statement) <= 80 else f"{claim.statement[:79]}…"

    @admin.display(description="claimants")
    def claimant_names(self, claim):
        return ", ".join(author.name for author in claim.claimants.all())

    @admin.display(description="publication", ordering="article__publication__name")
    def publication(self, claim):
        return claim.article.publication

    @admin.display(description="probability", ordering="probability")
    def probability_percent(self, claim):
        return as_percent(claim.probability)

    @admin.display(description="corrections")
    def corrections_summary(self, claim):
        """Corrections as a newspaper prints them: how many, then each one's when, who, why and what."""
        corrections = list(claim.corrections.select_related("corrected_by")) if claim.pk else []
        if not corrections:
            return "none"
        items = format_html_join(
            "",
            "<li>{} by {}: {} {}</li>",
            (
                (
                    date_format(timezone.localtime(c.corrected_at), "DATETIME_FORMAT"),
                    c.corrected_by,
                    c.reason,
                    format_html_join(
                        "; ",
                        "<i>{}</i> “{}” → “{}”",
                        ((name.replace("_", " "), ch["old"], ch["new"]) for name, ch in c.changes.items()),
                    ),
                )
                for c in corrections
            ),
        )
        return format_html("corrected {}×<ul>{}</ul>", len(corrections), items)

    @admin.display(description="outcome")
    def outcome_summary(self, claim):
        outcome = Outcome.objects.filter(claim_id=claim.pk).first() if claim.pk else None
        if outcome is None:
            return "–"
        url = reverse("admin:claims_outcome_change", args=[outcome.pk])
        return format_html(
            '<a href="{}">{}</a> (known {}); evidence: {}',
            url,
            outcome.get_verdict_display(),
            outcome.known_on,
            evidence_links_html(outcome.evidence_links),
        )

    # --- bulk actions: each calls a service per claim and reports per claim -----

    def _apply_each(self, request, claims, service: Callable[[Claim], object], done: str) -> None:
        succeeded = 0
        for claim in claims:
            try:
                service(claim)
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"“{claim}”: {reason}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done}: {succeeded} claim(s).", messages.SUCCESS)

    def _action_form(self, request, queryset, form_class, title: str):
        """Return the bound, valid intermediate form, or the page asking for it."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            return form, None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "claims": queryset,
            "action": request.POST["action"],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": request.get_full_path(),
        }
        return None, TemplateResponse(request, "admin/claims/claim/action_form.html", context)

    @admin.action(description="Assign to me", permissions=("record_outcome",))
    def assign_to_me(self, request, queryset):
        def assign(claim):
            return claim_assign(claim=claim, reviewer=request.user, by=request.user)

        self._apply_each(request, queryset, assign, "Assigned")

    @admin.action(description="Release (unassign)", permissions=("change",))
    def release(self, request, queryset):
        """A reviewer gives back their own claims; an editor may release anyone's (the service decides)."""

        def release(claim):
            return claim_assign(claim=claim, reviewer=None, by=request.user)

        self._apply_each(request, queryset, release, "Released")

    @admin.action(description="Assign to…", permissions=("edit_claim_text",))
    def assign_to(self, request, queryset):
        form, page = self._action_form(request, queryset, AssignForm, "Assign claims to a reviewer")
        if page:
            return page
        reviewer = form.cleaned_data["reviewer"]
        self._apply_each(
            request, queryset, lambda c: claim_assign(claim=c, reviewer=reviewer, by=request.user), "Assigned"
        )

    @admin.action(description="Publish selected drafts", permissions=("edit_claim_text",))
    def publish_drafts(self, request, queryset):
        self._apply_each(request, queryset, lambda c: claim_publish(claim=c, by=request.user), "Published")

    @admin.action(description="Extend deadline…", permissions=("edit_claim_text",))
    def extend_deadline(self, request, queryset):
        form, page = self._action_form(request, queryset, ExtendDeadlineForm, "Extend the deadline")
        if page:
            return page
        due_on, reason = form.cleaned_data["due_on"], form.cleaned_data["reason"]

        def extend(claim):
            return claim_extend_deadline(claim=claim, due_on=due_on, reason=reason, by=request.user)

        self._apply_each(request, queryset, extend, "Deadline extended")

    @admin.action(description="Withdraw…", permissions=("edit_claim_text",))
    def withdraw(self, request, queryset):
        form, page = self._action_form(request, queryset, ReasonForm, "Withdraw claims")
        if page:
            return page
        reason = form.cleaned_data["reason"]
        self._apply_each(
            request, queryset, lambda c: claim_withdraw(claim=c, reason=reason, by=request.user), "Withdrawn"
        )

    # --- per-claim workflow pages: record an outcome, reopen ---------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/record-outcome/",
                view(self.record_outcome_view),
                name="{}_{}_record_outcome".format(*info),
            ),
            path("<int:object_id>/reopen/", view(self.reopen_view), name="{}_{}_reopen".format(*info)),
            path("<int:object_id>/correct/", view(self.correct_view), name="{}_{}_correct".format(*info)),
            path(
                "<int:object_id>/publish/",
                view(require_POST(self.publish_view)),
                name="{}_{}_publish".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["record_outcome_url"] = can_record_outcome(request.user, obj) and reverse(
                "admin:claims_claim_record_outcome", args=[obj.pk]
            )
            context["reopen_url"] = can_reopen(request.user, obj) and reverse(
                "admin:claims_claim_reopen", args=[obj.pk]
            )
            context["correct_url"] = can_correct(request.user, obj) and reverse(
                "admin:claims_claim_correct", args=[obj.pk]
            )
            context["publish_url"] = (
                obj.status == Status.DRAFT
                and request.user.has_perm(EDIT_TEXT)
                and reverse("admin:claims_claim_publish", args=[obj.pk])
            )
            if obj.is_published and request.user.has_perm(EDIT_TEXT):
                context["locked_note"] = VERDICT_MESSAGE if obj.has_verdict else LOCKED_MESSAGE
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_page(self, request, claim, form, title: str):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": Claim._meta,
            "original": claim,
            "form": form,
            "cancel_url": claim.get_admin_url(),
        }
        return TemplateResponse(request, "admin/claims/claim/workflow_form.html", context)

    def _back_to_claim(self, request, claim, why: str):
        status = claim.get_status_display().lower()
        self.message_user(request, f"This claim is {status}: {why}.", messages.WARNING)
        return redirect(claim.get_admin_url())

    def record_outcome_view(self, request, object_id):
        claim = get_object_or_404(
            Claim.objects.visible_to(request.user).select_related("article"), pk=object_id
        )
        if not request.user.has_perm(RECORD_OUTCOME):
            raise PermissionDenied
        if not can_record_outcome(request.user, claim):
            # Someone else resolved or withdrew it meanwhile: say so rather than fail.
            return self._back_to_claim(request, claim, "an outcome can be recorded only while open or due")
        form = OutcomeRecordForm(request.POST or None)
        if form.is_valid():
            try:
                outcome = outcome_record(claim=claim, reviewer=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                verdict = outcome.get_verdict_display()
                self.message_user(request, f"Outcome recorded: {verdict}. The claim is resolved.")
                return redirect(claim.get_admin_url())
        return self._workflow_page(request, claim, form, "Record outcome")

    def reopen_view(self, request, object_id):
        claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=object_id)
        if claim.status not in (Status.RESOLVED, Status.WITHDRAWN):
            return self._back_to_claim(request, claim, "only a resolved or withdrawn claim can be reopened")
        if not can_reopen(request.user, claim):
            raise PermissionDenied
        form = ReasonForm(request.POST or None)
        if form.is_valid():
            try:
                claim = claim_reopen(claim=claim, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, f"Reopened; the claim is {claim.get_status_display().lower()}.")
                return redirect(claim.get_admin_url())
        return self._workflow_page(request, claim, form, "Reopen claim")

    def correct_view(self, request, object_id):
        """Fix a transcription error in a published forecast; the correction stays on the record."""
        claim = get_object_or_404(
            Claim.objects.visible_to(request.user).select_related("article"), pk=object_id
        )
        if not request.user.has_perm(EDIT_TEXT):
            raise PermissionDenied
        if not can_correct(request.user, claim):
            return self._back_to_claim(
                request, claim, "only an open or due claim is corrected (reopen a resolved one first)"
            )
        form = ClaimCorrectionForm(request.POST or None, instance=claim)
        if form.is_valid():
            try:
                claim_correct(
                    claim=claim, by=request.user, reason=form.cleaned_data["reason"], **form.corrections()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.message_user(request, "Corrected; the correction is shown with the claim.")
                return redirect(claim.get_admin_url())
        return self._workflow_page(request, claim, form, "Correct claim")

    def publish_view(self, request, object_id):
        """The draft page's "Publish" button (POST only, editors only)."""
        claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=object_id)
        if not request.user.has_perm(EDIT_TEXT):
            raise PermissionDenied
        try:
            claim_publish(claim=claim, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
        else:
            self.message_user(request, "Published; the claim is open and will be flagged when due.")
        return redirect(claim.get_admin_url())

    # --- history: shown, never reverted; rows recorded while a draft are for editors ---

    def history_rows_visible_to(self, request, rows):
        if request.user.has_perm(EDIT_TEXT):
            return rows
        return rows.exclude(status=Status.DRAFT)


@admin.register(ClaimDueForReview)
class ClaimDueForReviewAdmin(ClaimAdmin):
    """The reviewers' queue: claims flagged due, most overdue first.

    A proxy of Claim, so it uses Claim's permissions, and its rows open the
    claim's own page.
    """

    list_display = (
        "short_statement",
        "days_overdue",
        *(column for column in ClaimAdmin.list_display[1:] if column != "status"),
    )
    list_filter = tuple(f for f in ClaimAdmin.list_filter if f != "status")
    ordering = ("due_on", "id")
    actions = ("assign_to_me", "release", "assign_to", "extend_deadline")

    def get_queryset(self, request):
        return super().get_queryset(request).due_for_review()

    def changelist_view(self, request, extra_context=None):
        title = "Claims due for review, most overdue first"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.display(description="days overdue", ordering="due_on")
    def days_overdue(self, claim):
        return claim.days_overdue()

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("claims.view_claim") or request.user.has_perm("claims.change_claim")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("claims.change_claim")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect(reverse("admin:claims_claim_change", args=[object_id]))

    def history_view(self, request, object_id, extra_context=None):
        return redirect(reverse("admin:claims_claim_history", args=[object_id]))
