"""Articles in from the web: "Add from URL", the intake records, and publications' feeds.

Adding an intake record is the "Add from URL" form: the record is written and
the worker imports the page (claims/services/intake.py). Records and quote
changes are the service's to write; here they are read.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from claims.admin.readonly import ReadOnlyAdmin
from claims.intake.fetch import web_url_validator
from claims.models import Feed, IntakeRecord, QuoteChange
from claims.services.intake import url_import_request

# Links typed without a scheme are https (Django 6's default; says so now, without the warning).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class FeedInline(admin.TabularInline):
    model = Feed
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fields = ("url", "active", "polled_at", "last_result")
    readonly_fields = ("polled_at", "last_result")
    extra = 0


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("url", "publication", "active", "polled_at", "last_result")
    list_filter = ("active", "publication")
    list_select_related = ("publication",)
    autocomplete_fields = ("publication",)
    readonly_fields = ("polled_at", "last_result")


class AddFromUrlForm(forms.ModelForm):
    url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        validators=[web_url_validator],
        help_text="The article's page; the worker fetches and reads it.",
    )

    class Meta:
        model = IntakeRecord
        fields = ("url",)


@admin.register(IntakeRecord)
class IntakeRecordAdmin(admin.ModelAdmin):
    list_display = ("url", "kind", "status", "reason", "article_link", "created_at")
    list_filter = ("status", "kind", "feed")
    list_select_related = ("article",)
    search_fields = ("url", "final_url")
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
        "url",
        "feed",
        "feed_entry",
        "status",
        "reason",
        "attempts",
        "article_link",
        "final_url",
        "raw_sha256",
        "requested_by",
        "created_at",
        "finished_at",
        "text",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AddFromUrlForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("url",) if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        intake = url_import_request(url=form.cleaned_data["url"], by=request.user)
        obj.pk = intake.pk  # the admin's redirect and log entry name the record the service wrote

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            f"Importing {obj.url}: the worker fetches the page; its status shows here.",
            messages.SUCCESS,
        )
        return super().response_post_save_add(request, obj)

    @admin.display(description="article")
    def article_link(self, intake):
        if intake.article_id is None:
            return "-"
        url = reverse("admin:claims_article_change", args=[intake.article_id])
        return format_html('<a href="{}">{}</a>', url, intake.article)


@admin.register(QuoteChange)
class QuoteChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("claim", "detected_at", "old_text", "new_text")
    list_select_related = ("claim",)
    date_hierarchy = "detected_at"
    readonly_fields = ("claim", "intake", "detected_at", "old_text", "new_text")
