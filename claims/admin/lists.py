"""What keeps an admin list page cheap at a million claims.

A change list page costs one page of rows, whatever the table's size:

- ``CappedCountPaginator`` (claims/pagination.py) counts at most 10,000
  rows; past that it shows PostgreSQL's own estimate of the filtered count,
  which costs no scan. ``show_full_result_count = False`` drops the second
  count (of the unfiltered list) the admin would run on every load.
- No ``date_hierarchy`` (it reads the distinct dates of the whole list on
  every load); date filters are the fixed ranges of DateFieldListFilter.
- Related filters list their choices from the related table, not from the
  distinct values found in every claim (RelatedOnlyFieldListFilter scans them).
"""

from django.contrib import admin

from claims.pagination import CappedCountPaginator
from claims.roles import assignable_reviewers


class LargeListAdmin:
    """ModelAdmin mixin: the change list never counts or scans the whole table."""

    paginator = CappedCountPaginator
    show_full_result_count = False


class ReviewerListFilter(admin.RelatedFieldListFilter):
    """Reviewer choices from the people who may review, not from the distinct reviewers of every claim."""

    def field_choices(self, field, request, model_admin):
        return [(user.pk, str(user)) for user in assignable_reviewers().order_by("username")]
