"""Outcomes, read-only: they are recorded from the claim's page through the service."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.ids import NumericObjectIds
from claims.models import Outcome


@admin.register(Outcome)
class OutcomeAdmin(NumericObjectIds, SimpleHistoryAdmin):
    """Outcomes are read here; they are recorded from the claim's page."""

    list_display = ("claim", "verdict", "known_on", "reviewer", "recorded_at")
    list_filter = ("verdict",)
    list_select_related = ("claim", "reviewer")
    search_fields = ("claim__statement", "rationale")
    date_hierarchy = "known_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True
