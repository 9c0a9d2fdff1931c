"""Time propose_claims on a ~2,000-word article: `python -m benchmarks.extraction_bench [--runs N] [--cpu]`.

A benchmark, not a test: the figure depends on the machine (``--cpu`` counts
only this process's CPU time, for a shared machine; ``--words 8000`` checks
that time grows linearly). The article is
the seed text's first 2,000 words (repeated if shorter), so it holds the
usual mix of claims, look-alikes and plain narrative.
"""

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path

DEFAULT_TEXT = Path(__file__).resolve().parent.parent / "tests/extraction/data/seeds/000_7238dfcf4a597ac7.txt"


def build_article(source: Path, words: int = 2000) -> str:
    """The first ``words`` words of the source, keeping its lines (paragraphs)."""
    lines, count = [], 0
    source_lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    while count < words:
        for line in source_lines:
            take = line.split()[: words - count]
            lines.append(" ".join(take))
            count += len(take)
            if count >= words:
                break
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT)
    parser.add_argument("--words", type=int, default=2000, help="article length (check linear time)")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time of this process: other load on the machine does not count",
    )
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")  # a development tool: the settings default to production
    import django

    django.setup()
    from claims.extraction import propose_claims

    article = build_article(args.text, args.words)
    propose_claims(article, date(2025, 2, 1))  # warm up: compile the regular expressions
    timings = []
    for _ in range(args.runs):
        start = clock()
        proposals = propose_claims(article, date(2025, 2, 1))
        timings.append(clock() - start)
    print(
        f"{len(article.split())} words, {len(proposals)} claims proposed; over {args.runs} runs:"
        f" median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms per article"
    )


if __name__ == "__main__":
    main()
