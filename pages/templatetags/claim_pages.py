"""Template tags of the claim pages: a claim's address and its window in words."""

from django import template

from claims.wording import claim_page_path, window_in_words

register = template.Library()


@register.simple_tag
def claim_url(claim) -> str:
    return claim_page_path(claim)


@register.simple_tag
def window_words(claim) -> str:
    return window_in_words(claim)
