"""What claims come from: publications, authors, tags and articles."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from claims.admin.claim import as_percent
from claims.admin.history import AuditedHistoryAdmin
from claims.admin.ids import NumericObjectIds
from claims.admin.lists import LargeListAdmin
from claims.admin.proposals import ProposalReviewMixin
from claims.models import Article, Author, Claim, Publication, Tag
from claims.services import ProposalsNotQueued, article_request_proposals

# Links typed without a scheme are https (Django 6's default; says so now, without the warning).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("name", "url")
    search_fields = ("name",)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


class ClaimInline(admin.TabularInline):
    """The article's claims as summary rows; each is edited on its own page."""

    model = Claim
    fields = ("claim_link", "status", "due_on", "kind", "probability_percent")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    class Media:
        css = {"all": ["claims/admin.css"]}

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description="claim")
    def claim_link(self, claim):
        return format_html('<a href="{}">{}</a>', claim.get_admin_url(), claim.statement[:120])

    @admin.display(description="probability")
    def probability_percent(self, claim):
        return as_percent(claim.probability)


@admin.register(Article)
class ArticleAdmin(ProposalReviewMixin, NumericObjectIds, LargeListAdmin, AuditedHistoryAdmin):
    """Articles; the change page has "Propose claims" and the proposal review (proposals.py)."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "publication", "published_on", "claim_count")
    list_filter = ("publication", ("published_on", admin.DateFieldListFilter))
    list_select_related = ("publication",)
    search_fields = ("title", "authors__name")
    autocomplete_fields = ("publication", "authors")
    inlines = [ClaimInline]
    actions = ["propose_claims"]

    def get_queryset(self, request):
        # Count only the claims this reader may see: how many drafts there are is for editors too.
        # A subquery per article, not a join and GROUP BY: PostgreSQL runs it for the page's
        # rows only (after ORDER BY ... LIMIT), so the list never counts every claim.
        counts = (
            Claim.objects.visible_to(request.user)
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(claim_count=Coalesce(Subquery(counts), 0))

    @admin.action(description="Propose draft claims from the article text", permissions=["propose"])
    def propose_claims(self, request, queryset):
        for article in queryset.prefetch_related("authors"):
            try:
                created = article_request_proposals(article=article, by=request.user)
            except (ValidationError, ProposalsNotQueued) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{article}: {reason}", messages.ERROR)
                continue
            if created is None:
                self.message_user(
                    request,
                    f"{article}: the text is long, so the worker proposes the drafts in the "
                    "background; they appear in the article's claims within a few minutes.",
                    messages.INFO,
                )
                continue
            self.message_user(
                request,
                f"{article}: {len(created)} draft claim(s) proposed"
                + ("" if created else " (nothing new: earlier proposals are already drafts or claims)"),
                messages.SUCCESS if created else messages.INFO,
            )

    # Not sortable: ordering by it would count the claims of every article.
    @admin.display(description="claims")
    def claim_count(self, article):
        return article.claim_count
