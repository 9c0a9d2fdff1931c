from django.contrib import admin, messages

from tracker.models import Notification
from tracker.services.delivery import failed_notification_count, notifications_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "to_email",
        "kind",
        "period",
        "status",
        "attempts",
        "short_error",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "kind", "period"]
    search_fields = ["to_email", "recipient__username", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and (failed := failed_notification_count()):
            self.message_user(
                request,
                f"{failed} notification(s) failed for good after every retry (filter by status "
                "'Failed'); resend them once mail works again.",
                messages.ERROR,
            )
        return super().changelist_view(request, extra_context)

    @admin.display(description="Error")
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the outbox is written by the digest job; only resend changes it

    @admin.action(description="Resend selected notifications", permissions=["resend"])
    def resend(self, request, queryset):
        count = notifications_resend(notification_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"Queued {count} notification(s) for delivery.", messages.SUCCESS)

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("tracker.resend_notification")
