"""The held-out set: four analysis articles composed and labelled before the extractor saw them.

tests/extraction/data/heldout/ (see docs/extraction.md). The labels were committed
before the first evaluation run; the rules fixed since are general ones, each with
its own unit test in test_general_rules.py. This test holds the team's targets.
"""

from tests.extraction.test_commands import DATA, _metric, run

HELDOUT = DATA / "heldout" / "heldout_claims.json"


def test_evaluate_extraction_on_the_heldout_set_meets_the_targets():
    out = run("evaluate_extraction", str(HELDOUT))
    assert _metric(out, "sentence recall") >= 0.9
    assert _metric(out, "sentence precision") >= 0.8
    assert _metric(out, "windows exact") >= 0.9
    assert _metric(out, "kind accuracy") >= 0.8


def test_the_heldout_source_is_found_next_to_the_labels():
    out = run("evaluate_extraction", str(HELDOUT))
    assert "labelled claim sentences: 58" in out


def test_evaluate_extraction_on_the_fresh_check_article_meets_the_targets():
    """A fifth article, written and labelled after the held-out fixes, before running the extractor on it."""
    out = run("evaluate_extraction", str(DATA / "heldout2" / "fresh_claims.json"))
    assert _metric(out, "sentence recall") >= 0.9
    assert _metric(out, "sentence precision") >= 0.8
    assert _metric(out, "windows exact") >= 0.9
    assert _metric(out, "kind accuracy") >= 0.8
