"""Forms for the reviewers' workbench. They collect input; the services decide."""

from django import forms
from django.utils import timezone

from claims.extraction.time import window_for_expression
from claims.models import CLAIM_TEXT_FIELDS, Claim, Outcome
from claims.services.claims import apply_claim_defaults

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Fields claim_create would fill in when left empty; the admin fills them the same way.
_DEFAULTED_FIELDS = ("due_on", "deadline_inferred", "precision", "hedge", "probability", "probability_source")


class ClaimAdminForm(forms.ModelForm):
    """The claim form: empty claimants, due date or probability get claim_create's defaults."""

    class Meta:
        model = Claim
        fields = (*CLAIM_TEXT_FIELDS, "watchers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in [
            ("due_on", "Leave empty for a claim with no time bound: the default horizon is used."),
            ("claimants", "Leave empty for the article's authors."),
            ("probability", "Leave empty to take it from the hedge (estimative scale)."),
        ]:
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = help_text

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or getattr(self.instance, "article", None)
        if article is None:
            return cleaned
        self._fill_window_from_time_expression(cleaned, article)
        if "claimants" in self.fields and not cleaned.get("claimants"):
            cleaned["claimants"] = article.authors.all()
        current = {name: cleaned.get(name, getattr(self.instance, name)) for name in _DEFAULTED_FIELDS}
        probe = Claim(article=article, **current)
        apply_claim_defaults(probe)
        for name in _DEFAULTED_FIELDS:
            if name in self.fields:
                cleaned[name] = getattr(probe, name)
        return cleaned

    def _fill_window_from_time_expression(self, cleaned, article) -> None:
        """An editor who types "not before late 2026" and no dates gets the window filled in."""
        window_fields = ("window_start", "due_on", "precision", "deadline_inferred")
        expression = cleaned.get("time_expression", "")
        if (
            not expression
            or "time_expression" not in self.changed_data
            or any(name not in self.fields for name in window_fields)
            or {"window_start", "due_on"} & set(self.changed_data)
        ):
            return
        window = window_for_expression(expression, article.published_on)
        if window is None:
            self.add_error(
                "time_expression",
                "No deadline could be read from this; enter the window dates by hand.",
            )
            return
        for name in window_fields:
            cleaned[name] = getattr(window, name)
        if window.kind_hint == Claim.Kind.NOT_BEFORE:
            cleaned["kind"] = Claim.Kind.NOT_BEFORE


class OutcomeRecordForm(forms.Form):
    """Input for claims.services.outcome_record, which checks the rules (evidence, annulled)."""

    verdict = forms.ChoiceField(choices=Outcome.Verdict.choices)
    evidence_links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        required=False,
        help_text="One URL per line. Required for true, partly true and false.",
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "cols": 80}), required=False)
    known_on = forms.DateField(
        widget=_DATE, initial=timezone.localdate, help_text="When the outcome became known."
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), help_text="Kept in the history."
    )


class ExtendDeadlineForm(ReasonForm):
    due_on = forms.DateField(widget=_DATE, label="New due date")

    field_order = ["due_on", "reason"]
