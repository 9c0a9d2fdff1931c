"""Page counts that cost a bounded amount at any table size (the API's and the admin's lists).

Counting a million visible claims takes seconds (every row is checked against
the visibility rules); the page itself, read along an index, takes
milliseconds. So a list counts at most ``EXACT_COUNT_LIMIT`` matching rows.
Below that the count is exact, as before. Above it, the count is PostgreSQL's
own estimate for the filtered query (EXPLAIN: nothing is read), and pages
stop trusting it: a page reads one row more than it shows, so "next" is
exact and every row stays reachable even if the estimate is low; a page past
the real end is empty, not an error.

Deep pages (offset from ``LATE_LOOKUP_OFFSET``) first find their ids with a
narrow query, then load those rows with their joins: otherwise PostgreSQL
joins the article, publication and outcome of every skipped row.
"""

import json

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000
LATE_LOOKUP_OFFSET = 1_000


def planner_row_estimate(queryset) -> int:
    """Return PostgreSQL's estimate of how many rows ``queryset`` returns (EXPLAIN; nothing is read)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class LookaheadPage(Page):
    """A page that knows from one extra row whether another page follows."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class CappedCountPaginator(Paginator):
    """Exact count up to ``EXACT_COUNT_LIMIT`` rows; beyond it the planner's estimate."""

    @cached_property
    def count_is_estimate(self) -> bool:
        return self._counts[1]

    @cached_property
    def count(self) -> int:
        return self._counts[0]

    @cached_property
    def _counts(self) -> tuple[int, bool]:
        queryset = self.object_list
        capped = queryset.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if capped <= EXACT_COUNT_LIMIT:
            return capped, False
        if connections[queryset.db].vendor != "postgresql":
            return queryset.count(), False
        return max(planner_row_estimate(queryset), capped), True

    def validate_number(self, number):
        if not self.count_is_estimate:
            return super().validate_number(number)
        # Any page from 1 on: the estimate does not say where the rows end.
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.count_is_estimate:
            top = min(bottom + self.per_page, self.count)
            return self._get_page(self._rows(bottom, top), number, self)
        rows = self._rows(bottom, bottom + self.per_page + 1)
        return LookaheadPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _rows(self, bottom: int, top: int):
        if bottom < LATE_LOOKUP_OFFSET or isinstance(self.object_list, list):
            return self.object_list[bottom:top]
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return list(self.object_list.filter(pk__in=ids))  # same ORDER BY, so the same order
