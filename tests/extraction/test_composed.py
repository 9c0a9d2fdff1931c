"""The composed development sets: five analysis articles written and labelled by the team.

tests/extraction/data/composed/ and composed2/ (see docs/extraction.md). They were
labelled before the extractor first ran on them, but the rules were then tuned on
them within minutes by the same hands: a development score, not a held-out one. The
real-article sets are in data/real/: dev/, unseen/ (run once, then tuned on: now
development data too) and unseen2/ (run once, untouched since).
test_commands.py holds the team's targets on them.
"""

from tests.extraction.test_commands import DATA, run

COMPOSED = DATA / "composed" / "composed_claims.json"


def test_the_composed_source_is_found_next_to_the_labels():
    out = run("evaluate_extraction", str(COMPOSED))
    assert "labelled claim sentences: 58" in out
