"""The claims list's "Import CSV" page: upload, preview every row and its errors, confirm.

The preview is the import itself, rolled back (``claims_import_csv(dry_run=True)``);
confirming runs it again on the same bytes, all or nothing. The file waits in the
shared cache between the two, under a random key only its uploader may use: sent
back through the page, a browser would rewrite its line breaks.
"""

import secrets

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims.admin.forms import add_service_errors
from claims.models import Claim
from claims.services.imports import claims_import_csv, read_upload
from claims.spreadsheets import FORMATS

IMPORT_PERMISSIONS = ("claims.add_claim", "claims.edit_claim_text")
PENDING_SECONDS = 60 * 60  # how long a previewed file waits for its confirmation


class ClaimImportForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="This tracker's CSV export, or Fatebook's or PredictionBook's."
    )
    format = forms.ChoiceField(
        choices=[("", "Read from the header"), *((name, name) for name in FORMATS)], required=False
    )
    # After the preview: the key of the file waiting in the cache; it is checked again on confirm.
    pending = forms.CharField(required=False, widget=forms.HiddenInput)

    def data_to_import(self, user) -> bytes:
        if not self.cleaned_data["pending"]:
            return read_upload(self.cleaned_data["file"])
        uploader, data = cache.get(_cache_key(self.cleaned_data["pending"]), (None, None))
        if uploader != user.pk:
            raise ValidationError({"file": "The preview has expired; upload the file again."})
        return data


def _cache_key(token: str) -> str:
    return f"claims-import:{token}"


class ImportCSVMixin:
    """Adds /import/ to the claim admin, and its link on the list (editors)."""

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{info}_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.has_import_permission(request) and self.model is Claim:
            extra_context = {"import_url": reverse("admin:claims_claim_import"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = ClaimImportForm(request.POST if posted else None, request.FILES if posted else None)
        report, pending = None, ""
        if posted and form.is_valid():
            confirm = "confirm" in request.POST
            try:
                data = form.data_to_import(request.user)
                report = claims_import_csv(
                    data=data,
                    by=request.user,
                    dry_run=not confirm,
                    format=form.cleaned_data["format"] or None,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if report.written:
                    cache.delete(_cache_key(form.cleaned_data["pending"]))
                    self.message_user(request, report.summary())
                    return redirect(reverse("admin:claims_claim_changelist"))
                if not report.errors:
                    pending = form.cleaned_data["pending"] or secrets.token_urlsafe(24)
                    cache.set(_cache_key(pending), (request.user.pk, data), PENDING_SECONDS)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import claims from CSV",
            "opts": Claim._meta,
            "form": form,
            "report": report,
            "pending": pending,
        }
        return TemplateResponse(request, "admin/claims/claim/import.html", context)
