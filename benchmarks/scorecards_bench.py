"""Scorecard aggregation against the database's own raw SQL on the same data.

    python -m benchmarks.scorecards_bench [--claims 20000] [--groups 20] [--runs 15]

Builds a throwaway test database (``test_<name>`` on PostgreSQL with
DATABASE_URL set, in-memory SQLite otherwise), fills it with claims spread over
``--groups`` publications, about half of them resolved, then times
``tracker.scorecards.scorecard_rows(group_by="publication")`` and a hand-written
SQL equivalent (same totals, same calibration bins), checks they agree, and
prints both medians and their ratio. A benchmark, not a test: the figures
depend on the machine.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

VERDICTS = ("true", "partly_true", "false", "annulled", "unresolvable")
SCORED = "('true', 'partly_true', 'false')"
OUTCOME = "(CASE o.verdict WHEN 'true' THEN 1.0 WHEN 'partly_true' THEN 0.5 WHEN 'false' THEN 0.0 END)"
SCORED_ROW = f"c.status = 'resolved' AND o.verdict IN {SCORED}"


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


# The same columns scorecard_rows computes, so the comparison is like for like.
RAW_TOTALS = f"""
SELECT a.publication_id,
       COUNT(*),
       {_count("c.status = 'draft'")}, {_count("c.status = 'open'")}, {_count("c.status = 'due'")},
       {_count("c.status = 'resolved'")},
       {_count("c.status IN ('open', 'due') AND c.due_on < %s")},
       {_count(SCORED_ROW)},
       {_count(SCORED_ROW + " AND c.probability IS NOT NULL")},
       {_count(SCORED_ROW + " AND (c.probability IS NULL OR c.probability <> 0.5)")},
       AVG(CASE WHEN {SCORED_ROW} THEN
           CASE WHEN c.probability IS NULL OR c.probability > 0.5 THEN {OUTCOME}
                WHEN c.probability < 0.5 THEN 1.0 - {OUTCOME} END END),
       AVG(CASE WHEN {SCORED_ROW} THEN (c.probability - {OUTCOME}) * (c.probability - {OUTCOME}) END),
       {", ".join(_count(f"c.status = 'resolved' AND o.verdict = '{v}'") for v in VERDICTS)}
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_outcome o ON o.claim_id = c.id
WHERE c.status <> 'withdrawn'
GROUP BY a.publication_id
"""

RAW_BINS = f"""
SELECT a.publication_id, {{bin}} AS bin, COUNT(*), AVG(c.probability), AVG({OUTCOME})
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
JOIN claims_outcome o ON o.claim_id = c.id
WHERE {SCORED_ROW} AND c.probability IS NOT NULL
GROUP BY a.publication_id, bin
"""

BIN_SQL = {
    "postgresql": "CAST(LEAST(FLOOR(c.probability * 10), 9) AS INTEGER)",
    # SQLite: probabilities are positive, so truncating is flooring.
    "sqlite": "MIN(CAST(c.probability * 10 AS INTEGER), 9)",
}


def build_data(n_claims: int, n_groups: int) -> None:
    from claims.models import Article, Author, Claim, Outcome, Publication
    from tests.factories import UserFactory

    rng = random.Random(7)
    reviewer = UserFactory(username="bench-reviewer")
    author = Author.objects.create(name="Bench Author")
    articles = []
    for g in range(n_groups):
        publication = Publication.objects.create(name=f"Publication {g}")
        article = Article.objects.create(
            publication=publication, title=f"A{g}", published_on=date(2024, 1, 1)
        )
        article.authors.add(author)
        articles.append(article)
    statuses = ["open", "due", "resolved", "resolved", "withdrawn"]
    claims = [
        Claim(
            article=articles[i % n_groups],
            quote=f"q{i}",
            statement=f"s{i}",
            due_on=date(2025, 1, 1) + timedelta(days=i % 700),
            precision="inferred",
            probability=rng.choice([None, 0.125, 0.325, 0.5, 0.675, 0.875, 0.97]),
            status=rng.choice(statuses),
        )
        for i in range(n_claims)
    ]
    Claim.objects.bulk_create(claims, batch_size=2000)
    resolved = Claim.objects.filter(status="resolved").values_list("pk", flat=True)
    verdicts = ["true", "partly_true", "false", "unresolvable"]
    Outcome.objects.bulk_create(
        [
            Outcome(
                claim_id=pk,
                verdict=rng.choice(verdicts),
                rationale="bench",
                known_on=date(2025, 6, 1),
                reviewer=reviewer,
            )
            for pk in resolved
        ],
        batch_size=2000,
    )


def median_ms(fn, runs: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")  # a development tool: the settings default to production
    import django

    django.setup()
    from django.db import connection

    from claims.models import Claim
    from tracker.scorecards import scorecard_rows

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        build_data(args.claims, args.groups)
        today = date(2026, 1, 1)

        def orm():
            claims = Claim.objects.exclude(status="withdrawn")
            return scorecard_rows(claims=claims, group_by="publication", today=today)

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(RAW_TOTALS, [today])
                totals = cursor.fetchall()
                cursor.execute(RAW_BINS.format(bin=BIN_SQL[connection.vendor]))
                return totals, cursor.fetchall()

        orm_ms, rows = median_ms(orm, args.runs)
        raw_ms, (totals, bins) = median_ms(raw, args.runs)

        by_key = {row["key"]: row for row in rows}
        for (
            publication_id,
            n,
            _d,
            _o,
            _due,
            resolved,
            overdue,
            scored,
            _b,
            _h,
            hit_rate,
            brier,
            *_v,
        ) in totals:
            row = by_key[publication_id]
            assert (row["claims"], row["resolved"], row["overdue_unreviewed"], row["scored"]) == (
                n,
                resolved,
                overdue,
                scored,
            )
            assert abs((row["hit_rate"] or 0) - float(hit_rate or 0)) < 1e-9
            assert abs((row["brier_score"] or 0) - float(brier or 0)) < 1e-9
        assert sum(b[2] for b in bins) == sum(c["count"] for r in rows for c in r["calibration"])

        print(
            f"{connection.vendor}: {args.claims} claims in {args.groups} groups, median of {args.runs} runs\n"
            f"  scorecard_rows (ORM, 2 queries): {orm_ms:8.2f} ms\n"
            f"  raw SQL (2 queries):             {raw_ms:8.2f} ms\n"
            f"  ratio ORM / raw:                 {orm_ms / raw_ms:8.2f}x  (results checked equal)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
