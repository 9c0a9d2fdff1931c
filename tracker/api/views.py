"""Scorecard endpoints: thin wrappers over tracker.scorecards."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from claims.api.filters import ClaimFilter, FullTextSearchFilter
from claims.api.permissions import ActionPermissions
from claims.api.renderers import CSVRenderer
from claims.models import Author
from claims.visibility import claims_scored_for
from tracker import exports, scorecards
from tracker.api import serializers
from tracker.scoring import SCORING_RULE_MARKDOWN
from tracker.services.scorecard_summary import scorecard_rows_for

# Query parameters that do not narrow the claims: an unfiltered request may read the summary.
UNFILTERED_PARAMS = {"group_by", "format"}
READ = {"get": ("claims.view_claim",), "metadata": ("claims.view_claim",)}


class ScorecardBase(GenericAPIView):
    permission_classes = [ActionPermissions]
    action_permissions = READ
    public_actions = {"get", "metadata"}
    filter_backends = [DjangoFilterBackend, FullTextSearchFilter]
    filterset_class = ClaimFilter
    search_fields = ["statement", "quote"]
    pagination_class = None

    def get_queryset(self):
        return claims_scored_for(self.request.user)


GROUP_BY = OpenApiParameter(
    "group_by",
    enum=serializers.GROUP_BY_CHOICES,
    default="claimant",
    description="One row per claimant, publication, tag, or year the claim comes due.",
)
CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header line.")}


class ScorecardListView(ScorecardBase):
    serializer_class = serializers.ScorecardListSerializer

    def rows(self) -> tuple[str, list[dict]]:
        group_by, rows, _ = self.rows_computed()
        return group_by, rows

    def rows_computed(self) -> tuple[str, list[dict], datetime | None]:
        """Return the rows, from the scorecard summary when unfiltered (and when they were computed)."""
        query = serializers.ScorecardQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        group_by = query.validated_data["group_by"]
        claims = self.filter_queryset(self.get_queryset())
        rows, computed_at = scorecard_rows_for(
            user=self.request.user,
            claims=claims,
            group_by=group_by,
            today=timezone.localdate(),
            filtered=bool(set(self.request.query_params) - UNFILTERED_PARAMS),
        )
        return group_by, rows, computed_at

    @extend_schema(
        summary="Scorecards, one row per group",
        filters=True,
        description=(
            "One row per claimant, publication, tag or year (the year a claim comes due) that has "
            "claims matching the filters. A claim with two claimants or tags counts in each row.\n\n"
            "Without filters (and for readers who do not edit claims) the rows come from the "
            "scorecard summary the worker refreshes every minute: `computed_at` says when they "
            "were computed; it is null when they were computed for this request.\n\n" + SCORING_RULE_MARKDOWN
        ),
        parameters=[GROUP_BY],
    )
    def get(self, request):
        group_by, rows, computed_at = self.rows_computed()
        data = {"group_by": group_by, "count": len(rows), "computed_at": computed_at, "results": rows}
        return Response(self.get_serializer(data).data)


class ScorecardExportView(ScorecardListView):
    renderer_classes = [CSVRenderer]

    @extend_schema(
        summary="Scorecards as CSV",
        filters=True,
        parameters=[GROUP_BY],
        responses=CSV_RESPONSE,
        description="The scorecard rows as CSV, one line per group; each interval as `_low` and `_high` "
        "columns. Calibration bins and hedges are in their own endpoints.\n\n" + SCORING_RULE_MARKDOWN,
    )
    def get(self, request):
        group_by, rows = self.rows()
        disposition = f'attachment; filename="scorecards-{group_by}.csv"'
        return Response(exports.scorecard_csv(rows), headers={"Content-Disposition": disposition})


class HedgeTableView(ScorecardBase):
    serializer_class = serializers.SiteHedgeTableSerializer

    def table(self) -> list[dict]:
        return scorecards.site_hedge_table(claims=self.filter_queryset(self.get_queryset()))

    @extend_schema(
        summary="Hedge-word calibration, site-wide",
        filters=True,
        description="For each phrase of the estimative scale that scored claims used: how many, how "
        "many came true, the share with its 95% Wilson interval, against the scale's number, and the "
        "number the evidence proposes for `CLAIMS_HEDGE_PROBABILITIES`. Per claimant (or publication, "
        "tag, year): the `hedges` of each scorecard row. See docs/scoring.md.",
    )
    def get(self, request):
        rows = self.table()
        proposed = {row["hedge"]: row["proposed_probability"] for row in rows if row["proposed_probability"]}
        data = {"count": len(rows), "results": rows, "proposed_hedge_probabilities": proposed}
        return Response(self.get_serializer(data).data)


class HedgeExportView(ScorecardListView):
    renderer_classes = [CSVRenderer]

    @extend_schema(
        summary="Hedge-word calibration as CSV",
        filters=True,
        parameters=[
            OpenApiParameter(
                "group_by",
                enum=serializers.GROUP_BY_CHOICES,
                description="One line per (group, hedge); without it, one line per hedge site-wide, "
                "with the proposed number.",
            )
        ],
        responses=CSV_RESPONSE,
    )
    def get(self, request):
        if "group_by" not in request.query_params:
            rows = scorecards.site_hedge_table(claims=self.filter_queryset(self.get_queryset()))
            return Response(exports.hedge_csv(rows, group_by=None), headers=self._disposition("site"))
        group_by, rows = self.rows()
        return Response(exports.hedge_csv(rows, group_by=group_by), headers=self._disposition(group_by))

    @staticmethod
    def _disposition(name: str) -> dict:
        return {"Content-Disposition": f'attachment; filename="hedges-{name}.csv"'}


class ClaimantScorecardView(ScorecardBase):
    serializer_class = serializers.ScorecardRowSerializer

    @extend_schema(
        summary="The scorecard of one claimant",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Author id.")],
        filters=True,
        description="The claimant's row, with zero counts and null rates if no claim matches.\n\n"
        + SCORING_RULE_MARKDOWN,
    )
    def get(self, request, pk: int):
        author = get_object_or_404(Author, pk=pk)
        claims = self.filter_queryset(self.get_queryset()).filter(claimants=author)
        rows = scorecards.scorecard_rows(claims=claims, group_by="claimant", today=timezone.localdate())
        row = next((row for row in rows if row["key"] == author.pk), None)
        return Response(self.get_serializer(row or scorecards.empty_row(author.pk, author.name)).data)
