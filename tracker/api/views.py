"""Scorecard endpoints: thin wrappers over tracker.scorecards."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from claims.api.filters import ClaimFilter, FullTextSearchFilter
from claims.api.permissions import ActionPermissions
from claims.models import Author
from claims.visibility import claims_scored_for
from tracker import scorecards
from tracker.api import serializers
from tracker.scoring import SCORING_RULE_MARKDOWN

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


class ScorecardListView(ScorecardBase):
    serializer_class = serializers.ScorecardListSerializer

    @extend_schema(
        summary="Scorecards, one row per group",
        filters=True,
        description=(
            "One row per claimant, publication, tag or year (the year a claim comes due) that has "
            "claims matching the filters. A claim with two claimants or tags counts in each row.\n\n"
            + SCORING_RULE_MARKDOWN
        ),
        parameters=[
            OpenApiParameter(
                "group_by",
                enum=serializers.GROUP_BY_CHOICES,
                default="claimant",
                description="One row per claimant, publication, tag, or year the claim comes due.",
            ),
        ],
    )
    def get(self, request):
        query = serializers.ScorecardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group_by = query.validated_data["group_by"]
        rows = scorecards.scorecard_rows(
            claims=self.filter_queryset(self.get_queryset()), group_by=group_by, today=timezone.localdate()
        )
        return Response(self.get_serializer({"group_by": group_by, "count": len(rows), "results": rows}).data)


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
