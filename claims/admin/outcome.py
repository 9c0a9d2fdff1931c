"""Outcomes, read-only: they are recorded from the claim's page through the service."""

from django.contrib import admin

from claims.admin.history import AuditedHistoryAdmin, evidence_links_html
from claims.admin.ids import NumericObjectIds
from claims.models import Claim, Outcome


@admin.register(Outcome)
class OutcomeAdmin(NumericObjectIds, AuditedHistoryAdmin):
    """Outcomes are read here; they are recorded from the claim's page."""

    list_display = ("claim", "verdict", "known_on", "reviewer", "recorded_at")
    list_filter = ("verdict",)
    list_select_related = ("claim", "reviewer")
    search_fields = ("claim__statement", "rationale")
    date_hierarchy = "known_on"
    fields = ("claim", "verdict", "evidence", "rationale", "known_on", "reviewer", "recorded_at")
    readonly_fields = fields
    history_list_display = ["verdict", "evidence"]

    def get_queryset(self, request):
        # An outcome shows its claim's statement: only for claims the reader may see.
        return super().get_queryset(request).filter(claim__in=Claim.objects.visible_to(request.user))

    @admin.display(description="evidence links")
    def evidence(self, outcome):
        return evidence_links_html(outcome.evidence_links)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
