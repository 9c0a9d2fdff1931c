"""What keeps an admin list page cheap at a million claims.

A change list page costs one page of rows, whatever the table's size:

- ``CappedCountPaginator`` counts at most ``EXACT_COUNT_LIMIT`` rows; past
  that it shows PostgreSQL's own estimate of the filtered count (EXPLAIN),
  which costs no scan. ``show_full_result_count = False`` drops the second
  count (of the unfiltered list) the admin would run on every load.
- No ``date_hierarchy`` (it reads the distinct dates of the whole list on
  every load); date filters are the fixed ranges of DateFieldListFilter.
- Related filters list their choices from the related table, not from the
  distinct values found in every claim (RelatedOnlyFieldListFilter scans them).
"""

import json

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from claims.roles import assignable_reviewers

EXACT_COUNT_LIMIT = 10_000


def planner_row_estimate(queryset) -> int:
    """Return PostgreSQL's estimate of how many rows ``queryset`` returns (EXPLAIN; nothing is read)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class CappedCountPaginator(Paginator):
    """Exact count up to ``EXACT_COUNT_LIMIT`` rows; beyond it the planner's estimate.

    A long list says "about" as many rows as the planner expects; paging near
    its end may land past the real last page, which the admin answers with
    page 1 and a notice. Below the limit the count is exact, as before.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        capped = queryset.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if capped <= EXACT_COUNT_LIMIT or connections[queryset.db].vendor != "postgresql":
            return capped if capped <= EXACT_COUNT_LIMIT else queryset.count()
        return max(planner_row_estimate(queryset), capped)


class LargeListAdmin:
    """ModelAdmin mixin: the change list never counts or scans the whole table."""

    paginator = CappedCountPaginator
    show_full_result_count = False


class ReviewerListFilter(admin.RelatedFieldListFilter):
    """Reviewer choices from the people who may review, not from the distinct reviewers of every claim."""

    def field_choices(self, field, request, model_admin):
        return [(user.pk, str(user)) for user in assignable_reviewers().order_by("username")]
