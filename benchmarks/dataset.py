"""The synthetic claim set the bench measures, loaded with ``INSERT ... SELECT generate_series``.

At 1,000,000 claims: 5,000 claimants, 50 publications, 100,000 articles, 200
tags; half the claims resolved (with an outcome), 1 % open past their date
(what flagging finds), 5 % already due, the rest open ahead of time,
withdrawn or drafts. Every other count scales with ``claims``. Each claim
gets one history row, as a real claim has from its creation, so the
visibility rule (``ClaimQuerySet.visible_to``) and flagging meet a real
history table. Rows are built in SQL, one statement per table, so 1M claims
load in minutes; they satisfy the model's constraints because the table is
made by ``migrate`` and its CHECK and UNIQUE constraints are live.
"""

import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from claims.models import Claim
from claims.roles import EDITORS, REVIEWERS, VIEWERS

FULL_SIZE = 1_000_000
# The claim's status from a hash of its number g: r = (g * 7919) % 1000.
STATUS_SQL = """CASE
    WHEN r < 500 THEN 'resolved'
    WHEN r < 510 THEN 'open_past'
    WHEN r < 560 THEN 'due'
    WHEN r < 940 THEN 'open'
    WHEN r < 970 THEN 'withdrawn'
    ELSE 'draft' END"""
PLACES = (
    "Azerbaijan",
    "Kazakhstan",
    "Georgia",
    "Armenia",
    "Uzbekistan",
    "Kyrgyzstan",
    "Tajikistan",
    "Turkey",
)
# A word in one claim out of eight: the admin search measures a realistic hit rate.
SEARCH_WORD = PLACES[0]
REVIEWER_COUNT = 10
EDITOR_COUNT = 2


@dataclass
class Spec:
    claims: int
    claimants: int
    publications: int
    articles: int
    tags: int

    @classmethod
    def scaled(cls, claims: int) -> "Spec":
        """Return the 1M set's proportions at ``claims`` claims (never fewer than a handful of each)."""
        scale = claims / FULL_SIZE
        return cls(
            claims=claims,
            claimants=max(5, round(5000 * scale)),
            publications=max(2, round(50 * scale)),
            articles=max(10, round(100_000 * scale)),
            tags=max(5, round(200 * scale)),
        )


@dataclass
class Dataset:
    """What was loaded: the spec, the users the bench acts as, and the load's timings."""

    spec: Spec
    today: date
    admin_id: int
    viewer_id: int
    reviewer_ids: list[int]
    editor_ids: list[int]
    load_seconds: dict[str, float]

    def as_dict(self) -> dict:
        return {**asdict(self), "today": self.today.isoformat()}


def _users() -> tuple[int, int, list[int], list[int]]:
    User = get_user_model()

    def make(name: str, group: str | None = None, **extra) -> int:
        user = User(username=name, email=f"{name}@bench.example", **extra)
        user.set_unusable_password()
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user.pk

    admin = make("bench-admin", is_staff=True, is_superuser=True)
    viewer = make("bench-viewer", VIEWERS)
    reviewers = [make(f"bench-reviewer-{i}", REVIEWERS, is_staff=True) for i in range(REVIEWER_COUNT)]
    editors = [make(f"bench-editor-{i}", EDITORS, is_staff=True) for i in range(EDITOR_COUNT)]
    return admin, viewer, reviewers, editors


def _first_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {table}")  # noqa: S608 (a fixed table name)
        return cursor.fetchone()[0]


def _execute(sql: str, params: dict | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})


def history_insert_sql(*, where: str, status_sql: str = "c.status") -> str:
    """INSERT one Claim history row per claim matching ``where`` (columns read off the model).

    Shared by the loader (creation rows) and the raw flagging the bench compares
    with (the rows ``claims_flag_due`` writes): %(date)s, %(type)s, %(reason)s.
    """
    history = Claim.history.model
    columns, values = [], []
    for field in history._meta.concrete_fields:
        if field.column == "history_id":
            continue
        columns.append(f'"{field.column}"')
        values.append(
            {
                "history_date": "%(date)s",
                "history_type": "%(type)s",
                "history_change_reason": "%(reason)s",
                "history_user_id": "NULL",
                "status": status_sql,
            }.get(field.column, f'c."{field.column}"')
        )
    return (
        f"INSERT INTO {history._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (model metadata)
        f"SELECT {', '.join(values)} FROM claims_claim c WHERE {where}"
    )


