"""Hand-written SQL for the same results the project computes: the database's own limit.

Each statement returns what the project path returns (the same page, the same
aggregate, the same rows) so the ratio project / raw says what the project's
layers cost. Visibility is spelled out as the project applies it: readers
never see drafts, nor a withdrawn claim that was never published.
"""

from benchmarks.dataset import history_insert_sql, history_m2m_insert_sql
from tracker.services.flagging import FLAGGED_REASON

# ClaimQuerySet.visible_to for a reader without edit rights.
VISIBLE = """c.status <> 'draft' AND (c.status <> 'withdrawn' OR EXISTS (
    SELECT 1 FROM claims_historicalclaim h WHERE h.id = c.id AND h.status NOT IN ('draft', 'withdrawn')))"""
SCORED_FOR_READER = "c.status NOT IN ('draft', 'withdrawn')"

CLAIM_COLUMNS = """c.id, c.article_id, c.quote, c.statement, c.resolution_criteria, c.kind, c.condition,
    c.time_expression, c.window_start, c.due_on, c.precision, c.deadline_inferred, c.hedge, c.probability,
    c.probability_source, c.status, c.source_key, c.reviewer_id, c.flagged_due_at, c.resolved_at,
    c.created_at, c.updated_at"""

OUTCOME = "(CASE o.verdict WHEN 'true' THEN 1.0 WHEN 'partly_true' THEN 0.5 WHEN 'false' THEN 0.0 END)"
SCORED_ROW = "c.status = 'resolved' AND o.verdict IN ('true', 'partly_true', 'false')"


def _count(condition: str) -> str:
    return f"COUNT(*) FILTER (WHERE {condition})"


# The columns tracker.scorecards.scorecard_rows computes, per group.
SCORECARD_TOTALS = f"""
SELECT {{key}} AS key, COUNT(*) AS claims, {_count("c.status = 'resolved'")} AS resolved,
    {_count("c.status IN ('open', 'due') AND c.due_on < %(today)s")} AS overdue,
    {_count(SCORED_ROW)} AS scored,
    AVG(CASE WHEN {SCORED_ROW} THEN
        CASE WHEN c.probability IS NULL OR c.probability > 0.5 THEN {OUTCOME}
             WHEN c.probability < 0.5 THEN 1.0 - {OUTCOME} END END) AS hit_rate,
    AVG(CASE WHEN {SCORED_ROW} THEN (c.probability - {OUTCOME}) ^ 2 END) AS brier
FROM claims_claim c {{join}}
LEFT JOIN claims_outcome o ON o.claim_id = c.id
WHERE {SCORED_FOR_READER}
GROUP BY {{key}}
"""
SCORECARD_BINS = f"""
SELECT {{key}}, LEAST(FLOOR(c.probability * 10), 9)::int AS bin, COUNT(*), AVG(c.probability), AVG({OUTCOME})
FROM claims_claim c {{join}}
JOIN claims_outcome o ON o.claim_id = c.id
WHERE {SCORED_FOR_READER} AND {SCORED_ROW} AND c.probability IS NOT NULL
GROUP BY 1, 2
"""
GROUP_JOINS = {
    "claimant": ("g.author_id", "JOIN claims_claim_claimants g ON g.claim_id = c.id"),
    "tag": ("g.tag_id", "JOIN claims_claim_tags g ON g.claim_id = c.id"),
    "publication": ("g.publication_id", "JOIN claims_article g ON g.id = c.article_id"),
    "year": ("EXTRACT(YEAR FROM c.due_on)::int", ""),
}


def scorecard(group: str, where: str = "true") -> tuple[str, str]:
    key, join = GROUP_JOINS[group]
    totals = SCORECARD_TOTALS.format(key=key, join=join).replace("GROUP BY", f"AND {where} GROUP BY")
    bins = SCORECARD_BINS.format(key=key, join=join).replace("GROUP BY", f"AND {where} GROUP BY")
    return totals, bins


