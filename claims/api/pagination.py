from rest_framework.pagination import PageNumberPagination

from claims.pagination import CappedCountPaginator


class Pagination(PageNumberPagination):
    """50 a page by default; clients may ask for up to 200 with ``page_size``.

    ``count`` is exact up to 10,000 matching rows; above that it is the
    database's estimate and ``count_is_estimate`` is true (claims/pagination.py).
    Follow ``next``: it is always exact.
    """

    django_paginator_class = CappedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.count_is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "True when the list is longer than 10,000 rows and `count` is an estimate.",
        }
        return schema
