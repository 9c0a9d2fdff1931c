"""Reading claim spreadsheets: our own CSV export, Fatebook's and PredictionBook's.

Each layout is read into ``SheetClaim`` rows in the project's own terms
(article, claim fields, claimants, tags, status, verdict); the import service
(``claims/services/imports.py``) then writes them through the claim services.
Every value remembers the column it came from, so an error names the row and
the column the editor must fix.

Layouts (see docs/users.md, "Importing claims from a spreadsheet"):

- ``tracker``: the columns of ``/api/claims/export/`` (``claims.exports.CSV_COLUMNS``),
  plus an optional ``rationale``; ``id`` is ignored (rows get new ids).
- ``fatebook``: Fatebook's "Export to CSV", one row per forecast
  (``lib/web/export.ts`` in Sage-Future/fatebook).
- ``predictionbook``: PredictionBook has no CSV export of its own; its API
  (``/api/my_predictions``) gives predictions with ``id``, ``description``,
  ``creator_label``, ``created_at``, ``deadline``, ``mean_confidence`` (percent),
  ``outcome`` (true/false/null) and ``withdrawn``. A CSV with those field names
  as its header is read (what a JSON-to-CSV conversion of that answer gives).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from claims.api.renderers import csv_unescape
from claims.models import Article, Claim, Outcome, Tag

TRACKER, FATEBOOK, PREDICTIONBOOK = "tracker", "fatebook", "predictionbook"
FORMATS = (TRACKER, FATEBOOK, PREDICTIONBOOK)

# The columns that identify each layout (all must be in the header).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    TRACKER: ("statement", "quote", "article_title", "published_on", "publication"),
    FATEBOOK: ("Question title", "Forecast created by", "Question created at", "Question resolve by"),
    PREDICTIONBOOK: ("description", "creator_label", "created_at", "deadline", "mean_confidence"),
}
FATEBOOK_FORECAST = ("Forecast (scale = 0-1)", "Forecast")
FATEBOOK_URL = "https://fatebook.io/"
PREDICTIONBOOK_URL = "https://predictionbook.com/predictions/{id}"
FATEBOOK_VERDICTS = {
    "YES": Outcome.Verdict.TRUE,
    "NO": Outcome.Verdict.FALSE,
    "AMBIGUOUS": Outcome.Verdict.UNRESOLVABLE,
}
TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "t"}, {"false", "0", "no", "f"}
TAG_KINDS = {label.lower(): value for value, label in Tag.Kind.choices} | {v: v for v in Tag.Kind.values}
ARTICLE_TITLE_CHARS = Article._meta.get_field("title").max_length
LIST_SEPARATOR = re.compile(r"\s*;\s*")


class FormatError(ValueError):
    """The header matches no layout we read, or not the one asked for."""


@dataclass
class SheetClaim:
    """One claim to import, in the project's terms, with the column each value came from."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    publication: str = ""
    article: dict = field(default_factory=dict)  # title, url, published_on, authors
    claim: dict = field(default_factory=dict)  # Claim fields for claim_create; None = "apply the rule"
    claimants: list[str] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    status: str = Claim.Status.DRAFT
    outcome: dict | None = None  # verdict, known_on, evidence_links, rationale
    columns: dict[str, str] = field(default_factory=dict)  # "claim.due_on" -> "Question resolve by"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message) found while reading

    def column(self, key: str) -> str:
        """Return the spreadsheet column a value (``claim.due_on``, ``outcome.verdict``) came from."""
        return self.columns.get(key, key.split(".", 1)[-1])


@dataclass
class Skipped:
    row: int
    reason: str


