"""Load the seed articles and their labelled claims (``fixtures/seed/seed.json``).

The file keeps the labelled-data vocabulary of the extraction set (``sentence``,
``claim``, ``claimant``, ``deadline_earliest``/``deadline_latest``) plus the
project's additions (``precision``, ``tags``, working titles); the mapping to
Claim fields lives here, in one place. Claims go through ``claim_create`` so
they get the same defaults (inferred due date, hedge probability) as claims
entered by editors.

Loading is idempotent on the natural keys: publication name, author name,
article (publication, title, published_on), tag (kind, name) and claim
(article, and the verbatim quote and statement it was created from:
``Claim.source_key``, which corrections keep). Rows that exist are skipped,
never updated, so an editor's later corrections survive a re-run and never
bring back a second copy of the claim.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from claims.models import Article, Author, Claim, Publication, Tag
from claims.services.articles import article_save
from claims.services.claims import claim_create

DEFAULT_SEED_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed" / "seed.json"
MODELS = ("publication", "author", "article", "tag", "claim")


@dataclass
class SeedReport:
    """What a load created and what it found already there: natural keys per model."""

    created: defaultdict[str, set] = field(default_factory=lambda: defaultdict(set))
    skipped: defaultdict[str, set] = field(default_factory=lambda: defaultdict(set))

    def count(self, model: str, key, created: bool) -> None:
        if created:
            self.created[model].add(key)
        elif key not in self.created[model]:  # made earlier in this run: not a skip
            self.skipped[model].add(key)

    def summary(self) -> str:
        def line(found: dict) -> str:
            return ", ".join(f"{model}s {len(found[model])}" for model in MODELS)

        return f"Created: {line(self.created)}.\nAlready present, skipped: {line(self.skipped)}."


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def claim_window(label: dict) -> dict:
    """Return the Claim window fields for a labelled claim.

    The labels are authoritative: a claim labelled with no deadline is marked
    as having no time bound (``claim_create`` gives it the default horizon)
    rather than re-read from its time expression. ``claim_create`` applies the
    ``not_before`` rule (checked when the window opens).
    """
    window_start = _date(label.get("deadline_earliest"))
    due_on = window_start if label["kind"] == Claim.Kind.NOT_BEFORE else _date(label.get("deadline_latest"))
    if due_on is None:
        return {"deadline_inferred": True}
    if not label.get("precision"):
        raise ValueError(f"Timed claim {label['claim']!r} needs a precision.")
    return {"window_start": window_start, "due_on": due_on, "precision": label["precision"]}


def _get_or_create(report: SeedReport, model, **lookup):
    defaults = lookup.pop("defaults", {})
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    report.count(model._meta.model_name, tuple(lookup.values()), created)
    return obj


def _article(report: SeedReport, publication: Publication, data: dict, base: Path) -> Article:
    authors = [_get_or_create(report, Author, name=name) for name in data["authors"]]
    key = {"publication": publication, "title": data["title"], "published_on": _date(data["published"])}
    article = Article.objects.filter(**key).first()
    report.count("article", (data["title"], data["published"]), created=article is None)
    if article is not None:
        return article
    # The seed brings its labelled claims: nothing to propose.
    return article_save(
        Article(),
        authors=authors,
        propose=False,
        **key,
        url=data.get("url") or "",
        published_on_estimated=data.get("date_estimated", False),
        body=(base / data["body"]).read_text(encoding="utf-8").strip() if data.get("body") else "",
    )


def _claim(report: SeedReport, article: Article, label: dict) -> None:
    # Claimants and tags first, so a re-run reports them as present too.
    claimant = label.get("claimant")
    claimants = [_get_or_create(report, Author, name=claimant)] if claimant else None
    tags = [_get_or_create(report, Tag, kind=t["kind"], name=t["name"]) for t in label.get("tags", ())]
    key = (article.pk, label["claim"])
    source_key = Claim.make_source_key(label["sentence"], label["claim"])
    if Claim.objects.filter(article=article, source_key=source_key).exists():
        report.count("claim", key, created=False)
        return
    claim_create(
        reason="Loaded from the seed",
        article=article,
        quote=label["sentence"],
        statement=label["claim"],
        claimants=claimants,
        tags=tags,
        status=Claim.Status.OPEN,
        kind=label["kind"],
        condition=label.get("condition") or "",
        hedge=label.get("hedge") or "",
        time_expression=label.get("time_expression") or "",
        **claim_window(label),
    )
    report.count("claim", key, created=True)


@transaction.atomic
def seed_load(*, path: Path = DEFAULT_SEED_PATH) -> SeedReport:
    """Create the seed's publication, authors, articles, tags and open claims.

    Seed claims are published as they stand: open, even when already past due
    (the flagging job moves those to due, as it would any other claim).
    """
    path = Path(path)
    seed = json.loads(path.read_text(encoding="utf-8"))
    report = SeedReport()
    pub = seed["publication"]
    publication = _get_or_create(report, Publication, name=pub["name"], defaults={"url": pub.get("url", "")})
    for author in seed.get("authors", ()):
        _get_or_create(report, Author, name=author["name"], defaults={"bio": author.get("bio", "")})
    for data in seed["articles"]:
        article = _article(report, publication, data, base=path.parent)
        for label in data["claims"]:
            _claim(report, article, label)
    return report
