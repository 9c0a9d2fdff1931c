"""The estimative-probability scale: the one place where words become numbers.

Bands follow ICD 203 (US Intelligence Community Directive 203, "Analytic
Standards"). A phrase maps to the midpoint of its band. Which band each
phrase takes, or that it takes none, is the hedge vocabulary in
``claims.hedges``, the same table the claim detector builds its cues from.
Override or extend the map with the ``CLAIMS_HEDGE_PROBABILITIES`` setting,
e.g. ``{"may": 0.4}``; an override also gives a number to a phrase the
vocabulary leaves without one.

When a claim carries several hedges ("could; possibly"), the most cautious one
wins, i.e. the probability nearest to 0.5: stacking hedges only ever weakens
a forecast.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from claims.hedges import HEDGES, no_probability


@dataclass(frozen=True)
class Band:
    name: str
    low: float
    high: float

    @property
    def midpoint(self) -> float:
        return round((self.low + self.high) / 2, 3)


ICD_203_BANDS: tuple[Band, ...] = (
    Band("almost no chance", 0.01, 0.05),
    Band("very unlikely", 0.05, 0.20),
    Band("unlikely", 0.20, 0.45),
    Band("roughly even chance", 0.45, 0.55),
    Band("likely", 0.55, 0.80),
    Band("very likely", 0.80, 0.95),
    Band("almost certain", 0.95, 0.99),
)
BANDS_BY_NAME = {band.name: band for band in ICD_203_BANDS}


def _band(name: str) -> float:
    return BANDS_BY_NAME[name].midpoint


# Hedge phrase -> probability, from the one vocabulary (claims.hedges). Longer phrases are
# matched before shorter ones.
DEFAULT_HEDGE_PROBABILITIES: dict[str, float] = {
    hedge.phrase: _band(hedge.band) for hedge in HEDGES if hedge.band is not None
}


def hedge_probabilities() -> dict[str, float]:
    """Return the active hedge map: the defaults overlaid with the setting."""
    overrides = getattr(settings, "CLAIMS_HEDGE_PROBABILITIES", {}) or {}
    merged = {**DEFAULT_HEDGE_PROBABILITIES, **{k.lower(): v for k, v in overrides.items()}}
    for phrase, value in merged.items():
        if not 0 < value < 1:
            raise ValueError(f"Probability for hedge {phrase!r} must be strictly between 0 and 1")
    return merged


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("’", "'"))


def _bounded(phrase: str) -> str:
    """A phrase as a regex on word boundaries; a clitic ("'ll") may follow a word."""
    edge = [r"\b" if re.match(r"\w", char) else "" for char in (phrase[0], phrase[-1])]
    return edge[0] + re.escape(phrase) + edge[1]


def _phrase_hedges(phrase: str, scale: dict[str, float | None]) -> list[tuple[str, float]]:
    """Return the known phrases in ``phrase`` that carry a number, each with its number."""
    if phrase in scale:
        return [(phrase, scale[phrase])] if scale[phrase] is not None else []
    # Otherwise every known phrase inside it, on word boundaries ("will likely" -> "will",
    # "likely"), longest first so "very likely" is not also read as "likely", and a phrase
    # that carries no number ("vows to") still hides the shorter ones inside it.
    taken = [False] * len(phrase)
    inside = []
    for known in sorted(scale, key=len, reverse=True):
        if known not in phrase:
            continue  # the cheap test first: the scale has a few hundred phrases
        for match in re.finditer(_bounded(known), phrase):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                inside.append((known, scale[known]))
    return [(known, p) for known, p in inside if p is not None]


def deciding_hedge(hedge: str | None) -> tuple[str, float] | None:
    """Return the scale phrase whose number a hedge takes, with that number, or None.

    ``hedge`` may hold several phrases separated by ``;`` (the labelled-data
    convention); the most cautious one (nearest 0.5) decides. Hedge-word
    calibration (tracker.hedge_calibration) groups claims by this phrase.
    """
    if not hedge or not hedge.strip():
        return None
    scale = {**dict.fromkeys(no_probability()), **hedge_probabilities()}
    scale.pop("", None)
    found = [
        found
        for part in hedge.split(";")
        if (phrase := _normalise(part))
        for found in _phrase_hedges(phrase, scale)
    ]
    if not found:
        return None
    return min(found, key=lambda pair: abs(pair[1] - 0.5))


def probability_for_hedge(hedge: str | None) -> float | None:
    """Return the probability a hedge expresses, or None if no phrase is known.

    ``hedge`` may hold several phrases separated by ``;`` (the labelled-data
    convention); the most cautious one (nearest 0.5) is used.
    """
    decided = deciding_hedge(hedge)
    return decided[1] if decided else None


def band_for_probability(probability: float) -> Band:
    """Return the ICD 203 band a probability falls in (for display)."""
    for band in ICD_203_BANDS:
        if probability <= band.high:
            return band
    return ICD_203_BANDS[-1]
