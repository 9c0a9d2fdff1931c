"""The home, claim and search pages: server-rendered, readable without JavaScript.

Who sees what is claims.visibility's rule: public when API_ANONYMOUS_READ is
on (anonymous readers then see resolved claims only), login-only otherwise;
drafts never appear.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from claims.api.renderers import json_for_html
from claims.exports import claim_review_document
from claims.probability import band_for_probability
from claims.visibility import can_read_claims, claims_readable_by
from claims.wording import claim_page_path, claim_slug, window_in_words
from pages import claim_selectors as selectors

SEARCH_PAGE_SIZE = 20
MAX_QUERY_CHARS = 200


def readers_only(view):
    """Send anonymous visitors to log in, and refuse users without the right to read claims."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_read_claims(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def json_ld(document: dict) -> str:
    """Return JSON safe to put between <script type="application/ld+json"> tags.

    A "</script>" or "<!--" in a statement would otherwise end or bend the element.
    """
    return mark_safe(json_for_html(json.dumps(document, indent=2)))  # noqa: S308 - escaped for a script element


@readers_only
def home(request):
    claims = claims_readable_by(request.user)
    today = timezone.localdate()
    context = {
        "coming_due": selectors.claims_coming_due(claims=claims, today=today),
        "resolved": selectors.claims_recently_resolved(claims=claims),
        "leaders": selectors.leaderboard_top(claims=claims, today=today, user=request.user),
        "min_resolved": settings.LEADERBOARD_MIN_RESOLVED,
        "sees_open_claims": request.user.has_perm("claims.view_claim"),
    }
    return render(request, "pages/home.html", context)


@readers_only
def claim_page(request, pk: int, slug: str | None = None):
    claim = selectors.claim_for_page(claims=claims_readable_by(request.user), pk=pk)
    if claim is None:
        raise Http404("No such claim.")
    canonical = claim_page_path(claim)
    if slug is not None and slug != claim_slug(claim):
        return redirect(canonical, permanent=True)
    resolved = claim.status == claim.Status.RESOLVED
    context = {
        "claim": claim,
        "canonical_url": f"{settings.SITE_URL}{canonical}",
        "passage": selectors.quote_in_context(body=claim.article.body, quote=claim.quote),
        "window": window_in_words(claim),
        "band": band_for_probability(claim.probability) if claim.probability is not None else None,
        "outcome": claim.outcome if resolved else None,
        "corrections": selectors.claim_corrections(claim),
        "revisions": selectors.claim_revisions(claim),
        "history": selectors.claim_status_history(claim),
        "claim_review": json_ld(claim_review_document(claim)) if resolved else None,
    }
    return render(request, "pages/claim.html", context)


@readers_only
def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    page = None
    if len(query) > MAX_QUERY_CHARS:
        error = f"Keep the search under {MAX_QUERY_CHARS} characters."
    elif query:
        matches = selectors.claims_matching(claims=claims_readable_by(request.user), query=query)
        paginator = Paginator(selectors.search_page_claims(matches), SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"query": query, "page": page, "error": error}
    return render(request, "pages/search.html", context, status=400 if error else 200)
