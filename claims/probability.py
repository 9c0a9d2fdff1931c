"""The estimative-probability scale: the one place where words become numbers.

Bands follow ICD 203 (US Intelligence Community Directive 203, "Analytic
Standards"). A phrase maps to the midpoint of its band. The hedges analysts
actually write ("will", "expected to", "could potentially") are mapped onto
those bands below. Override or extend the map with the
``CLAIMS_HEDGE_PROBABILITIES`` setting, e.g. ``{"may": 0.4}``.

When a claim carries several hedges ("could; possibly"), the most cautious one
wins, i.e. the probability nearest to 0.5: stacking hedges only ever weakens
a forecast.
"""

import re
from dataclasses import dataclass

from django.conf import settings


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


# Hedge phrase -> probability. Longer phrases are matched before shorter ones.
DEFAULT_HEDGE_PROBABILITIES: dict[str, float] = {
    # ICD 203 terms and their synonyms
    "almost no chance": _band("almost no chance"),
    "remote": _band("almost no chance"),
    "very unlikely": _band("very unlikely"),
    "highly unlikely": _band("very unlikely"),
    "highly improbable": _band("very unlikely"),
    "unlikely": _band("unlikely"),
    "improbable": _band("unlikely"),
    "roughly even chance": _band("roughly even chance"),
    "even chance": _band("roughly even chance"),
    "roughly even odds": _band("roughly even chance"),
    "likely": _band("likely"),
    "probably": _band("likely"),
    "probable": _band("likely"),
    "very likely": _band("very likely"),
    "highly likely": _band("very likely"),
    "highly probable": _band("very likely"),
    "almost certain": _band("almost certain"),
    "almost certainly": _band("almost certain"),
    "nearly certain": _band("almost certain"),
    # What analysts write instead
    "will": _band("very likely"),
    "will not": _band("very likely"),
    "is set to": _band("very likely"),
    "are set to": _band("very likely"),
    "should": _band("likely"),
    "should be expected to": _band("likely"),
    "expected to": _band("likely"),
    "is expected to": _band("likely"),
    "are expected to": _band("likely"),
    "anticipated": _band("likely"),
    "poised to": _band("likely"),
    "is poised to": _band("likely"),
    "are poised to": _band("likely"),
    "stands to be": _band("likely"),
    "intended to": _band("likely"),
    "would": _band("likely"),
    "may": _band("roughly even chance"),
    "might": _band("roughly even chance"),
    "could": _band("roughly even chance"),
    "can": _band("roughly even chance"),
    "possibly": _band("roughly even chance"),
    "possible": _band("roughly even chance"),
    "potentially": _band("unlikely"),
    "potential": _band("unlikely"),
    "could potentially": _band("unlikely"),
    "may be inclined": _band("roughly even chance"),
    "distant": _band("very unlikely"),
    # Frames the claim extractor (claims/extraction) reports as hedges
    "won't": _band("very likely"),
    "shall": _band("very likely"),
    "going to": _band("very likely"),
    "bound to": _band("very likely"),
    "scheduled to": _band("very likely"),
    "scheduled": _band("very likely"),
    "slated to": _band("very likely"),
    "due to": _band("very likely"),
    "expected": _band("likely"),
    "stands to": _band("likely"),
    "stand to": _band("likely"),
    "plans to": _band("likely"),
    "intends to": _band("likely"),
    "perhaps": _band("roughly even chance"),
    "projected to": _band("likely"),
    "forecast to": _band("likely"),
    "predicted to": _band("likely"),
    "expect": _band("likely"),
    "expects": _band("likely"),
    "predict": _band("likely"),
    "predicts": _band("likely"),
    "aims to": _band("roughly even chance"),
    "hopes to": _band("roughly even chance"),
    "seeks to": _band("roughly even chance"),
    "certain to": _band("almost certain"),
    "sure to": _band("almost certain"),
    "promises to": _band("likely"),
    "threatens to": _band("roughly even chance"),
    "good chance": _band("likely"),
    "high likelihood": _band("likely"),
    "strong possibility": _band("likely"),
    "chance": _band("roughly even chance"),
    "possibility": _band("roughly even chance"),
    "risk": _band("roughly even chance"),
    "prospect": _band("roughly even chance"),
    "slim chance": _band("unlikely"),
    "little chance": _band("very unlikely"),
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


def _phrase_probability(phrase: str, scale: dict[str, float]) -> float | None:
    if phrase in scale:
        return scale[phrase]
    # Otherwise every known phrase inside it, on word boundaries ("will likely" -> "will",
    # "likely"), longest first so "very likely" is not also read as "likely".
    taken = [False] * len(phrase)
    inside = []
    for known in sorted(scale, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(known)}\b", phrase):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                inside.append(scale[known])
    return min(inside, key=lambda p: abs(p - 0.5)) if inside else None


def probability_for_hedge(hedge: str | None) -> float | None:
    """Return the probability a hedge expresses, or None if no phrase is known.

    ``hedge`` may hold several phrases separated by ``;`` (the labelled-data
    convention); the most cautious one (nearest 0.5) is used.
    """
    if not hedge or not hedge.strip():
        return None
    scale = hedge_probabilities()
    found = [
        p
        for part in hedge.split(";")
        if (phrase := _normalise(part)) and (p := _phrase_probability(phrase, scale)) is not None
    ]
    if not found:
        return None
    return min(found, key=lambda p: abs(p - 0.5))


def band_for_probability(probability: float) -> Band:
    """Return the ICD 203 band a probability falls in (for display)."""
    for band in ICD_203_BANDS:
        if probability <= band.high:
            return band
    return ICD_203_BANDS[-1]
