"""Score the extractor against a labelled set (the schema of ../shared/extraction/README.md).

Counting (sentence level; one sentence can hold several labelled claims):

- a labelled sentence is *recalled* if the extractor proposes it;
- a proposed sentence is a *true positive* if it is a labelled claim sentence;
- precision (headline) = true positives / all proposed sentences, so a
  proposed sentence in neither list (the README leaves ambiguous sentences
  out) counts against us; precision (judged) = true positives / proposed
  sentences that are labelled either way (claims or negatives);
- window exact-match, over labelled claims whose sentence was recalled:
  (deadline_earliest, deadline_latest) of the proposal equals the label's,
  nulls for untimed claims (the label convention, not the model's due_on);
- windows within 31 days: the same, but each end may be off by up to 31
  days (a null end matches only a null end);
- reversed not_before: labelled not_before claims ("not before late 2026")
  whose proposal instead ends a window before the labelled earliest date, so
  the claim would be checked the wrong way round; must be 0;
- kind accuracy, over the same recalled claims;
- ms per 2,000 words: CPU time of propose_claims in this process over the
  whole set (the fastest of TIMING_RUNS), scaled to 2,000 words; CPU, not wall
  time, so other processes on a shared machine do not count (a measurement,
  not asserted by tests).

A sentence with two dated claims ("$56 in 2026, then $54 in 2027") gives two proposals: its
labelled claims pair with them in order, the last proposal taking any further labels; the
sentence still counts once for recall and precision.

Sentences match after normalisation (case, quotes, dashes, spaces, section
labels); failing that, when one contains the other and is at least half its
length (splitting differences).
"""

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from claims.extraction import ProposedClaim, propose_claims
from claims.extraction.sentences import BYLINE, strip_section_label


def normalise(sentence: str) -> str:
    text = strip_section_label(sentence)[1]
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[—–]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Scores:
    labelled_sentences: int = 0
    recalled_sentences: int = 0
    proposed_sentences: int = 0
    true_positives: int = 0
    judged_proposed: int = 0  # proposed sentences that are labelled claims or negatives
    negatives_proposed: int = 0
    recalled_claims: int = 0
    windows_exact: int = 0
    windows_near: int = 0  # both ends within WINDOW_TOLERANCE
    reversed_not_before: int = 0
    kinds_correct: int = 0
    words: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    window_errors: list[str] = field(default_factory=list)
    kind_errors: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return num / den if den else 0.0

    @property
    def recall(self) -> float:
        return self._ratio(self.recalled_sentences, self.labelled_sentences)

    @property
    def precision(self) -> float:
        return self._ratio(self.true_positives, self.proposed_sentences)

    @property
    def precision_judged(self) -> float:
        return self._ratio(self.true_positives, self.judged_proposed)

    @property
    def windows_exact_rate(self) -> float:
        return self._ratio(self.windows_exact, self.recalled_claims)

    @property
    def windows_near_rate(self) -> float:
        return self._ratio(self.windows_near, self.recalled_claims)

    @property
    def ms_per_2000_words(self) -> float:
        return 1000 * self.seconds * 2000 / self.words if self.words else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self._ratio(self.kinds_correct, self.recalled_claims)


WINDOW_TOLERANCE = timedelta(days=31)
TIMING_RUNS = 3


def _near(expected: str | None, got: date | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return abs(date.fromisoformat(expected) - got) <= WINDOW_TOLERANCE


def resolve_source(labels_path: Path, source_file: str) -> Path:
    """Find the seed text: relative to the labels file, or in a sibling ``seeds`` folder."""
    base = labels_path.resolve().parent
    for candidate in (base / source_file, base.parent / "seeds" / source_file, base / "seeds" / source_file):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"Cannot find source_file {source_file!r} near {labels_path}")


def split_articles(text: str) -> list[str]:
    """Split text holding several articles at their 'By <Author>' lines."""
    starts = [m.start() for m in BYLINE.finditer(text)]
    if len(starts) < 2:
        return [text]
    starts[0] = 0
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _by_byline(article: dict, chunks: list[str], used: set[int]) -> str | None:
    """The first unused chunk whose byline names all the article's authors (by surname)."""
    surnames = [name.split()[-1] for name in article.get("authors") or []]
    for index, chunk in enumerate(chunks):
        byline = chunk.lstrip().split("\n", 1)[0]
        if index not in used and surnames and byline.startswith("By") and all(s in byline for s in surnames):
            used.add(index)
            return chunk
    return None


def _labelled_sentences(article: dict) -> list[str]:
    return [c["sentence"] for c in article.get("claims", [])] + list(article.get("negatives", []))


