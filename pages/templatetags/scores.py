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


@register.filter
def percent(value) -> str:
    """A share as a whole percentage ("58 %"), or an em dash when there is none."""
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


@register.filter
def percent_interval(bounds) -> str:
    """A 95 % interval of a share as "32–81 %", or an empty string when there is none."""
    if not bounds:
        return ""
    low, high = bounds
    return f"{low:.0%}–{high:.0%}".replace("%", "", 1).replace("%", " %")


@register.filter
def tally(value) -> str:
    """A count that may be half (a partly-true verdict counts ½): "7", "7.5"."""
    return f"{value:g}"