def flag_update() -> str:
    return (
        "UPDATE claims_claim SET status = 'due', flagged_due_at = %(date)s, updated_at = %(date)s "
        "WHERE status = 'open' AND due_on < %(today)s"
    )


FLAGGED = "c.status = 'due' AND c.flagged_due_at = %(date)s"
FLAG_HISTORY = [history_insert_sql(where=FLAGGED), *history_m2m_insert_sql(where=FLAGGED)]
FLAG_PARAMS = {"type": "~", "reason": FLAGGED_REASON}

# The rows a digest run reads: due claims and open ones coming due,
# with article, publication, reviewer and watchers.
DIGEST_CLAIMS = f"""
SELECT {CLAIM_COLUMNS}, a.title, a.url, p.name, u.username, u.email
FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
JOIN claims_publication p ON p.id = a.publication_id LEFT JOIN auth_user u ON u.id = c.reviewer_id
WHERE c.status = 'due' OR (c.status = 'open' AND c.due_on <= %(lead_until)s)
ORDER BY c.due_on, c.id
"""
DIGEST_WATCHERS = """
SELECT w.claim_id, u.id, u.username, u.email FROM claims_claim_watchers w
JOIN auth_user u ON u.id = w.user_id JOIN claims_claim c ON c.id = w.claim_id
WHERE c.status = 'due' OR (c.status = 'open' AND c.due_on <= %(lead_until)s)
"""


def api_page(where: str) -> list[str]:
    """The claims API's page of 50 (by due date) and its count, as a reader sees them.

    With what the page shows of each claim: article, publication, outcome, claimants, tags.
    The count is exact up to %(count_cap)s rows, as the API's (claims/pagination.py): above
    that the API shows the planner's estimate, which costs no reading.
    """
    return [
        f"SELECT COUNT(*) FROM (SELECT 1 FROM claims_claim c WHERE {VISIBLE} AND {where} "
        "LIMIT %(count_cap)s) capped",
        f"""WITH page AS (
            SELECT {CLAIM_COLUMNS} FROM claims_claim c WHERE {VISIBLE} AND {where}
            ORDER BY c.due_on, c.id LIMIT 50 OFFSET %(offset)s)
        SELECT page.*, a.title, a.url, a.published_on, p.name, o.verdict, o.known_on, o.evidence_links,
            (SELECT array_agg(cc.author_id) FROM claims_claim_claimants cc WHERE cc.claim_id = page.id),
            (SELECT array_agg(ct.tag_id) FROM claims_claim_tags ct WHERE ct.claim_id = page.id)
        FROM page JOIN claims_article a ON a.id = page.article_id
        JOIN claims_publication p ON p.id = a.publication_id
        LEFT JOIN claims_outcome o ON o.claim_id = page.id
        ORDER BY page.due_on, page.id""",
    ]


def admin_claims(where: str, *, order: str = "c.due_on, c.id") -> str:
    """An admin claim list page: 50 rows with article, publication and reviewer, and their claimants."""
    return f"""
WITH page AS (
    SELECT {CLAIM_COLUMNS}, a.title, p.name AS publication, u.username
    FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
    JOIN claims_publication p ON p.id = a.publication_id LEFT JOIN auth_user u ON u.id = c.reviewer_id
    WHERE {where} ORDER BY {order} LIMIT 50)
SELECT page.*, (SELECT string_agg(au.name, ', ') FROM claims_claim_claimants cc
    JOIN claims_author au ON au.id = cc.author_id WHERE cc.claim_id = page.id) FROM page
"""


ADMIN_SEARCH = """(c.statement ILIKE %(like)s OR c.quote ILIKE %(like)s OR a.title ILIKE %(like)s
    OR EXISTS (SELECT 1 FROM claims_claim_claimants cc JOIN claims_author au ON au.id = cc.author_id
               WHERE cc.claim_id = c.id AND au.name ILIKE %(like)s))"""

