"""API shapes of claims and their neighbours. Writes go through claims.services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import services, spreadsheets
from claims.history import Event
from claims.intake.fetch import web_url_validator
from claims.models import (
    CLAIM_TEXT_FIELDS,
    FORECAST_FIELDS,
    MAX_NOTE_CHARS,
    REVISION_INPUT_FIELDS,
    Article,
    Author,
    Claim,
    ClaimCorrection,
    ClaimRevision,
    IntakeRecord,
    Outcome,
    Publication,
    Tag,
)


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "name", "url"]


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name", "bio"]


class AuthorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "kind", "name"]


class ArticleSerializer(serializers.ModelSerializer):
    # Blank until the intake sets it, so a string rather than a "uri".
    canonical_url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "publication",
            "title",
            "url",
            "published_on",
            "published_on_estimated",
            "authors",
            "body",
            "created_at",
            "canonical_url",
            "proposal_notes",
        ]
        # Written by the proposer, not by hand.
        read_only_fields = ["proposal_notes"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    publication = PublicationSerializer()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_on", "publication"]


class OutcomeSerializer(serializers.ModelSerializer):
    evidence_links = serializers.ListField(child=serializers.URLField())

    class Meta:
        model = Outcome
        fields = ["id", "claim", "verdict", "evidence_links", "rationale", "known_on", "recorded_at"]


class ClaimCorrectionSerializer(serializers.ModelSerializer):
    """A correction on the record: who, when, why, and each field's old and new value."""

    corrected_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    changes = serializers.DictField(
        child=serializers.DictField(), help_text='Each corrected field: {"old": ..., "new": ...}.'
    )

    class Meta:
        model = ClaimCorrection
        fields = ["id", "corrected_at", "corrected_by", "reason", "changes"]


class ClaimRevisionSerializer(serializers.ModelSerializer):
    """A later statement by the claimant: its date, quote and the probability (or window) now stated."""

    article = ArticleSummarySerializer(allow_null=True, help_text="The later article, if any.")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ClaimRevision
        fields = [
            "id",
            "stated_on",
            "kind",
            "probability",
            "hedge",
            "quote",
            "article",
            "time_expression",
            "window_start",
            "due_on",
            "precision",
            "note",
            "created_by",
            "created_at",
        ]


class ClaimRevisionWriteSerializer(serializers.ModelSerializer):
    """A new revision; claims.services.revision_create applies the rules (editors, open or due claims)."""

    stated_on = serializers.DateField(
        required=False, allow_null=True, help_text="When the claimant said it; default: the article's date."
    )
    probability = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="The probability now stated; default: the hedge's, on the estimative scale.",
    )

    class Meta:
        model = ClaimRevision
        fields = list(REVISION_INPUT_FIELDS)
        validators = []  # the service checks the whole revision (full_clean)

    def validate_probability(self, value):
        if value is not None and not 0 < value < 1:
            raise serializers.ValidationError("Probability must be strictly between 0 and 1.")
        return value


