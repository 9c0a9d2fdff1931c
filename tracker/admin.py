import smtplib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from tracker.models import Notification
from tracker.services.delivery import failed_notification_count, notifications_resend
from tracker.services.digests import digest_send_test


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
    change_list_template = "admin/tracker/notification/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.send_test_digest_view))
        name = "tracker_notification_send_test_digest"
        return [path("send-test-digest/", view, name=name), *super().get_urls()]

    def send_test_digest_view(self, request):
        """Mail the requester their own digest as of now (outbox untouched): to see what it looks like."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not request.user.email:
            self.message_user(request, "Your account has no email address.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:tracker_notification_changelist"))
        try:
            sent = digest_send_test(user=request.user)
        except (smtplib.SMTPException, OSError) as error:  # sent from this request: say so, no 500
            self.message_user(request, f"The mail server refused the test digest: {error}", messages.ERROR)
        else:
            if sent:
                message = f"Sent your test digest to {request.user.email}."
                self.message_user(request, message, messages.SUCCESS)
            else:
                self.message_user(request, "You have nothing to review today, so there is no digest to send.")
        return HttpResponseRedirect(reverse("admin:tracker_notification_changelist"))

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
