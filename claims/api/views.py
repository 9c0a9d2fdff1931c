"""Claims, outcomes, articles, authors, publications and tags; CSV and ClaimReview exports.

Views only check permissions, parse input and call a service or selector.
"""

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims import services
from claims.api import filters, serializers
from claims.api.permissions import ActionPermissions, model_permissions
from claims.api.renderers import CSVRenderer, JSONLDRenderer, csv_lines
from claims.exports import claim_review_document, claim_review_feed, csv_rows, export_queryset
from claims.history import claim_events
from claims.models import Article, Author, Claim, ClaimCorrection, Outcome, Publication, Tag
from claims.visibility import claims_readable_by

EDIT_CLAIMS = ("claims.change_claim", "claims.edit_claim_text")
CORRECTIONS = Prefetch("corrections", ClaimCorrection.objects.select_related("corrected_by"))
READ_CLAIMS = ("claims.view_claim",)


JSON_LD_FORMAT = OpenApiParameter(
    "format", enum=["jsonld", "json"], description="Response type, instead of an Accept header."
)


def json_ld_responses(description: str) -> dict:
    response = OpenApiResponse(OpenApiTypes.OBJECT, description=description)
    return {(200, "application/ld+json"): response, (200, "application/json"): response}


class ReadWriteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update; nothing is deleted through the API (history matters)."""

    permission_classes = [ActionPermissions]
    filter_backends = [DjangoFilterBackend, filters.FullTextSearchFilter, filters.StrictOrderingFilter]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even from the CSV and JSON-LD endpoints.
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), (CSVRenderer, JSONLDRenderer)
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(description="Claims visible to you. Drafts are shown to editors only."),
    create=extend_schema(
        request=serializers.ClaimWriteSerializer, responses={201: serializers.ClaimSerializer}
    ),
    update=extend_schema(request=serializers.ClaimUpdateSerializer, responses=serializers.ClaimSerializer),
    partial_update=extend_schema(
        request=serializers.ClaimUpdateSerializer, responses=serializers.ClaimSerializer
    ),
)
class ClaimViewSet(ReadWriteViewSet):
    action_permissions = {
        "metadata": READ_CLAIMS,
        "list": READ_CLAIMS,
        "retrieve": READ_CLAIMS,
        "export": READ_CLAIMS,
        "claim_review": READ_CLAIMS,
        "claim_reviews": READ_CLAIMS,
        "history": READ_CLAIMS,
        "create": ("claims.add_claim", "claims.edit_claim_text"),
        "update": EDIT_CLAIMS,
        "partial_update": EDIT_CLAIMS,
        "publish": EDIT_CLAIMS,
        "withdraw": EDIT_CLAIMS,
        "extend_deadline": EDIT_CLAIMS,
        "corrections": READ_CLAIMS,
        "correct": EDIT_CLAIMS,
        "outcome": ("claims.record_outcome",),
        # Editors assign claims; reviewers take and release their own (claim_assign decides).
        "assign": ("claims.change_claim",),
        "release": ("claims.change_claim",),
    }
    public_actions = {
        "metadata",
        "list",
        "retrieve",
        "export",
        "claim_review",
        "claim_reviews",
        "corrections",
        "history",
    }
    filterset_class = filters.ClaimFilter
    search_fields = ["statement", "quote"]
    ordering_fields = ["due_on", "probability", "created_at", "updated_at", "resolved_at", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        if self.action == "history":
            return claims_readable_by(self.request.user)  # the events are read from the history tables
        return (
            claims_readable_by(self.request.user)
            .select_related("article__publication", "outcome")
            .prefetch_related("claimants", "tags", CORRECTIONS)
        )

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ClaimWriteSerializer
        if self.action in ("update", "partial_update"):
            return serializers.ClaimUpdateSerializer
        return serializers.ClaimSerializer

    def _claim_response(self, claim: Claim, status_code=status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(
            serializers.ClaimSerializer(claim, context=self.get_serializer_context()).data, status_code
        )

    @extend_schema(request=None, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: it becomes open and counts."""
        return self._claim_response(services.claim_publish(claim=self.get_object(), by=request.user))

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take a claim out of tracking, with a reason."""
        claim = self.get_object()
        data = self._validated(serializers.ReasonSerializer)
        return self._claim_response(services.claim_withdraw(claim=claim, by=request.user, **data))

    @extend_schema(request=serializers.AssignSerializer, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Make a reviewer responsible for recording the claim's outcome.

        A reviewer may take an unassigned claim (themselves as `reviewer`); only editors
        assign others, and only to people who may record outcomes (403 otherwise).
        """
        claim = self.get_object()
        data = self._validated(serializers.AssignSerializer)
        return self._claim_response(services.claim_assign(claim=claim, by=request.user, **data))

    @extend_schema(request=None, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Unassign the claim: its reviewer gives it back, or an editor takes it off them."""
        claim = self.get_object()
        return self._claim_response(services.claim_assign(claim=claim, reviewer=None, by=request.user))

    @extend_schema(
        responses=serializers.ClaimEventSerializer(many=True),
        description="The claim's audit trail, oldest first: status moves, assignments, deadline "
        "extensions, corrections, edits, outcomes, reopenings; each with when, who (a username or "
        '"system"), what, why, and the fields it changed. Readable by whoever may read the claim; '
        "rows recorded while the claim was a draft are shown to editors only.",
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        events = claim_events(claim=self.get_object(), user=request.user)
        return Response(serializers.ClaimEventSerializer(events, many=True).data)

    @extend_schema(request=serializers.ExtendDeadlineSerializer, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"], url_path="extend-deadline")
    def extend_deadline(self, request, pk=None):
        """Move the due date later, with a reason (kept in the claim's history)."""
        claim = self.get_object()
        data = self._validated(serializers.ExtendDeadlineSerializer)
        return self._claim_response(services.claim_extend_deadline(claim=claim, by=request.user, **data))

    @extend_schema(request=serializers.OutcomeRecordSerializer, responses=serializers.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        """Record the verdict of an open or due claim (reviewers); the claim becomes resolved."""
        claim = self.get_object()
        data = self._validated(serializers.OutcomeRecordSerializer)
        outcome = services.outcome_record(claim=claim, reviewer=request.user, **data)
        return self._claim_response(outcome.claim)

    @extend_schema(responses=serializers.ClaimCorrectionSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def corrections(self, request, pk=None):
        """The corrections made to this claim's forecast, oldest first."""
        claim = self.get_object()
        return Response(serializers.ClaimCorrectionSerializer(claim.corrections.all(), many=True).data)

    @extend_schema(
        request=serializers.ClaimCorrectionWriteSerializer,
        responses={201: serializers.ClaimCorrectionSerializer},
    )
    @corrections.mapping.post
    def correct(self, request, pk=None):
        """Correct a transcription error in a published forecast (editors, before the verdict).

        Send the reason and only the fields that were wrong; the rules that filled them
        on creation fill what the change implies. The correction stays on the record.
        """
        claim = self.get_object()
        data = self._validated(serializers.ClaimCorrectionWriteSerializer)
        correction = services.claim_correct(claim=claim, by=request.user, **data)
        return Response(serializers.ClaimCorrectionSerializer(correction).data, status.HTTP_201_CREATED)

    def _validated(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per claim.")},
        description="The claims matching the filters, as CSV (no pagination).",
        filters=True,
    )
    @action(detail=False, renderer_classes=[CSVRenderer], pagination_class=None)
    def export(self, request):
        # Streamed: rows are written as the cursor reads them (claims/exports.py). Bad filters
        # are a 400 before the first byte, since filter_queryset validates them here.
        rows = csv_rows(self.filter_queryset(self.get_queryset()))
        renderer = CSVRenderer()
        response = StreamingHttpResponse(
            csv_lines(rows, renderer.charset),
            content_type=f"{renderer.media_type}; charset={renderer.charset}",
        )
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response

    @extend_schema(
        responses=json_ld_responses("A schema.org ClaimReview."),
        parameters=[JSON_LD_FORMAT],
        description="The schema.org ClaimReview (JSON-LD) of a resolved claim; 404 for any other.",
    )
    @action(detail=True, url_path="claim-review", renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claim_review(self, request, pk=None):
        claim = self.get_object()
        if claim.status != Claim.Status.RESOLVED:
            raise NotFound("This claim has no verdict yet.")
        claim = export_queryset(Claim.objects.filter(pk=claim.pk)).get()
        return Response(claim_review_document(claim))

    @extend_schema(
        responses=json_ld_responses("A schema.org DataFeed of ClaimReviews."),
        parameters=[JSON_LD_FORMAT],
        description="ClaimReviews of the resolved claims matching the filters (no pagination).",
        filters=True,
    )
    @action(
        detail=False,
        url_path="claim-reviews",
        renderer_classes=[JSONLDRenderer, JSONRenderer],
        pagination_class=None,
    )
    def claim_reviews(self, request):
        claims = self.filter_queryset(self.get_queryset()).filter(status=Claim.Status.RESOLVED)
        renderer = request.accepted_renderer  # JSON-LD (escaped for a <script> tag) or plain JSON
        feed = claim_review_feed(claims, dumps=lambda value: renderer.render(value).decode())
        return StreamingHttpResponse((part.encode() for part in feed), content_type=renderer.media_type)


class OutcomeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verdicts of resolved claims. Record one with POST /api/claims/{id}/outcome/."""

    permission_classes = [ActionPermissions]
    action_permissions = {
        "metadata": ("claims.view_outcome",),
        "list": ("claims.view_outcome",),
        "retrieve": ("claims.view_outcome",),
    }
    serializer_class = serializers.OutcomeSerializer
    filter_backends = [DjangoFilterBackend, filters.StrictOrderingFilter]
    filterset_class = filters.OutcomeFilter
    ordering_fields = ["known_on", "recorded_at", "id"]
    ordering = ["-known_on", "id"]

    def get_queryset(self):
        resolved = claims_readable_by(self.request.user).filter(status=Claim.Status.RESOLVED)
        return Outcome.objects.filter(claim__in=resolved)


class ArticleViewSet(ReadWriteViewSet):
    action_permissions = {
        **model_permissions("article"),
        "propose_claims": ("claims.add_claim", "claims.edit_claim_text"),
    }
    serializer_class = serializers.ArticleSerializer
    queryset = Article.objects.select_related("publication").prefetch_related("authors")
    filterset_class = filters.ArticleFilter
    search_fields = ["title", "body"]
    ordering_fields = ["published_on", "title", "id"]

    @extend_schema(
        request=None,
        responses={
            201: serializers.ClaimSerializer(many=True),
            200: OpenApiResponse(
                serializers.ClaimSerializer(many=True), description="Nothing new: an empty list."
            ),
            202: OpenApiResponse(
                serializers.ProposalsQueuedSerializer,
                description="A long text: the worker proposes the drafts in the background.",
            ),
            503: OpenApiResponse(
                serializers.ProposalsQueuedSerializer, description="The task queue is not answering."
            ),
        },
        description="Read the article's text and create a draft claim for each forecast found "
        "(editors). Proposals the article already has are skipped, so a second call creates "
        "nothing. Returns the new drafts. A text longer than `PROPOSALS_SYNC_MAX_CHARS` is "
        "proposed by the worker instead (202; the drafts appear in "
        "`/api/claims/?article={id}&status=draft`); one longer than `PROPOSALS_MAX_TEXT_CHARS` "
        "is a 400.",
    )
    @action(detail=True, methods=["post"], url_path="propose-claims", pagination_class=None)
    def propose_claims(self, request, pk=None):
        article = self.get_object()
        try:
            created = services.article_request_proposals(article=article, by=request.user)
        except services.ProposalsNotQueued as exc:
            return Response({"detail": str(exc)}, status.HTTP_503_SERVICE_UNAVAILABLE)
        if created is None:
            detail = (
                f"The article text is {len(article.body):,} characters, so the claims are proposed "
                f"in the background; the drafts appear in /api/claims/?article={article.pk}&status=draft "
                "within a few minutes."
            )
            return Response({"detail": detail}, status.HTTP_202_ACCEPTED)
        claims = (
            Claim.objects.filter(pk__in=[claim.pk for claim in created])
            .select_related("article__publication", "outcome")
            .prefetch_related("claimants", "tags", CORRECTIONS)
        )
        data = serializers.ClaimSerializer(claims, many=True, context=self.get_serializer_context()).data
        return Response(data, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AuthorViewSet(ReadWriteViewSet):
    """Authors and claimants: anyone an article or a claim is attributed to."""

    action_permissions = model_permissions("author")
    serializer_class = serializers.AuthorSerializer
    queryset = Author.objects.all()
    search_fields = ["name"]
    ordering_fields = ["name", "id"]


class PublicationViewSet(ReadWriteViewSet):
    action_permissions = model_permissions("publication")
    serializer_class = serializers.PublicationSerializer
    queryset = Publication.objects.all()
    search_fields = ["name"]
    ordering_fields = ["name", "id"]


class TagViewSet(ReadWriteViewSet):
    action_permissions = model_permissions("tag")
    serializer_class = serializers.TagSerializer
    queryset = Tag.objects.all()
    filterset_class = filters.TagFilter
    search_fields = ["name"]
    ordering_fields = ["kind", "name", "id"]
