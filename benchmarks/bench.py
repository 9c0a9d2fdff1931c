"""Every hot path of issue 13 beside the raw SQL for the same result: ``manage.py bench``.

``bench_run`` measures on the database the connection points at, which must
already hold the synthetic set (benchmarks/dataset.py): the management
command gives it a scratch database, the CI smoke test its test database.
Each path is run once to count its queries and peak memory (and to warm the
caches), then ``runs`` times for the median; the raw SQL the same way. Where
both compute the same thing the answers are compared and a mismatch is
reported loudly. Paths that write run in a transaction that is rolled back,
so every run starts from the same rows.
"""

import csv
import json
import os
import platform
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from benchmarks import raw_sql
from benchmarks.dataset import SEARCH_WORD, Dataset
from benchmarks.extraction_bench import DEFAULT_TEXT, build_article
from benchmarks.measure import MEMORY_METHOD, explain_slowest, measure
from claims.pagination import EXACT_COUNT_LIMIT

BASE_DIR = Path(__file__).resolve().parent.parent
CHANGE_LINK = re.compile(rb'href="/admin/claims/(?:claim|claimdueforreview|article|outcome)/(\d+)/change/')
# ClaimReview documents in the feed: each carries this once.
CLAIM_REVIEW_MARK = b'"ClaimReview"'


@dataclass
class BenchPath:
    name: str
    target: str
    project: Callable[[], object]
    raw: Callable[[], object] | None = None
    writes: bool = False
    # Compare the two answers: return None when equal, else what differs.
    check: Callable[[object, object], str | None] | None = None
    note: str = ""
    # Run once before the measured runs, untimed (e.g. refresh the scorecard summary they read).
    setup: Callable[[], object] | None = None


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _run_all(statements: list[str], params: dict) -> list[list[tuple]]:
    return [_rows(sql, params) for sql in statements]


def _execute_all(statements: list[str], params: dict) -> int:
    """Run the statements; return the first one's row count (the UPDATE's)."""
    counts = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
            counts.append(cursor.rowcount)
    return counts[0]


def _chunks(response):
    if response.streaming:
        yield from response.streaming_content
    else:
        yield response.content


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def _json(client: Client, url: str) -> dict:
    return json.loads(b"".join(_chunks(_get(client, url))))


def _change_ids(client: Client, url: str) -> list[int]:
    body = b"".join(_chunks(_get(client, url)))
    return list(dict.fromkeys(int(pk) for pk in CHANGE_LINK.findall(body)))


def _csv_records(client: Client, url: str) -> int:
    """Stream the CSV and count its records (not lines: a quoted field may hold a newline)."""

    def lines():
        tail = ""
        for chunk in _chunks(_get(client, url)):
            text = tail + (chunk.decode() if isinstance(chunk, bytes) else chunk)
            *complete, tail = text.split("\n")
            for line in complete:
                yield line + "\n"
        if tail:
            yield tail

    return sum(1 for _ in csv.reader(lines())) - 1  # the header


def _feed_reviews(client: Client, url: str) -> int:
    count, tail = 0, b""
    for chunk in _chunks(_get(client, url)):
        data = tail + chunk
        count += data.count(CLAIM_REVIEW_MARK)
        # Keep a tail shorter than the mark, so a mark split across chunks is counted once.
        tail = data[-(len(CLAIM_REVIEW_MARK) - 1) :]
    return count


def _copy_rows(sql: str) -> int:
    """COPY the query's rows out as CSV, as a client would receive them; return how many."""
    with connection.cursor() as cursor:
        raw_cursor = cursor.cursor
        with raw_cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for _block in copy:
                pass
        return raw_cursor.rowcount


def _equal(project, raw) -> str | None:
    return None if project == raw else f"project {_short(project)} != raw {_short(raw)}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."