def history_m2m_insert_sql(*, where: str) -> list[str]:
    """INSERT the claimant and tag links of the history rows of %(date)s for claims matching ``where``.

    The links as they are now, as ``claims_flag_due`` copies them.
    """
    history = Claim.history.model
    statements = []
    for field in history._history_m2m_fields:
        m2m_table = getattr(history, field.name).model._meta.db_table
        through = field.remote_field.through._meta.db_table
        target = f"{field.m2m_reverse_field_name()}_id"
        statements.append(
            f"INSERT INTO {m2m_table} (id, claim_id, {target}, history_id) "  # noqa: S608 (model metadata)
            f"SELECT t.id, t.claim_id, t.{target}, h.history_id FROM {through} t "
            f"JOIN claims_claim c ON c.id = t.claim_id "
            f"JOIN {history._meta.db_table} h ON h.id = c.id AND h.history_date = %(date)s "
            f"WHERE {where}"
        )
    return statements


def dataset_load(claims: int, *, today: date, log=print) -> Dataset:
    """Fill the (empty, migrated) database with the synthetic set of ``claims`` claims."""
    if Claim.objects.exists():
        raise RuntimeError(
            "The database already holds claims: the bench loads into an empty scratch database."
        )
    spec = Spec.scaled(claims)
    timings: dict[str, float] = {}

    def step(name: str, *statements: str, **params) -> None:
        start = time.perf_counter()
        for sql in statements:
            _execute(sql, params)
        timings[name] = time.perf_counter() - start
        log(f"  {name}: {timings[name]:.1f} s")

    admin, viewer, reviewers, editors = _users()
    step(
        "publications",
        "INSERT INTO claims_publication (name, url) "
        "SELECT 'Publication ' || g, 'https://pub' || g || '.example' FROM generate_series(1, %(n)s) g",
        n=spec.publications,
    )
    step(
        "claimants",
        "INSERT INTO claims_author (name, bio) SELECT 'Analyst ' || g, '' FROM generate_series(1, %(n)s) g",
        n=spec.claimants,
    )
    step(
        "tags",
        "INSERT INTO claims_tag (kind, name) "
        "SELECT (ARRAY['region', 'topic', 'actor'])[1 + g %% 3], 'Tag ' || g "
        "FROM generate_series(1, %(n)s) g",
        n=spec.tags,
    )
    p0, a0, t0 = _first_id("claims_publication"), _first_id("claims_author"), _first_id("claims_tag")
    step(
        "articles",
        "INSERT INTO claims_article "
        "(publication_id, title, url, published_on, published_on_estimated, body, created_at, "
        "canonical_url, proposal_notes, text_sha256) "
        "SELECT %(p0)s + g %% %(np)s, 'Article ' || g || ' on ' || (%(places)s::text[])[1 + g %% 8], "
        "'https://example.org/a/' || g, %(start)s::date + (g %% 2000), false, "
        "'Body of article ' || g || '. Analysts expect change.', now(), '', '', '' "
        "FROM generate_series(1, %(n)s) g",
        p0=p0,
        np=spec.publications,
        n=spec.articles,
        places=list(PLACES),
        start=today - timedelta(days=2100),
    )
    r0 = _first_id("claims_article")
    step(
        "article authors",
        "INSERT INTO claims_article_authors (article_id, author_id) "
        "SELECT %(r0)s + g, %(a0)s + (g * 7) %% %(na)s FROM generate_series(0, %(n)s - 1) g",
        r0=r0,
        a0=a0,
        na=spec.claimants,
        n=spec.articles,
    )
    step(
        "claims",
        f"""INSERT INTO claims_claim (article_id, quote, statement, resolution_criteria, kind, condition,
            time_expression, window_start, due_on, precision, deadline_inferred, hedge, probability,
            probability_source, status, source_key, reviewer_id, flagged_due_at, resolved_at,
            created_at, updated_at)
        SELECT %(r0)s + g %% %(nr)s,
            'Quote ' || g || ': ' || place || ' is likely to change course.',
            'Claim ' || g || ': ' || place || ' changes course',
            '', kind, CASE WHEN kind = 'conditional' THEN 'If the talks go ahead' ELSE '' END,
            'by the end of the year', NULL,
            CASE WHEN status IN ('resolved', 'due') THEN %(today)s::date - 2 - g %% 1500
                 WHEN status = 'open_past' THEN %(today)s::date - 1 - g %% 300
                 ELSE %(today)s::date + 1 + g %% 1500 END,
            'year', false, 'likely',
            (ARRAY[NULL, 0.125, 0.325, 0.5, 0.675, 0.875, 0.97])[1 + g %% 7], 'hedge',
            CASE WHEN status = 'open_past' THEN 'open' ELSE status END, '',
            CASE WHEN status IN ('open_past', 'due', 'open') AND g %% 2 = 0
                 THEN (%(reviewers)s::int[])[1 + (g / 2) %% %(nrev)s] END,
            CASE WHEN status = 'due' THEN now() - interval '1 day' END,
            CASE WHEN status = 'resolved' THEN now() - interval '1 day' END,
            now(), now()
        FROM (
            SELECT g, {STATUS_SQL} AS status,
                (ARRAY['occurs_by', 'not_before', 'trend', 'other', 'conditional'])[1 + (g / 7) %% 5] AS kind,
                (%(places)s::text[])[1 + (g / 3) %% 8] AS place
            FROM (SELECT g, ((g::bigint * 7919) %% 1000)::int AS r FROM generate_series(1, %(n)s) g) numbered
        ) spread""",
        r0=r0,
        nr=spec.articles,
        n=spec.claims,
        today=today,
        reviewers=reviewers,
        nrev=len(reviewers),
        places=list(PLACES),
    )
    c0 = _first_id("claims_claim")
    step(
        "claimants of claims",
        # The article's author; one claim in ten also quotes someone else.
        "INSERT INTO claims_claim_claimants (claim_id, author_id) "
        "SELECT c.id, aa.author_id FROM claims_claim c "
        "JOIN claims_article_authors aa ON aa.article_id = c.article_id",
        "INSERT INTO claims_claim_claimants (claim_id, author_id) "
        "SELECT c.id, %(a0)s + (c.id * 13) %% %(na)s FROM claims_claim c "
        "WHERE c.id %% 10 = 0 AND NOT EXISTS (SELECT 1 FROM claims_claim_claimants x "
        "WHERE x.claim_id = c.id AND x.author_id = %(a0)s + (c.id * 13) %% %(na)s)",
        a0=a0,
        na=spec.claimants,
    )
    step(
        "tags of claims",
        "INSERT INTO claims_claim_tags (claim_id, tag_id) SELECT id, %(t0)s + id %% %(nt)s FROM claims_claim",
        "INSERT INTO claims_claim_tags (claim_id, tag_id) "
        "SELECT id, %(t0)s + (id / 7) %% %(nt)s FROM claims_claim "
        "WHERE id %% 3 = 0 AND (id / 7) %% %(nt)s <> id %% %(nt)s",
        t0=t0,
        nt=spec.tags,
    )
    step(
        "watchers",
        "INSERT INTO claims_claim_watchers (claim_id, user_id) "
        "SELECT id, (%(editors)s::int[])[1 + id %% %(ne)s] FROM claims_claim "
        "WHERE status IN ('open', 'due') AND id %% 50 = 0",
        editors=editors,
        ne=len(editors),
    )
    step(
        "outcomes",
        "INSERT INTO claims_outcome "
        "(claim_id, verdict, evidence_links, rationale, known_on, reviewer_id, recorded_at) "
        "SELECT id, (ARRAY['true', 'false', 'partly_true', 'true', 'false', 'unresolvable', "
        "'annulled', 'false'])"
        "[1 + (id / 3) %% 8], '[\"https://example.org/evidence\"]'::jsonb, 'As reported.', due_on + 1, "
        "(%(reviewers)s::int[])[1 + id %% %(nrev)s], now() FROM claims_claim WHERE status = 'resolved'",
        reviewers=reviewers,
        nrev=len(reviewers),
    )
    # A withdrawn claim was published first: its creation row says open, so readers still see it.
    step(
        "history",
        history_insert_sql(
            where="true", status_sql="CASE c.status WHEN 'withdrawn' THEN 'open' ELSE c.status END"
        ),
        date=today - timedelta(days=2200),
        type="+",
        reason="Loaded by the bench",
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - start
    log(f"  analyze: {timings['analyze']:.1f} s (claims from id {c0})")
    return Dataset(
        spec=spec,
        today=today,
        admin_id=admin,
        viewer_id=viewer,
        reviewer_ids=reviewers,
        editor_ids=editors,
        load_seconds=timings,
    )


def dataset_existing(today: date) -> Dataset | None:
    """Return the set a kept scratch database already holds (``bench --keep``), or None if it is empty."""
    from claims.models import Article, Author, Publication, Tag

    if not Claim.objects.exists():
        return None
    User = get_user_model()

    def ids(prefix: str) -> list[int]:
        return list(
            User.objects.filter(username__startswith=prefix).order_by("pk").values_list("pk", flat=True)
        )

    spec = Spec(
        claims=Claim.objects.count(),
        claimants=Author.objects.count(),
        publications=Publication.objects.count(),
        articles=Article.objects.count(),
        tags=Tag.objects.count(),
    )
    return Dataset(
        spec=spec,
        today=today,
        admin_id=User.objects.get(username="bench-admin").pk,
        viewer_id=User.objects.get(username="bench-viewer").pk,
        reviewer_ids=ids("bench-reviewer-"),
        editor_ids=ids("bench-editor-"),
        load_seconds={},
    )
