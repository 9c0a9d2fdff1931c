"""State-changing operations on claims. The admin, API, commands and tasks call these."""

from .articles import article_save
from .claims import claim_correct, claim_create, claim_update, default_due_on
from .lifecycle import (
    ClaimTransitionError,
    claim_assign,
    claim_extend_deadline,
    claim_publish,
    claim_reopen,
    claim_withdraw,
    outcome_record,
)
from .proposals import (
    ProposalsNotQueued,
    article_proposal_text_check,
    article_proposals_enqueue,
    article_propose_claims,
    article_request_proposals,
)
from .revision_suggestions import revision_suggest, revision_suggestion_confirm, revision_suggestion_dismiss
from .revisions import revision_create

__all__ = [
    "ClaimTransitionError",
    "ProposalsNotQueued",
    "article_proposal_text_check",
    "article_save",
    "article_proposals_enqueue",
    "article_propose_claims",
    "article_request_proposals",
    "claim_assign",
    "claim_correct",
    "claim_create",
    "claim_extend_deadline",
    "claim_publish",
    "claim_reopen",
    "claim_update",
    "claim_withdraw",
    "default_due_on",
    "outcome_record",
    "revision_create",
    "revision_suggest",
    "revision_suggestion_confirm",
    "revision_suggestion_dismiss",
]
