"""Forms for the reviewers' workbench. They collect input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.models import CLAIM_TEXT_FIELDS, FORECAST_FIELDS, MAX_NOTE_CHARS, Claim, Outcome
from claims.services.claims import claim_build, claim_preview_update

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What the editor types; the service derives the rest (probability source, the default horizon).
SERVICE_FIELDS = tuple(name for name in CLAIM_TEXT_FIELDS if name != "probability_source")
# Filled in by the service's rules; the form shows what they gave.
DERIVED_FIELDS = ("kind", "window_start", "due_on", "precision", "deadline_inferred", "probability")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ClaimAdminForm(forms.ModelForm):
    """The claim form. It collects input; claims.services applies the rules and saves.

    ``clean`` runs the same service code as the save (``claim_build`` or
    ``claim_preview_update``) so its errors show on the form, and the admin's
    ``save_model`` then calls ``claim_create`` or ``claim_update`` with
    ``service_input``.
    """

    class Meta:
        model = Claim
        fields = (*SERVICE_FIELDS, "watchers")
        labels = {"deadline_inferred": "No time bound"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in [
            ("due_on", "Leave empty to read it from the time expression, or for the default horizon."),
            ("window_start", "Leave empty to read it from the time expression."),
            ("claimants", "Leave empty for the article's authors."),
            ("probability", "Leave empty to take it from the hedge (estimative scale)."),
            ("deadline_inferred", "Tick if the claim names no time: it is checked at the default horizon."),
        ]:
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = help_text
        self.service_input: dict = {}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        given = {name: cleaned.get(name) for name in SERVICE_FIELDS if name in self.fields}
        try:
            if self.instance.pk is None:
                self.service_input = given
                probe = claim_build(**{k: v for k, v in given.items() if k not in ("claimants", "tags")})
            else:
                self.service_input = {name: given[name] for name in self.changed_data if name in given}
                probe, _ = claim_preview_update(claim=self.instance, **self.service_input)
        except ValidationError as error:
            add_service_errors(self, error)
            return cleaned
        for name in DERIVED_FIELDS:
            if name in self.fields:
                cleaned[name] = getattr(probe, name)
        if "claimants" in self.fields and not cleaned.get("claimants"):
            cleaned["claimants"] = probe.article.authors.all()
        return cleaned


class ClaimCorrectionForm(forms.ModelForm):
    """A correction: the forecast's fields as recorded, to fix, and the reason (required)."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=MAX_NOTE_CHARS,
        help_text="What was wrong, e.g. 'misquoted: the article says “likely”, not “almost certainly”'. "
        "Shown with the claim.",
    )

    class Meta:
        model = Claim
        fields = tuple(name for name in FORECAST_FIELDS if name not in ("probability_source", "article"))
        labels = {"deadline_inferred": "No time bound"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("window_start", "due_on", "probability", "claimants"):
            self.fields[name].required = False

    def _post_clean(self):
        """The service checks the corrected claim; the form does not touch the instance."""

    def corrections(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.Meta.fields}


class OutcomeRecordForm(forms.Form):
    """Input for claims.services.outcome_record, which checks the rules (evidence, annulled)."""

    verdict = forms.ChoiceField(choices=Outcome.Verdict.choices)
    evidence_links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        required=False,
        help_text="One URL per line. Required for true, partly true and false.",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}), required=False, max_length=MAX_NOTE_CHARS
    )
    known_on = forms.DateField(
        widget=_DATE, initial=timezone.localdate, help_text="When the outcome became known."
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=MAX_NOTE_CHARS,
        help_text="Kept in the history.",
    )


class ExtendDeadlineForm(ReasonForm):
    due_on = forms.DateField(widget=_DATE, label="New due date")

    field_order = ["due_on", "reason"]