class ClaimSerializer(serializers.ModelSerializer):
    """A claim with its article, claimants, tags, corrections and (once resolved) its outcome."""

    article = ArticleSummarySerializer()
    claimants = AuthorSummarySerializer(many=True)
    tags = TagSerializer(many=True)
    outcome = serializers.SerializerMethodField()
    corrections = ClaimCorrectionSerializer(many=True, read_only=True)
    correction_count = serializers.SerializerMethodField(
        help_text="How many times the forecast was corrected."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            *CLAIM_TEXT_FIELDS,
            "reviewer",
            "outcome",
            "correction_count",
            "corrections",
            "flagged_due_at",
            "resolved_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, claim: Claim):
        # A reopened claim keeps its old outcome row, but it is no longer the verdict.
        if claim.status != Claim.Status.RESOLVED or not hasattr(claim, "outcome"):
            return None
        return OutcomeSerializer(claim.outcome, context=self.context).data

    def get_correction_count(self, claim: Claim) -> int:
        return len(claim.corrections.all())  # prefetched


class ClaimWriteSerializer(serializers.ModelSerializer):
    """Create a claim with the same rules as every other door (claims.services.claim_create):
    claimants default to the article's authors; with no dates the time expression is read
    into a window (a not_before claim falls due when its window opens); with neither, or
    ``deadline_inferred``, the default horizon; the probability comes from the hedge."""

    claimants = serializers.PrimaryKeyRelatedField(many=True, queryset=Author.objects.all(), required=False)
    tags = serializers.PrimaryKeyRelatedField(many=True, queryset=Tag.objects.all(), required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    window_start = serializers.DateField(required=False, allow_null=True)
    deadline_inferred = serializers.BooleanField(
        required=False, help_text="The claim names no time: check it at the default horizon."
    )
    probability = serializers.FloatField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=[Claim.Status.DRAFT, Claim.Status.OPEN], default=Claim.Status.DRAFT, required=False
    )

    class Meta:
        model = Claim
        # The claim text minus what the service derives (the probability source).
        fields = [*(f for f in CLAIM_TEXT_FIELDS if f != "probability_source"), "status"]
        # Uniqueness and the model's constraints are checked by the service (full_clean).
        validators = []

    def validate_probability(self, value):
        if value is not None and not 0 < value < 1:
            raise serializers.ValidationError("Probability must be strictly between 0 and 1.")
        return value

    def create(self, validated_data):
        return services.claim_create(by=self.context["request"].user, **validated_data)

    def to_representation(self, instance):
        return ClaimSerializer(instance, context=self.context).data


class ClaimUpdateSerializer(ClaimWriteSerializer):
    """Edit a claim: a draft freely; once published, only its tags and resolution criteria
    (the forecast is locked: use the corrections endpoint). Article and status are fixed."""

    class Meta(ClaimWriteSerializer.Meta):
        fields = [f for f in ClaimWriteSerializer.Meta.fields if f not in ("article", "status")]

    def update(self, instance, validated_data):
        return services.claim_update(claim=instance, by=self.context["request"].user, **validated_data)


class ClaimCorrectionWriteSerializer(ClaimWriteSerializer):
    """A correction to a published forecast: the reason and only the fields that were wrong."""

    reason = serializers.CharField(
        max_length=MAX_NOTE_CHARS, help_text="What was wrong; shown with the claim."
    )

    class Meta(ClaimWriteSerializer.Meta):
        fields = [f for f in FORECAST_FIELDS if f not in ("probability_source", "article")] + ["reason"]
        extra_kwargs = {name: {"required": False} for name in ("quote", "statement")}


class OutcomeRecordSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Outcome.Verdict.choices)
    rationale = serializers.CharField(max_length=MAX_NOTE_CHARS)
    known_on = serializers.DateField(help_text="The date the outcome became known.")
    evidence_links = serializers.ListField(
        child=serializers.URLField(), required=False, default=list, help_text="Needed for true/partly/false."
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_NOTE_CHARS)


class AssignSerializer(serializers.Serializer):
    # Who may be assigned, and by whom, is claim_assign's rule (claims/services/lifecycle.py).
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        help_text="Id of a user who may record outcomes (a member of Reviewers); yourself to take it.",
    )


class ExtendDeadlineSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text="The new due date, after the current one.")
    reason = serializers.CharField(max_length=MAX_NOTE_CHARS)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True, help_text="The value before (null when there was none).")
    new = serializers.JSONField(allow_null=True)


class ClaimEventSerializer(serializers.Serializer):
    """One entry of a claim's audit trail (claims/history.py)."""

    at = serializers.DateTimeField()
    by = serializers.CharField(help_text='Username, or "system" for the tracker\'s own moves (flagging).')
    event = serializers.ChoiceField(choices=Event.ALL)
    reason = serializers.CharField(allow_blank=True, help_text="The reason the service recorded.")
    changes = FieldChangeSerializer(many=True, help_text="Changed fields, old -> new.")


class ProposalsQueuedSerializer(serializers.Serializer):
    """What propose-claims answers when the worker does the work (202) or cannot be reached (503)."""

    detail = serializers.CharField()


class ClaimImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV: this tracker's export, Fatebook's or PredictionBook's.")
    format = serializers.ChoiceField(
        choices=spreadsheets.FORMATS, required=False, help_text="Read from the header when left out."
    )
    dry_run = serializers.BooleanField(default=False, help_text="Check and preview only; also `?dry_run=1`.")


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="As a spreadsheet numbers it: the header is row 1.")
    column = serializers.CharField(help_text="Empty when the error is about the whole row.")
    message = serializers.CharField()


class ImportRowResultSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "skip", "error"])
    article = serializers.CharField()
    statement = serializers.CharField()
    status = serializers.CharField()
    note = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    format = serializers.CharField()
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField(help_text="False for a preview or when any row has an error.")
    summary = serializers.CharField()
    errors = ImportRowErrorSerializer(many=True)
    results = ImportRowResultSerializer(many=True)

class IntakeRecordSerializer(serializers.ModelSerializer):
    """An import by URL (or a re-check): its status and why, and the article it made or matched."""

    # Strings, not "uri": the address as asked (Django's URL rules are wider than JSON Schema's), and
    # blank until fetched.
    url = serializers.CharField(read_only=True)
    final_url = serializers.CharField(read_only=True, help_text="After redirects; blank until fetched.")

    class Meta:
        model = IntakeRecord
        fields = [
            "id",
            "kind",
            "url",
            "status",
            "reason",
            "attempts",
            "article",
            "final_url",
            "raw_sha256",
            "feed",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class IntakeRequestSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=500, validators=[web_url_validator], help_text="The article's page (http or https)."
    )