def _scorecard_check(project: dict, raw: list[list[tuple]]) -> str | None:
    if project.get("computed_at") is None:
        return "computed live: the scorecard summary was not fresh"
    totals, bins = raw
    rows = {row["key"]: row for row in project["results"]}
    raw_rows = {row[0]: row for row in totals}
    if set(rows) != set(raw_rows):
        return f"groups differ: {len(rows)} in the project, {len(raw_rows)} in raw SQL"
    for key, (_, claims, resolved, overdue, scored, hit_rate, brier) in raw_rows.items():
        row = rows[key]
        mine = (row["claims"], row["resolved"], row["overdue_unreviewed"], row["scored"])
        if mine != (claims, resolved, overdue, scored):
            return f"group {key}: counts {mine} != raw {(claims, resolved, overdue, scored)}"
        for name, theirs in (("hit_rate", hit_rate), ("brier_score", brier)):
            if not _close(row[name], theirs):
                return f"group {key}: {name} {row[name]} != raw {theirs}"
    binned = sum(b["count"] for row in rows.values() for b in row["calibration"])
    if binned != sum(b[2] for b in bins):
        return f"calibration counts {binned} != raw {sum(b[2] for b in bins)}"
    return None


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _page_check(project: dict, raw: list[list[tuple]]) -> str | None:
    """The page's ids in order, and the count: exact below the cap, an estimate above it on both sides."""
    (count,), page = raw[0][0], raw[1]
    if mismatch := _equal([c["id"] for c in project["results"]], [row[0] for row in page]):
        return mismatch
    if project.get("count_is_estimate"):
        return None if count > EXACT_COUNT_LIMIT else f"an estimated count below the cap ({count} rows)"
    return _equal(project["count"], count)


def _ids_check(project: list[int], raw: list[tuple]) -> str | None:
    return _equal(project, [row[0] for row in raw])


