"""Shapes of scorecard rows (for the schema and to render the selector's dicts)."""

from rest_framework import serializers

from claims.models import Outcome
from tracker.scoring import BASELINE_MIN_CLAIMS, HEDGE_PROPOSAL_MIN_CLAIMS

GROUP_BY_CHOICES = ["claimant", "publication", "tag", "year"]


class ScorecardQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=GROUP_BY_CHOICES, default="claimant", required=False)


def _interval(help_text: str):
    return serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, allow_null=True, help_text=help_text
    )


class CalibrationBinSerializer(serializers.Serializer):
    bin = serializers.IntegerField(help_text="0 for [0, 0.1) up to 9 for [0.9, 1).")
    lower = serializers.FloatField()
    upper = serializers.FloatField()
    count = serializers.IntegerField()
    mean_forecast = serializers.FloatField(allow_null=True)
    observed_frequency = serializers.FloatField(allow_null=True)
    interval = _interval("95% Wilson interval [low, high] of the observed frequency; null if empty.")


class VerdictCountsSerializer(serializers.Serializer):
    def get_fields(self):
        return {verdict: serializers.IntegerField() for verdict in Outcome.Verdict.values}


class HedgeCalibrationSerializer(serializers.Serializer):
    hedge = serializers.CharField(
        help_text="The phrase on the estimative scale whose number the claims took."
    )
    scale_probability = serializers.FloatField(
        allow_null=True, help_text="The scale's number for the phrase (CLAIMS_HEDGE_PROBABILITIES applied)."
    )
    claims = serializers.IntegerField(help_text="Scored claims (true, partly true, false) that used it: n.")
    true = serializers.IntegerField(help_text="Of those, verdict true.")
    partly_true = serializers.IntegerField(help_text="Of those, verdict partly true.")
    came_true = serializers.FloatField(help_text="true + ½ · partly_true.")
    share = serializers.FloatField(allow_null=True, help_text="came_true / claims.")
    interval = _interval("95% Wilson interval [low, high] of the share.")


class SiteHedgeCalibrationSerializer(HedgeCalibrationSerializer):
    proposed_probability = serializers.FloatField(
        allow_null=True,
        help_text="The number the evidence proposes for the phrase (the share, when n ≥ "
        f"{HEDGE_PROPOSAL_MIN_CLAIMS} and the scale's number is outside the interval); "
        "null: keep the scale's.",
    )


class SiteHedgeTableSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = SiteHedgeCalibrationSerializer(many=True)
    proposed_hedge_probabilities = serializers.DictField(
        child=serializers.FloatField(),
        help_text="The proposals as a CLAIMS_HEDGE_PROBABILITIES setting (only the phrases to change).",
    )


class ScorecardRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="Author, publication or tag id, or the year.")
    label = serializers.CharField()
    claims = serializers.IntegerField(help_text="Claims made (not withdrawn; drafts for editors only).")
    draft = serializers.IntegerField()
    open = serializers.IntegerField()
    due = serializers.IntegerField(help_text="Flagged due for review.")
    overdue_unreviewed = serializers.IntegerField(
        help_text="Open or due, past their due date, no verdict yet."
    )
    resolved = serializers.IntegerField()
    verdicts = VerdictCountsSerializer(help_text="Resolved claims by verdict.")
    scored = serializers.IntegerField(help_text="Resolved as true, partly true or false.")
    hit_rate_claims = serializers.IntegerField(help_text="Scored claims with a call: probability not 0.5.")
    hit_rate = serializers.FloatField(
        allow_null=True, help_text="Share called right (see the scoring rule); null if none."
    )
    brier_claims = serializers.IntegerField(help_text="Scored claims that carry a probability.")
    hit_rate_interval = _interval("95% Wilson interval [low, high] of the hit rate; null if none.")
    brier_score = serializers.FloatField(allow_null=True, help_text="Mean (p − o)²; null if none.")
    brier_interval = _interval("95% normal interval [low, high] of the mean Brier score; null below 2.")
    calibration_gap = serializers.FloatField(
        allow_null=True, help_text="Count-weighted mean |observed − forecast| over the bins; null if none."
    )
    calibration = CalibrationBinSerializer(many=True)
    log_score = serializers.FloatField(
        allow_null=True,
        help_text="Mean o·ln p + (1 − o)·ln(1 − p), natural log, p clamped to [0.01, 0.99]; 0 best; "
        "over the brier_claims.",
    )
    log_score_interval = _interval("95% normal interval of the mean log score; null below 2.")
    baseline_brier = serializers.FloatField(
        allow_null=True,
        help_text="Mean (b − o)² of the baseline forecast b (base rate of other claims in the same tag and "
        f"year, or 0.5 below {BASELINE_MIN_CLAIMS}) over the brier_claims.",
    )
    brier_skill_score = serializers.FloatField(
        allow_null=True, help_text="1 − brier_score / baseline_brier: above 0 beats the baseline; 1 perfect."
    )
    time_averaged_brier_claims = serializers.IntegerField(
        help_text="Scored claims with a forecast standing for at least a day."
    )
    time_averaged_brier = serializers.FloatField(
        allow_null=True,
        help_text="Mean over claims of (p − o)² weighted by the days each forecast (published, then "
        "each revision's) stood, from publication to the due date.",
    )
    time_averaged_brier_interval = _interval("95% normal interval of the mean; null below 2.")
    unresolvable_share = serializers.FloatField(
        allow_null=True, help_text="Share of resolved claims resolved as unresolvable (n = resolved)."
    )
    unresolvable_share_interval = _interval("95% Wilson interval of unresolvable_share.")
    no_time_bound = serializers.IntegerField(help_text="Claims with no time bound (deadline inferred).")
    no_time_bound_share = serializers.FloatField(
        allow_null=True, help_text="no_time_bound / claims (n = claims)."
    )
    no_time_bound_share_interval = _interval("95% Wilson interval of no_time_bound_share.")
    hedges = HedgeCalibrationSerializer(
        many=True, help_text="How each hedge phrase of this group turned out."
    )


class ScorecardListSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=GROUP_BY_CHOICES)
    count = serializers.IntegerField()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the rows were computed, if read from the summary; null: live."
    )
    results = ScorecardRowSerializer(many=True)
