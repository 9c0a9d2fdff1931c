"""Filters that print scores and their intervals the same way on every page."""

from django import template

register = template.Library()


@register.filter
def score(value, places: int = 2) -> str:
    """A rate or mean, or an em dash when there is none (null, never 0)."""
    return "—" if value is None else f"{value:.{places}f}"


@register.filter
def interval(bounds, places: int = 2) -> str:
    """A 95 % interval as "low–high", or an empty string when there is none."""
    if not bounds:
        return ""
    low, high = bounds
    return f"{low:.{places}f}–{high:.{places}f}"