class Cells:
    """A row's cells by column name, with typed readers that note errors instead of raising."""

    def __init__(self, record: dict[str, str], sheet: SheetClaim):
        self.record, self.sheet = record, sheet

    def text(self, column: str) -> str:
        return csv_unescape((self.record.get(column) or "").strip())

    def optional(self, column: str) -> str | None:
        return self.text(column) or None

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column)
        if not value:
            if required:
                self.error(column, "Give a date (YYYY-MM-DD).")
            return None
        match = re.match(r"\d{4}-\d{2}-\d{2}", value)  # also the date of "2024-05-01 10:00:00" or ISO times
        try:
            return date.fromisoformat(match.group()) if match else datetime.fromisoformat(value).date()
        except ValueError:
            self.error(column, f"Not a date: {value!r}; write YYYY-MM-DD.")
            return None

    def probability(self, column: str, *, percent: bool = False) -> float | None:
        value = self.text(column)
        if not value:
            return None
        if value.endswith("%"):
            value, percent = value[:-1], True
        try:
            number = float(value)
        except ValueError:
            self.error(column, f"Not a number: {value!r}.")
            return None
        return number / 100 if percent else number

    def flag(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if value in ("", "null", "none"):
            return None
        if value in TRUE_WORDS | FALSE_WORDS:
            return value in TRUE_WORDS
        self.error(column, f"Expected true or false, not {value!r}.")
        return None

    def names(self, column: str) -> list[str]:
        return [name for name in LIST_SEPARATOR.split(self.text(column)) if name]

    def error(self, column: str, message: str) -> None:
        self.sheet.errors.append((column, message))


def detect_format(header: Iterable[str]) -> str:
    """Return the layout whose columns the header has; raise ``FormatError`` if none."""
    columns = set(header)
    for name in FORMATS:
        if set(REQUIRED_COLUMNS[name]) <= columns:
            if name == FATEBOOK and not columns & set(FATEBOOK_FORECAST):
                continue
            return name
    raise FormatError(
        "The header matches none of the layouts read here (this tracker's export, Fatebook's, "
        "PredictionBook's); see docs/users.md for their columns."
    )


def check_format(header: Iterable[str], name: str) -> None:
    missing = [column for column in REQUIRED_COLUMNS[name] if column not in set(header)]
    if missing:
        raise FormatError(f"Not a {name} file: the header lacks {', '.join(missing)}.")


def title_for(text: str) -> str:
    """Return ``text`` cut to fit an article title (a question can be longer)."""
    return text if len(text) <= ARTICLE_TITLE_CHARS else text[: ARTICLE_TITLE_CHARS - 1] + "…"


# --- this tracker's own export ------------------------------------------------

_TRACKER_CLAIM_FIELDS = (
    "kind",
    "quote",
    "statement",
    "condition",
    "resolution_criteria",
    "time_expression",
    "precision",
    "hedge",
)


def _tracker_row(sheet: SheetClaim, cells: Cells) -> SheetClaim:
    sheet.columns = {
        "article.title": "article_title",
        "article.url": "article_url",
        "outcome.evidence_links": "evidence_links",
        "claim.deadline_inferred": "precision",
    }
    sheet.publication = cells.text("publication")
    published_on = cells.date("published_on", required=True)
    sheet.article = {
        "title": cells.text("article_title"),
        "url": cells.text("article_url"),
        "published_on": published_on,
        "authors": cells.names("claimants"),
    }
    claim = {name: cells.optional(name) for name in _TRACKER_CLAIM_FIELDS}
    claim["quote"], claim["statement"] = cells.text("quote"), cells.text("statement")
    claim["window_start"], claim["due_on"] = cells.date("window_start"), cells.date("due_on")
    claim["probability"] = cells.probability("probability")
    if claim["precision"] == Claim.Precision.INFERRED and _default_horizon(published_on, claim["due_on"]):
        # No time bound: the rule gives the same date again (an extended deadline is kept as given).
        claim.update(window_start=None, due_on=None, precision=None, deadline_inferred=True)
    sheet.claim = claim
    sheet.claimants = cells.names("claimants")
    for tag in cells.names("tags"):
        kind, _, name = tag.partition(":")
        if not name.strip() or kind.strip().lower() not in TAG_KINDS:
            cells.error(
                "tags", f"Write a tag as 'Kind: name' (kinds: {', '.join(Tag.Kind.labels)}), not {tag!r}."
            )
            continue
        sheet.tags.append((TAG_KINDS[kind.strip().lower()], name.strip()))
    sheet.status = cells.text("status").lower() or Claim.Status.DRAFT
    if sheet.status not in Claim.Status.values:
        cells.error("status", f"Unknown status {sheet.status!r}; one of {', '.join(Claim.Status.values)}.")
    verdict = cells.text("verdict").lower()
    if verdict:
        sheet.outcome = {
            "verdict": verdict,
            "known_on": cells.date("known_on", required=True),
            "evidence_links": cells.text("evidence_links"),
            "rationale": cells.text("rationale"),
        }
    if (sheet.status == Claim.Status.RESOLVED) != bool(verdict):
        cells.error("verdict", "A resolved claim needs its verdict, and only a resolved claim has one.")
    return sheet


def _default_horizon(published_on: date | None, due_on: date | None) -> bool:
    from claims.services.claims import default_due_on

    return published_on is None or due_on is None or due_on == default_due_on(published_on)


# --- Fatebook --------------------------------------------------------------------


def _fatebook_rows(records: list[tuple[int, dict]]) -> list[SheetClaim | Skipped]:
    """One claim per question: its creator's first forecast (else the first forecast on it).

    Fatebook exports every forecast; later ones by the same person are updates, and
    other people's forecasts on a shared question are theirs, not the question's.
    """
    questions: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for number, record in records:
        key = (record.get("Question title", ""), record.get("Question created at", ""))
        questions.setdefault(key, []).append((number, record))
    results: list[SheetClaim | Skipped] = []
    for forecasts in questions.values():
        forecasts.sort(key=lambda item: item[1].get("Forecast created at", ""))
        own = [f for f in forecasts if f[1].get("Forecast created by") == f[1].get("Question created by")]
        number, chosen = (own or forecasts)[0]
        for other, _ in forecasts:
            if other != number:
                results.append(
                    Skipped(other, f"Another forecast on the question imported from row {number}.")
                )
        sheet = SheetClaim(row=number)
        results.append(_fatebook_row(sheet, Cells(chosen, sheet)))
    return sorted(results, key=lambda result: result.row)


def _fatebook_row(sheet: SheetClaim, cells: Cells) -> SheetClaim:
    forecast_column = next(c for c in FATEBOOK_FORECAST if c in cells.record)
    sheet.columns = {
        "article.title": "Question title",
        "article.published_on": "Question created at",
        "claim.quote": "Question title",
        "claim.statement": "Question title",
        "claim.due_on": "Question resolve by",
        "claim.probability": forecast_column,
        "claim.resolution_criteria": "Question notes",
        "outcome.verdict": "Resolution",
        "outcome.known_on": "Resolved at",
    }
    question = cells.text("Question title")
    creator = cells.text("Question created by") or cells.text("Forecast created by")
    sheet.publication = "Fatebook"
    sheet.article = {
        "title": title_for(question),
        "url": "",
        "authors": [creator] if creator else [],
        "published_on": cells.date("Question created at", required=True),
    }
    sheet.claim = {
        "quote": question,
        "statement": question,
        "due_on": cells.date("Question resolve by", required=True),
        "precision": Claim.Precision.DAY,
        "probability": cells.probability(forecast_column, percent=forecast_column == "Forecast"),
        "resolution_criteria": cells.optional("Question notes"),
    }
    sheet.claimants = [cells.text("Forecast created by")] if cells.text("Forecast created by") else []
    sheet.status = Claim.Status.OPEN
    resolution = cells.text("Resolution").upper()
    if resolution:
        if resolution not in FATEBOOK_VERDICTS:
            cells.error("Resolution", f"Unknown resolution {resolution!r}; YES, NO or AMBIGUOUS.")
            return sheet
        verdict = FATEBOOK_VERDICTS[resolution]
        sheet.status = Claim.Status.RESOLVED
        sheet.outcome = {
            "verdict": verdict,
            "known_on": cells.date("Resolved at", required=True),
            # Fatebook's export has no link to the question: the evidence is its resolution there.
            "evidence_links": [FATEBOOK_URL] if verdict != Outcome.Verdict.UNRESOLVABLE else [],
            "rationale": f"Resolved {resolution} on Fatebook by the question's author ({creator}).",
        }
    return sheet


# --- PredictionBook -------------------------------------------------------------


def _predictionbook_row(sheet: SheetClaim, cells: Cells) -> SheetClaim:
    sheet.columns = {
        "article.title": "description",
        "article.published_on": "created_at",
        "claim.quote": "description",
        "claim.statement": "description",
        "claim.due_on": "deadline",
        "claim.probability": "mean_confidence",
        "outcome.verdict": "outcome",
        "outcome.known_on": "updated_at",
    }
    description, creator, pb_id = cells.text("description"), cells.text("creator_label"), cells.text("id")
    url = PREDICTIONBOOK_URL.format(id=pb_id) if pb_id.isdigit() else ""
    sheet.publication = "PredictionBook"
    sheet.article = {
        "title": title_for(description),
        "url": url,
        "authors": [creator] if creator else [],
        "published_on": cells.date("created_at", required=True),
    }
    due_on = cells.date("deadline", required=True)
    sheet.claim = {
        "quote": description,
        "statement": description,
        "due_on": due_on,
        "precision": Claim.Precision.DAY,
        "probability": cells.probability("mean_confidence", percent=True),
    }
    sheet.claimants = [creator] if creator else []
    sheet.status = Claim.Status.OPEN
    outcome = cells.flag("outcome")
    if outcome is not None:
        sheet.status = Claim.Status.RESOLVED
        known_on = cells.date("updated_at") or due_on  # PredictionBook keeps no judgement date here
        sheet.outcome = {
            "verdict": Outcome.Verdict.TRUE if outcome else Outcome.Verdict.FALSE,
            "known_on": min(known_on, timezone.localdate()) if known_on else None,
            "evidence_links": [url] if url else [],
            "rationale": f"Judged {'right' if outcome else 'wrong'} on PredictionBook.",
        }
    elif cells.flag("withdrawn"):
        sheet.status = Claim.Status.WITHDRAWN
    return sheet


def read_sheet(header: list[str], records: list[tuple[int, dict]], name: str) -> list[SheetClaim | Skipped]:
    """Return the claims (and the rows deliberately left out) of a file in layout ``name``."""
    if name == FATEBOOK:
        return _fatebook_rows(records)
    read = _tracker_row if name == TRACKER else _predictionbook_row
    results = []
    for number, record in records:
        sheet = SheetClaim(row=number)
        results.append(read(sheet, Cells(record, sheet)))
    return results