def bench_paths(dataset: Dataset, *, export_claims: int | None = None) -> list[BenchPath]:
    """The paths of issue 13's table, the public pages and extraction, each with its raw SQL."""
    from claims.extraction import propose_claims
    from claims.models import Author, Claim
    from claims.wording import claim_page_path
    from tracker.services.digests import digests_build, digests_send
    from tracker.services.flagging import claims_flag_due
    from tracker.services.scorecard_summary import scorecards_cached, scorecards_refresh

    User = get_user_model()
    admin, viewer = Client(), Client()
    admin.force_login(User.objects.get(pk=dataset.admin_id))
    viewer.force_login(User.objects.get(pk=dataset.viewer_id))
    today = timezone.localdate()
    now = timezone.now()
    lead_until = today + timedelta(days=settings.DIGEST_LEAD_DAYS)
    params = {
        "today": today,
        "date": now,
        "lead_until": lead_until,
        "like": f"%{SEARCH_WORD}%",
        "offset": 0,
        "count_cap": EXACT_COUNT_LIMIT + 1,
    }

    visible_count = Claim.objects.visible_to(None).count()
    deep_page = max(1, min(1000, -(-visible_count // 50) // 2))
    resolved_claim = Claim.objects.filter(status=Claim.Status.RESOLVED).order_by("id").first()
    claimant = Author.objects.order_by("id").first()
    params |= {"claim": resolved_claim.pk, "claimant": claimant.pk}

    export_where, export_query = "true", ""
    if export_claims and export_claims < dataset.spec.claims:
        cutoff = Claim.objects.order_by("due_on").values_list("due_on", flat=True)[export_claims]
        export_where, export_query = (
            f"c.due_on <= '{cutoff.isoformat()}'",
            f"?due_before={cutoff.isoformat()}",
        )
    article = build_article(DEFAULT_TEXT)

    def flag_raw():
        return _execute_all([raw_sql.flag_update(), *raw_sql.FLAG_HISTORY], params | raw_sql.FLAG_PARAMS)

    def scorecard_path(group: str, target: str) -> BenchPath:
        return BenchPath(
            f"API scorecards by {group}",
            target,
            lambda: _json(viewer, f"/api/scorecards/?group_by={group}"),
            lambda: _run_all(list(raw_sql.scorecard(group)), params),
            check=_scorecard_check,
            setup=summary_fresh,
            note="reads the scorecard summary, refreshed just before; raw = GROUP BY over all claims",
        )

    def summary_fresh():
        """Refresh the summary unless every grouping is already served (untimed setup)."""
        if any(scorecards_cached(group) is None for group in raw_sql.GROUP_JOINS):
            scorecards_refresh()

    def refresh_raw():
        return [_run_all(list(raw_sql.scorecard(group)), params) for group in raw_sql.GROUP_JOINS]

    def api_path(name: str, query: str, where: str, page: int = 1) -> BenchPath:
        page_params = params | {"offset": (page - 1) * 50}
        return BenchPath(
            name,
            "≤ 2× raw",
            lambda: _json(viewer, f"/api/claims/?{query}page={page}"),
            lambda: _run_all(raw_sql.api_page(where), page_params),
            check=_page_check,
        )

    def admin_path(name: str, url: str, raw: str, target: str = "≤ 3× raw, no full scan") -> BenchPath:
        return BenchPath(
            name, target, lambda: _change_ids(admin, url), lambda: _rows(raw, params), check=_ids_check
        )

    def page_path(name: str, url: str, statements: list[str], setup=None) -> BenchPath:
        return BenchPath(
            name,
            "< 300 ms, fixed queries",
            lambda: len(_get(viewer, url).content),
            lambda: _run_all(statements, params),
            setup=setup,
        )

    def digest_path(name: str, project: Callable[[], object], writes: bool = False) -> BenchPath:
        raw = [raw_sql.DIGEST_CLAIMS, raw_sql.DIGEST_WATCHERS]
        return BenchPath(
            name,
            "≤ 2× raw, < 300 MB",
            project,
            lambda: _run_all(raw, params),
            writes=writes,
            note="raw = SELECT of the same claims and watchers",
        )

    claim_url = claim_page_path(resolved_claim)
    return [
        BenchPath(
            "flag due claims",
            "≤ 1.3× raw (UPDATE + history)",
            lambda: claims_flag_due(now=now),
            flag_raw,
            writes=True,
            check=_equal,
            note="raw = UPDATE + INSERT of the same history rows (claim, claimants, tags)",
        ),
        digest_path("build the digests", lambda: len(digests_build(today=today))),
        digest_path(
            "send the digests (flag + render + outbox)", lambda: len(digests_send(now=now)), writes=True
        ),
        scorecard_path("claimant", "< 300 ms, = raw"),
        scorecard_path("tag", "< 300 ms, = raw"),
        scorecard_path("publication", "< 300 ms, = raw"),
        scorecard_path("year", "< 300 ms, = raw"),
        BenchPath(
            "scorecard summary refresh (4 groupings)",
            f"< {settings.SCORECARD_SUMMARY_EVERY_SECONDS} s (its beat period)",
            lambda: str(scorecards_refresh()),
            refresh_raw,
            writes=True,
            note="raw = the GROUP BY totals and bins of each grouping (no hedge table, no intervals)",
        ),
        api_path("claims API page, ?status=open", "status=open&", "c.status = 'open'"),
        api_path("claims API page, default order", "", "true"),
        api_path(f"claims API page, deep (page {deep_page})", "", "true", page=deep_page),
        admin_path(
            "admin claim list, status filter",
            "/admin/claims/claim/?status__exact=open",
            raw_sql.admin_claims("c.status = 'open'"),
        ),
        admin_path(
            f"admin claim list, search {SEARCH_WORD!r}",
            f"/admin/claims/claim/?q={SEARCH_WORD}",
            raw_sql.admin_claims(raw_sql.ADMIN_SEARCH),
        ),
        admin_path(
            "admin due queue", "/admin/claims/claimdueforreview/", raw_sql.admin_claims("c.status = 'due'")
        ),
        admin_path("admin article list", "/admin/claims/article/", raw_sql.ADMIN_ARTICLES),
        admin_path("admin outcome list", "/admin/claims/outcome/", raw_sql.ADMIN_OUTCOMES),
        BenchPath(
            "CSV export" + (f" ({export_claims} claims)" if export_query else ""),
            "≤ 2× COPY, < 100 MB",
            lambda: _csv_records(viewer, f"/api/claims/export/{export_query}"),
            lambda: _copy_rows(raw_sql.EXPORT_ROWS.format(where=export_where)),
            check=_equal,
            note="raw = COPY of the same rows and columns to the client",
        ),
        BenchPath(
            "ClaimReview feed" + (f" ({export_claims} claims)" if export_query else ""),
            "≤ 2× COPY, < 100 MB",
            lambda: _feed_reviews(viewer, f"/api/claims/claim-reviews/{export_query}"),
            lambda: _copy_rows(raw_sql.EXPORT_ROWS.format(where=f"c.status = 'resolved' AND {export_where}")),
            check=_equal,
            note="raw = COPY of the resolved claims' rows",
        ),
        page_path("page: home", "/", raw_sql.HOME, setup=summary_fresh),
        page_path("page: claim", claim_url, raw_sql.CLAIM_PAGE),
        page_path("page: claimant", f"/claimants/{claimant.pk}/", raw_sql.CLAIMANT_PAGE),
        page_path(
            "page: leaderboard", "/scorecards/", list(raw_sql.scorecard("claimant")), setup=summary_fresh
        ),
        BenchPath(
            "extract claims from 2,000 words",
            "< 50 ms",
            lambda: len(propose_claims(article, date(2025, 2, 1))),
        ),
    ]


def bench_run(
    dataset: Dataset,
    *,
    runs: int,
    plans_dir: Path | None = None,
    export_claims: int | None = None,
    only: str | None = None,
    budget: float = 120.0,
    log=print,
) -> dict:
    """Measure every path; return the results (the JSON the command writes)."""
    results = []
    for path in bench_paths(dataset, export_claims=export_claims):
        if only and only.lower() not in path.name.lower():
            continue
        log(f"  {path.name} ...")
        if path.setup is not None:
            started = time.perf_counter()
            path.setup()
            log(f"    setup {time.perf_counter() - started:.1f} s (untimed)")
        project = measure(path.project, runs=runs, rollback=path.writes, budget=budget)
        raw = measure(path.raw, runs=runs, rollback=path.writes, budget=budget) if path.raw else None
        mismatch = path.check(project.result, raw.result) if path.check and raw else None
        row = {
            "path": path.name,
            "target": path.target,
            "project_s": project.median,
            "project_runs_s": project.seconds,
            "queries": project.queries,
            "peak_mb": round(project.peak_mb, 1),
            "raw_s": raw.median if raw else None,
            "raw_runs_s": raw.seconds if raw else None,
            "raw_queries": raw.queries if raw else None,
            "raw_peak_mb": round(raw.peak_mb, 1) if raw else None,
            "ratio": project.median / raw.median if raw and raw.median else None,
            "check": "n/a" if not path.check else ("MISMATCH: " + mismatch if mismatch else "equal"),
            "answer": _short(project.result) if not isinstance(project.result, dict | list) else None,
            "note": path.note,
        }
        if plans_dir is not None:
            slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")
            row["plans"] = explain_slowest(project.sql, folder=plans_dir, name=slug)
            if raw:
                row["plans"] += explain_slowest(raw.sql, folder=plans_dir, name=f"{slug}-raw", top=1)
        if mismatch:
            log(f"  !!! MISMATCH in {path.name}: {mismatch}")
        results.append(row)
    return {
        "dataset": dataset.as_dict(),
        "runs": runs,
        "memory": MEMORY_METHOD,
        "machine": machine(),
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "paths": results,
        "mismatches": [row["path"] for row in results if row["check"].startswith("MISMATCH")],
    }


def machine() -> dict:
    """What the figures depend on: CPU, memory, PostgreSQL, the commit measured."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal")
        ),
        "",
    )
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres,
        "commit": commit,
        "load_average": os.getloadavg(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def format_table(report: dict) -> str:
    """The results as a Markdown table (stdout and docs/benchmarks.md)."""
    lines = [
        "| path | project | raw SQL | ratio | target | queries | peak MB (project / raw) | same answer |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report["paths"]:
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] is not None else "—"
        raw_peak = "—" if row["raw_peak_mb"] is None else f"{row['raw_peak_mb']:.0f}"
        lines.append(
            f"| {row['path']} | {_seconds(row['project_s'])} | {_seconds(row['raw_s'])} | {ratio} "
            f"| {row['target']} "
            f"| {row['queries']} | {row['peak_mb']:.0f} / {raw_peak} | {row['check']} |"
        )
    return "\n".join(lines)


def write_json(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str))
