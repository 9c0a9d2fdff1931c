"""Query filters for claims (shared with the scorecards), search and strict ordering."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.filters import OrderingFilter, SearchFilter

from claims.models import Article, Author, Claim, Outcome, Publication, Tag

SEARCH_CONFIG = "english"


class ClaimFilter(filters.FilterSet):
    """Every filter keeps one row per claim without DISTINCT.

    django-filter's multiple-choice filters add ``DISTINCT`` by default, over
    every selected column, which defeats the (status, due_on, id) index: at a
    million claims a page of ``?status=open`` went from 15 s to milliseconds
    without it. Columns of the claim itself cannot repeat a row; tags (many to
    many) are matched with EXISTS, which cannot either.
    """

    status = filters.MultipleChoiceFilter(
        choices=Claim.Status.choices, distinct=False, help_text="Any of these statuses."
    )
    kind = filters.MultipleChoiceFilter(
        choices=Claim.Kind.choices, distinct=False, help_text="Any of these kinds."
    )
    verdict = filters.MultipleChoiceFilter(
        choices=Outcome.Verdict.choices,
        method="filter_verdict",
        distinct=False,
        help_text="Resolved claims with any of these verdicts.",
    )
    claimant = filters.ModelChoiceFilter(
        field_name="claimants", queryset=Author.objects.all(), help_text="Author id of a claimant."
    )
    publication = filters.ModelChoiceFilter(
        field_name="article__publication", queryset=Publication.objects.all(), help_text="Publication id."
    )
    article = filters.ModelChoiceFilter(queryset=Article.objects.all(), help_text="Article id.")
    tag = filters.ModelMultipleChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.all(),
        method="filter_tags",
        distinct=False,
        help_text="Tag id; repeat for any of several tags.",
    )
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte", help_text="Due on or before.")
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte", help_text="Due on or after.")
    resolved_before = filters.DateFilter(
        field_name="resolved_at",
        lookup_expr="date__lte",
        help_text="Resolved (verdict recorded) on or before.",
    )
    resolved_after = filters.DateFilter(
        field_name="resolved_at",
        lookup_expr="date__gte",
        help_text="Resolved (verdict recorded) on or after.",
    )

    class Meta:
        model = Claim
        fields = []

    def filter_verdict(self, queryset, name, value):
        # A reopened claim keeps its old outcome row; only a resolved claim has a verdict.
        if not value:
            return queryset
        return queryset.filter(status=Claim.Status.RESOLVED, outcome__verdict__in=value)

    def filter_tags(self, queryset, name, value):
        if not value:
            return queryset
        tagged = Claim.tags.through.objects.filter(claim_id=OuterRef("pk"), tag__in=value)
        return queryset.filter(Exists(tagged))


class OutcomeFilter(filters.FilterSet):
    verdict = filters.MultipleChoiceFilter(
        choices=Outcome.Verdict.choices, help_text="Any of these verdicts."
    )
    claim = filters.NumberFilter(field_name="claim_id", help_text="Claim id.")
    known_before = filters.DateFilter(
        field_name="known_on", lookup_expr="lte", help_text="Outcome known on or before."
    )
    known_after = filters.DateFilter(
        field_name="known_on", lookup_expr="gte", help_text="Outcome known on or after."
    )

    class Meta:
        model = Outcome
        fields = []


class ArticleFilter(filters.FilterSet):
    publication = filters.ModelChoiceFilter(queryset=Publication.objects.all(), help_text="Publication id.")
    author = filters.ModelChoiceFilter(
        field_name="authors", queryset=Author.objects.all(), help_text="Author id."
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="Published on or before."
    )
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="Published on or after."
    )

    class Meta:
        model = Article
        fields = []


class TagFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Tag.Kind.choices, help_text="Region, topic or actor.")

    class Meta:
        model = Tag
        fields = []


class FullTextSearchFilter(SearchFilter):
    """PostgreSQL full-text search (stemmed, web-search syntax) over ``search_fields``;
    on SQLite every word must appear in one of the fields (case-insensitive)."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.search_param: exc.detail}) from exc

    def filter_queryset(self, request, queryset, view):
        terms = self.get_search_terms(request)
        if not terms or connection.vendor != "postgresql":
            return super().filter_queryset(request, queryset, view)
        fields = self.get_search_fields(view, request)
        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        query = SearchQuery(" ".join(terms), search_type="websearch", config=SEARCH_CONFIG)
        return queryset.annotate(search_vector=vector).filter(search_vector=query)


class StrictOrderingFilter(OrderingFilter):
    """Like OrderingFilter, but an unknown field is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            allowed = {field for field, _ in self.get_valid_fields(queryset, view, {"request": request})}
            fields = [param.strip() for param in params.split(",")]
            unknown = [field for field in fields if field.lstrip("-") not in allowed]
            if unknown:
                raise serializers.ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)
