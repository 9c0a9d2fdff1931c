"""Writing an article: the one door for the admin, the API, imports, intake and the seed."""

from collections.abc import Iterable

from claims.models import Article, Author
from claims.services.proposals import article_proposals_enqueue


def article_save(
    article: Article,
    *,
    by=None,
    reason: str = "",
    authors: Iterable[Author] | None = None,
    propose: bool = True,
    **fields,
) -> Article:
    """Validate and write ``article`` with ``fields`` set, audited (who and why); set its authors
    when given; queue the worker's proposals when its text is new or changed and ``propose``.

    Seed and spreadsheet imports bring their own claims, so they pass ``propose=False``.
    """
    old_body = None
    if article.pk is not None:
        old_body = Article.objects.filter(pk=article.pk).values_list("body", flat=True).first()
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    if reason:
        article._change_reason = reason
    if by is not None:
        article._history_user = by
    article.save()
    if authors is not None:
        article.authors.set(authors)
    if propose and article.body and article.body != old_body:
        article_proposals_enqueue(article=article, by=by)
    return article
