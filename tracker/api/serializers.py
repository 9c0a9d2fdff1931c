"""Shapes of scorecard rows (for the schema and to render the selector's dicts)."""

from rest_framework import serializers

from claims.models import Outcome

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


class ScorecardListSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=GROUP_BY_CHOICES)
    count = serializers.IntegerField()
    results = ScorecardRowSerializer(many=True)
