"""Proposing claims from an article's page and reviewing the drafts beside their sentences.

Editors only. Accept publishes the draft (claim_publish), reject withdraws it
(claim_withdraw, reason "Rejected proposal"), edit opens the claim's own page;
the services check every move, so a draft someone else already handled is
reported, not changed twice.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from claims.models import Article, Claim
from claims.services import ProposalsNotQueued, article_request_proposals, claim_publish, claim_withdraw

REJECT_REASON = "Rejected proposal"
CONTEXT_CHARS = 200  # a sentence or two either side of the quote


def quote_in_context(body: str, quote: str, chars: int = CONTEXT_CHARS) -> tuple[str, str, str] | None:
    """Return (before, quote, after) cut from ``body`` at word boundaries, or None if absent."""
    start = body.find(quote) if quote else -1
    if start < 0:
        return None
    end = start + len(quote)
    before, after = body[max(0, start - chars) : start], body[end : end + chars]
    if start > chars:
        before = "…" + before.split(None, 1)[-1] if " " in before else before
    if end + chars < len(body):
        after = after.rsplit(None, 1)[0] + "…" if " " in after else after
    return before, quote, after


class ProposalReviewMixin:
    """Adds /<id>/propose/ (POST) and /<id>/proposals/ to the article admin."""

    def has_propose_permission(self, request) -> bool:
        return request.user.has_perms(["claims.add_claim", "claims.edit_claim_text"])

    def get_urls(self):
        view = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/propose/", view(require_POST(self.propose_view)), name=f"{info}_propose"),
            path("<int:object_id>/proposals/", view(self.proposals_view), name=f"{info}_proposals"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_propose_permission(request):
            context["propose_url"] = reverse("admin:claims_article_propose", args=[obj.pk])
            context["proposals_url"] = reverse("admin:claims_article_proposals", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _article_for_proposals(self, request, object_id) -> Article:
        if not self.has_propose_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=object_id)

    def propose_view(self, request, object_id):
        article = self._article_for_proposals(request, object_id)
        review = reverse("admin:claims_article_proposals", args=[article.pk])
        try:
            created = article_request_proposals(article=article, by=request.user)
        except (ValidationError, ProposalsNotQueued) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, reason, messages.ERROR)
            return redirect(reverse("admin:claims_article_change", args=[article.pk]))
        if created is None:
            self.message_user(
                request,
                "The text is long, so the worker proposes the drafts in the background; "
                "reload this page in a few minutes.",
                messages.INFO,
            )
        elif created:
            self.message_user(request, f"{len(created)} draft claim(s) proposed.", messages.SUCCESS)
        else:
            self.message_user(
                request, "Nothing new: earlier proposals are already drafts or claims.", messages.INFO
            )
        return redirect(review)

    def proposals_view(self, request, object_id):
        article = self._article_for_proposals(request, object_id)
        drafts = (
            article.claims.filter(status=Claim.Status.DRAFT)
            .select_related("revision_suggestion__claim")  # a draft that restates an open claim
            .prefetch_related("claimants")
            .order_by("pk")
        )
        if request.method == "POST":
            return self._decide(request, article, drafts)
        rows = [(claim, quote_in_context(article.body, claim.quote)) for claim in drafts]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Proposed claims: {article.title}",
            "opts": self.opts,
            "original": article,
            "rows": rows,
            "propose_url": reverse("admin:claims_article_propose", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/claims/article/proposals.html", context)

    def _decide(self, request, article, drafts):
        """Accept or reject the posted drafts of this article, one service call each."""
        decision = request.POST.get("decision")
        ids = [int(i) for i in request.POST.getlist("claim") if i.isdigit()]
        if decision not in ("accept", "reject") or not ids:
            self.message_user(request, "Choose a proposal and accept or reject it.", messages.ERROR)
            return redirect(request.path)
        done = 0
        for claim in drafts.filter(pk__in=ids):
            try:
                if decision == "accept":
                    claim_publish(claim=claim, by=request.user)
                else:
                    claim_withdraw(claim=claim, by=request.user, reason=REJECT_REASON)
            except ValidationError as exc:
                self.message_user(request, f"“{claim}”: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        missing = len(ids) - done
        verb = "Published" if decision == "accept" else "Rejected"
        if done:
            self.message_user(request, f"{verb}: {done} claim(s).", messages.SUCCESS)
        if missing and not done:
            self.message_user(request, "Already handled: no draft left to change.", messages.WARNING)
        return redirect(request.path)
