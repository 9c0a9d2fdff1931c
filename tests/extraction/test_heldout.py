"""The held-out set: four analysis articles composed and labelled before the extractor saw them.

tests/extraction/data/heldout/ (see docs/extraction.md). The labels were committed
before the first evaluation run; the rules fixed since are general ones, each with
its own unit test in test_general_rules.py. A fifth article (heldout2/) was written
after those fixes. test_commands.py holds the team's targets on all of them.
"""

from tests.extraction.test_commands import DATA, run

HELDOUT = DATA / "heldout" / "heldout_claims.json"


def test_the_heldout_source_is_found_next_to_the_labels():
    out = run("evaluate_extraction", str(HELDOUT))
    assert "labelled claim sentences: 58" in out
