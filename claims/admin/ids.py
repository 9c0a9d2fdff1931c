"""Object ids in admin URLs are numbers, so "abc" or "1.5" is a 404, never a ValueError in a view."""

from django.urls import URLPattern, path, register_converter

OBJECT_ID = "<path:object_id>"


class ObjectIdConverter:
    """Digits (at most 18: a bigint), kept as a string, which is what the admin's views expect."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class ChangeObjectIdConverter(ObjectIdConverter):
    """Also the "__fk__" placeholder the admin's related-object widgets reverse change/delete with."""

    regex = r"[0-9]{1,18}|__fk__"


register_converter(ObjectIdConverter, "object_id")
register_converter(ChangeObjectIdConverter, "change_object_id")


def _numeric_ids(pattern):
    route = str(pattern.pattern)
    if not isinstance(pattern, URLPattern) or OBJECT_ID not in route:
        return pattern
    converter = "change_object_id" if route.endswith(("/change/", "/delete/")) else "object_id"
    return path(route.replace(OBJECT_ID, f"<{converter}:object_id>"), pattern.callback, name=pattern.name)


class NumericObjectIds:
    """ModelAdmin mixin: every URL with an object id takes a number only.

    Django's own change view copes with a bad id, but the history pages of
    django-simple-history would raise ValueError (a 500).
    """

    def get_urls(self):
        return [_numeric_ids(pattern) for pattern in super().get_urls()]