def segment_by_labels(text: str, articles: list[dict]) -> list[str]:
    """Without bylines: an article runs from the paragraph of its first labelled sentence to the next's."""
    starts = []
    for article in articles:
        found = [text.find(s) for s in _labelled_sentences(article)]
        found = [f for f in found if f >= 0]
        starts.append(text.rfind("\n", 0, min(found)) + 1 if found else None)
    ordered = sorted({s for s in starts if s is not None})
    regions = {}
    for i, start in enumerate(ordered):
        end = ordered[i + 1] if i + 1 < len(ordered) else len(text)
        regions[start] = text[0 if i == 0 else start : end]
    return [regions.get(start, "") if start is not None else "" for start in starts]


def article_texts(text: str, articles: list[dict]) -> list[str]:
    """The text of each labelled article: by its byline, else by where its labelled sentences are."""
    chunks = split_articles(text)
    if len(chunks) > 1:
        used: set[int] = set()
        by_byline = [_by_byline(article, chunks, used) for article in articles]
        if all(by_byline) and all(
            _holds_its_sentences(a, t) for a, t in zip(articles, by_byline, strict=True)
        ):
            return by_byline
    return segment_by_labels(text, articles)


def _holds_its_sentences(article: dict, text: str) -> bool:
    """A byline match is trusted only if the chunk holds most of the article's labelled sentences."""
    sentences = _labelled_sentences(article)
    return not sentences or sum(s in text for s in sentences) >= len(sentences) / 2


def _match(sentence: str, candidates: dict[str, object]):
    key = normalise(sentence)
    if key in candidates:
        return candidates[key]
    for other, value in candidates.items():
        shorter, longer = sorted((key, other), key=len)
        if shorter in longer and len(shorter) >= 0.5 * len(longer):
            return value
    return None


def evaluate(labels_path: Path, source_path: Path | None = None) -> Scores:
    """Run propose_claims over every labelled article and score it."""
    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))
    source = source_path or resolve_source(Path(labels_path), labels["source_file"])
    texts = article_texts(Path(source).read_text(encoding="utf-8"), labels["articles"])
    scores = Scores()
    for article, text in zip(labels["articles"], texts, strict=True):
        published, authors = date.fromisoformat(article["published"]), article.get("authors") or ()
        timings = []
        for _ in range(TIMING_RUNS):  # the fastest run: the least disturbed by other load
            started = time.process_time()
            proposals = propose_claims(text, published, authors)
            timings.append(time.process_time() - started)
        scores.seconds += min(timings)
        scores.words += len(text.split())
        _score_article(article, proposals, scores)
    return scores


def _score_article(article: dict, proposals: list[ProposedClaim], scores: Scores) -> None:
    by_sentence: dict[str, list[ProposedClaim]] = {}
    for proposal in proposals:  # a sentence with two dated claims has two proposals
        by_sentence.setdefault(normalise(proposal.sentence), []).append(proposal)
    positives = {normalise(c["sentence"]): c["sentence"] for c in article.get("claims", [])}
    negatives = {normalise(n): n for n in article.get("negatives", [])}
    scores.labelled_sentences += len(positives)
    for sentence in positives.values():
        if _match(sentence, by_sentence):
            scores.recalled_sentences += 1
        else:
            scores.misses.append(sentence)
    for proposal in (group[0] for group in by_sentence.values()):
        scores.proposed_sentences += 1
        if _match(proposal.sentence, positives):
            scores.true_positives += 1
            scores.judged_proposed += 1
        else:
            scores.false_positives.append(proposal.sentence)
            if _match(proposal.sentence, negatives):
                scores.judged_proposed += 1
                scores.negatives_proposed += 1
    taken: dict[int, int] = {}  # how many of a sentence's proposals earlier labels have paired with
    for claim in article.get("claims", []):
        group = _match(claim["sentence"], by_sentence)
        if not group:
            continue
        # The sentence's labels pair with its proposals in order (the last one takes any extra labels).
        index = taken.get(id(group), 0)
        taken[id(group)] = index + 1
        proposal = group[min(index, len(group) - 1)]
        scores.recalled_claims += 1
        expected = (claim.get("deadline_earliest"), claim.get("deadline_latest"))
        got = tuple(
            d.isoformat() if d else None for d in (proposal.deadline_earliest, proposal.deadline_latest)
        )
        if got == expected:
            scores.windows_exact += 1
        else:
            scores.window_errors.append(f"{claim['sentence'][:80]} | expected {expected} got {got}")
        if _near(expected[0], proposal.deadline_earliest) and _near(expected[1], proposal.deadline_latest):
            scores.windows_near += 1
        if (
            claim.get("kind") == "not_before"
            and expected[0]
            and proposal.deadline_latest
            and proposal.deadline_latest < date.fromisoformat(expected[0])
        ):
            scores.reversed_not_before += 1
        if proposal.kind == claim.get("kind"):
            scores.kinds_correct += 1
        else:
            scores.kind_errors.append(
                f"{claim['sentence'][:80]} | expected {claim.get('kind')} got {proposal.kind}"
            )
