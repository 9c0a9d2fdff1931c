"""Outcomes, read-only: they are recorded from the claim's page through the service."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from claims.admin.history import AuditedHistoryAdmin, evidence_links_html
from claims.admin.ids import NumericObjectIds
from claims.admin.lists import LargeListAdmin
from claims.admin.readonly import ReadOnlyAdmin
from claims.models import Claim, Outcome


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin, NumericObjectIds, LargeListAdmin, AuditedHistoryAdmin):
    """Outcomes are read here; they are recorded from the claim's page."""

    list_display = ("claim", "verdict", "known_on", "reviewer", "recorded_at")
    list_filter = ("verdict", ("known_on", admin.DateFieldListFilter))
    list_select_related = ("claim", "reviewer")
    search_fields = ("claim__statement", "rationale")
    fields = ("claim", "verdict", "evidence", "rationale", "known_on", "reviewer", "recorded_at")
    readonly_fields = fields
    history_list_display = ["verdict", "evidence"]

    def get_queryset(self, request):
        # An outcome shows its claim's statement: only for claims the reader may see.
        # EXISTS per row, not "claim_id IN (every visible claim)": a page checks its own rows only.
        visible = Claim.objects.visible_to(request.user).filter(pk=OuterRef("claim_id"))
        return super().get_queryset(request).filter(Exists(visible))

    @admin.display(description="evidence links")
    def evidence(self, outcome):
        return evidence_links_html(outcome.evidence_links)