ADMIN_ARTICLES = """
WITH page AS (
    SELECT a.*, p.name AS publication
    FROM claims_article a JOIN claims_publication p ON p.id = a.publication_id
    ORDER BY a.published_on DESC, a.title, a.id DESC LIMIT 100)
SELECT page.*, (SELECT COUNT(*) FROM claims_claim c WHERE c.article_id = page.id) FROM page
"""
ADMIN_OUTCOMES = """
SELECT o.*, c.statement, u.username FROM claims_outcome o JOIN claims_claim c ON c.id = o.claim_id
JOIN auth_user u ON u.id = o.reviewer_id ORDER BY o.known_on DESC, o.id LIMIT 100
"""

EXPORT_ROWS = f"""
SELECT c.id, c.status, c.kind, c.statement, c.quote, c.condition, c.resolution_criteria, c.time_expression,
    c.window_start, c.due_on, c.precision, c.hedge, c.probability,
    (SELECT string_agg(au.name, '; ' ORDER BY au.name) FROM claims_claim_claimants cc
        JOIN claims_author au ON au.id = cc.author_id WHERE cc.claim_id = c.id),
    (SELECT string_agg(t.kind || ': ' || t.name, '; ' ORDER BY t.kind, t.name) FROM claims_claim_tags ct
        JOIN claims_tag t ON t.id = ct.tag_id WHERE ct.claim_id = c.id),
    a.title, a.url, a.published_on, p.name,
    CASE WHEN c.status = 'resolved' THEN o.verdict END, CASE WHEN c.status = 'resolved' THEN o.known_on END,
    CASE WHEN c.status = 'resolved' THEN o.evidence_links END
FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
JOIN claims_publication p ON p.id = a.publication_id LEFT JOIN claims_outcome o ON o.claim_id = c.id
WHERE {VISIBLE} AND {{where}}
ORDER BY c.due_on, c.id
"""

HOME = [
    f"SELECT {CLAIM_COLUMNS}, a.title FROM claims_claim c JOIN claims_article a ON a.id = c.article_id "
    f"WHERE {VISIBLE} AND c.status IN ('open', 'due') AND c.due_on >= %(today)s "
    "ORDER BY c.due_on, c.id LIMIT 10",
    f"SELECT {CLAIM_COLUMNS}, o.verdict FROM claims_claim c JOIN claims_outcome o ON o.claim_id = c.id "
    f"WHERE {VISIBLE} AND c.status = 'resolved' ORDER BY c.resolved_at DESC, c.id DESC LIMIT 10",
    scorecard("claimant")[0] + " ORDER BY brier NULLS LAST LIMIT 5",
]
CLAIM_PAGE = [
    f"SELECT {CLAIM_COLUMNS}, a.title, a.body, p.name, o.verdict, o.rationale, o.evidence_links "
    "FROM claims_claim c JOIN claims_article a ON a.id = c.article_id "
    "JOIN claims_publication p ON p.id = a.publication_id LEFT JOIN claims_outcome o ON o.claim_id = c.id "
    f"WHERE {VISIBLE} AND c.id = %(claim)s",
    "SELECT au.name FROM claims_claim_claimants cc JOIN claims_author au ON au.id = cc.author_id "
    "WHERE cc.claim_id = %(claim)s",
    "SELECT t.kind, t.name FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id "
    "WHERE ct.claim_id = %(claim)s",
    "SELECT history_date, status FROM claims_historicalclaim WHERE id = %(claim)s "
    "ORDER BY history_date DESC LIMIT 20",
]
IN_CLAIMANT = "c.id IN (SELECT claim_id FROM claims_claim_claimants WHERE author_id = %(claimant)s)"
CLAIMANT_PAGE = [
    *scorecard("claimant", "g.author_id = %(claimant)s"),
    f"SELECT EXTRACT(year FROM c.due_on), COUNT(*) FROM claims_claim c "
    f"WHERE {SCORED_FOR_READER} AND {IN_CLAIMANT} GROUP BY 1",
    f"SELECT {CLAIM_COLUMNS} FROM claims_claim c WHERE {VISIBLE} AND {IN_CLAIMANT} "
    "ORDER BY c.due_on DESC, c.id DESC LIMIT 20",
]
