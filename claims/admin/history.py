"""History pages that tell the truth and show no more than the reader may see.

django-simple-history's pages look an object up by id in the history table,
not through the admin's queryset, so on their own they show a draft to anyone
who can view claims. Here every history page first asks the admin's
queryset (drafts for editors only), and the rows recorded while a claim was
still a draft are hidden from non-editors: they may hold wording that was
never published.

Values read like the rest of the admin: localized times without
microseconds, choice labels, links for evidence; a row without a user says
"system" (the tracker's own moves).
"""

from datetime import date, datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import JSONField
from django.http import Http404
from django.utils import formats, timezone
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

# Bookkeeping every save touches; a change there says nothing a reader needs.
UNINTERESTING_FIELDS = ("updated_at", "recorded_at")


def evidence_links_html(links) -> str:
    """Return evidence URLs as clickable links (``–`` when there are none)."""
    if not links:
        return "–"
    return format_html_join(
        ", ", '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', ((u, u) for u in links)
    )


def display_value(field, value):
    """Return a stored value as the admin shows it elsewhere."""
    if isinstance(value, DeletedObject) and value.pk is None:
        value = None  # an empty foreign key, which simple_history reports as "Deleted user (pk=None)"
    if value is None or value == "":
        return "–"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, date):
        return formats.localize(value)
    return value


class AuditRecordContextHelper(HistoricalRecordContextHelper):
    """Format each change's old and new value with display_value; links stay links."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return display_value(field, value)

    def stringify_delta_change_values(self, change, old, new):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, JSONField) and change.field == "evidence_links":
            return evidence_links_html(change.old), evidence_links_html(change.new)
        return super().stringify_delta_change_values(change, old, new)


class AuditedHistoryAdmin(SimpleHistoryAdmin):
    """Read-only history, looked up through the admin's own queryset."""

    object_history_list_template = "admin/claims/history_list.html"

    def history_rows_visible_to(self, request, rows):
        """Return the history rows ``request.user`` may read; all of them by default."""
        return rows

    def _visible_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object visible to you.")
        return obj

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        rows = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.history_rows_visible_to(request, rows)

    def history_view(self, request, object_id, extra_context=None):
        self._visible_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied  # a revert would bypass the services and their rules
        obj = self._visible_object_or_404(request, object_id)
        rows = self.history_rows_visible_to(request, obj.history.all())
        if not str(version_id).isdigit() or not rows.filter(history_id=version_id).exists():
            raise Http404("No such history row visible to you.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return AuditRecordContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Like simple_history's, without the bookkeeping fields every save touches."""
        excluded = [f for f in UNINTERESTING_FIELDS if hasattr(self.model, f)]
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
