"""Claims in from a spreadsheet: checked whole, then written all at once or not at all.

The admin's "Import CSV" page, ``POST /api/claims/import/`` and ``manage.py
import_claims`` call ``claims_import_csv``. Each row goes through the same
services as a claim typed in by hand (``claim_create``; ``outcome_record`` for a
verdict, in the importer's name; ``claim_withdraw``), inside one transaction
with a savepoint per row, so the preview (``dry_run``) is the import itself,
rolled back: it finds every error the real run would. Any error rolls the whole
file back.

Rows are matched to what is already there as the seed loader matches them:
the article by (publication, title, publication date), the claim by its article
and verbatim quote and statement (``Claim.source_key``). A claim already present
is skipped, never changed, so importing a file twice adds nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims import spreadsheets
from claims.models import Article, Author, Claim, Publication, Tag
from claims.roles import RECORD_OUTCOME
from claims.services.articles import article_save
from claims.services.claims import claim_create
from claims.services.lifecycle import claim_withdraw, outcome_record
from claims.spreadsheets import SheetClaim, Skipped

Status = Claim.Status
# What the history says of an imported row (who: the importer).
IMPORT_REASONS = {
    spreadsheets.TRACKER: "Imported from a CSV file",
    spreadsheets.FATEBOOK: "Imported from a Fatebook CSV export",
    spreadsheets.PREDICTIONBOOK: "Imported from a PredictionBook CSV file",
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RowResult:
    row: int
    action: str  # "create", "skip" (already there, or left out on purpose) or "error"
    article: str = ""
    statement: str = ""
    status: str = ""
    note: str = ""


@dataclass
class ImportReport:
    """What an import did, or (``dry_run``, or with errors) would have done: nothing was kept then."""

    format: str
    dry_run: bool
    results: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    def count(self, action: str) -> int:
        return sum(result.action == action for result in self.results)

    def summary(self) -> str:
        done = "Imported" if self.written else "Would import" if not self.errors else "Nothing imported"
        return (
            f"{done} ({self.format}): {len(self.results)} rows, {self.count('create')} new claims, "
            f"{self.count('skip')} skipped, {len(self.errors)} errors."
        )


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def read_upload(upload) -> bytes:
    """Return an uploaded file's bytes, refusing one over the size limit before reading it."""
    if upload is None:
        raise _file_error("Choose a CSV file.")
    if upload.size > settings.CLAIMS_IMPORT_MAX_BYTES:
        raise _file_error(
            f"The file is over the limit of {settings.CLAIMS_IMPORT_MAX_BYTES:,} bytes; split it."
        )
    return upload.read()


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """Return the header and the rows (numbered as a spreadsheet shows them) of a CSV file.

    Raises ``ValidationError`` on the ``file`` field for a file that is too big, not
    UTF-8, not CSV, empty, or has more rows than ``CLAIMS_IMPORT_MAX_ROWS``.
    """
    if len(data) > settings.CLAIMS_IMPORT_MAX_BYTES:
        raise _file_error(
            f"The file is over the limit of {settings.CLAIMS_IMPORT_MAX_BYTES:,} bytes; split it."
        )
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        raise _file_error("The file is not UTF-8 text; save it as 'CSV UTF-8'.") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # a stray quote is an error, not a guess
    try:
        header = [column.strip() for column in next(reader, [])]
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == settings.CLAIMS_IMPORT_MAX_ROWS:
                raise _file_error(f"More than {settings.CLAIMS_IMPORT_MAX_ROWS:,} rows; split the file.")
            rows.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        raise _file_error(f"Not a readable CSV file (row {reader.line_num}): {exc}.") from exc
    if not any(header):
        raise _file_error("The file is empty: the first row must be the header.")
    return header, rows


def claims_import_csv(*, data: bytes, by, dry_run: bool, format: str | None = None) -> ImportReport:
    """Import a CSV file of claims (this tracker's export, Fatebook's or PredictionBook's).

    ``format`` is one of ``spreadsheets.FORMATS``; None reads it from the header.
    Returns the report; with row errors, or with ``dry_run``, nothing is kept.
    """
    header, records = read_csv(data)
    try:
        if format is None:
            format = spreadsheets.detect_format(header)
        else:
            spreadsheets.check_format(header, format)
    except spreadsheets.FormatError as exc:
        raise ValidationError({"format": str(exc)}) from exc
    report = ImportReport(format=format, dry_run=dry_run)
    with transaction.atomic():
        for sheet in spreadsheets.read_sheet(header, records, format):
            report.results.append(_import_one(sheet, by, report))
        if report.count("create"):
            from tracker.services.flagging import claims_flag_due

            # The tracker's one rule for "due" (open and past the due date), as the beat job applies it.
            claims_flag_due()
        if not report.written:
            transaction.set_rollback(True)
    return report


def _import_one(sheet: SheetClaim | Skipped, by, report: ImportReport) -> RowResult:
    if isinstance(sheet, Skipped):
        return RowResult(sheet.row, "skip", note=sheet.reason)
    described = {"article": sheet.article.get("title", ""), "statement": sheet.claim.get("statement", "")}
    errors = [RowError(sheet.row, column, message) for column, message in sheet.errors]
    if not errors:
        try:
            with transaction.atomic():
                created = _write(sheet, by, reason=IMPORT_REASONS[report.format])
        except ValidationError as exc:
            errors = _row_errors(sheet, exc)
        except IntegrityError as exc:  # a race with another writer; the constraint says which
            errors = [RowError(sheet.row, "", f"Refused by the database: {exc}")]
    if errors:
        report.errors.extend(errors)
        return RowResult(sheet.row, "error", **described, note=errors[0].message)
    if not created:
        return RowResult(sheet.row, "skip", **described, note="Already in the tracker.")
    return RowResult(sheet.row, "create", **described, status=sheet.status)


# A table constraint's error names no field; these say which column to fix.
_CONSTRAINT_FIELDS = {
    "claim_probability_strictly_between_0_and_1": "probability",
    "claim_window_start_not_after_due_on": "window_start",
    "claim_conditional_has_condition": "condition",
    "claim_unique_statement_per_article": "statement",
}
_CONSTRAINT_MESSAGES = {
    str(constraint.violation_error_message): _CONSTRAINT_FIELDS[constraint.name]
    for constraint in Claim._meta.constraints
    if constraint.name in _CONSTRAINT_FIELDS
}


def _row_errors(sheet: SheetClaim, exc: ValidationError) -> list[RowError]:
    stage = getattr(exc, "stage", "claim")
    if not hasattr(exc, "error_dict"):
        return [RowError(sheet.row, "", message) for message in exc.messages]
    errors = []
    for name, messages in exc.message_dict.items():
        for message in messages:
            field = _CONSTRAINT_MESSAGES.get(message) if name == "__all__" and stage == "claim" else name
            column = sheet.column(f"{stage}.{field}") if field and field != "__all__" else ""
            errors.append(RowError(sheet.row, column, message))
    return errors


def _staged(stage: str, exc: ValidationError) -> ValidationError:
    exc.stage = stage
    return exc


def _write(sheet: SheetClaim, by, *, reason: str) -> bool:
    """Create the row's article and claim (and its verdict); return False if the claim exists."""
    article = _article(sheet, by, reason=reason)
    claim_fields = {"article": article, **sheet.claim}
    source_key = Claim.make_source_key(claim_fields["quote"], claim_fields["statement"])
    if Claim.objects.filter(article=article, source_key=source_key).exists():
        return False
    claimants = [_author(name) for name in sheet.claimants]
    tags = [Tag.objects.get_or_create(kind=kind, name=name)[0] for kind, name in sheet.tags]
    # A withdrawn claim comes in as a withdrawn draft: it was perhaps never published.
    status = Status.DRAFT if sheet.status in (Status.DRAFT, Status.WITHDRAWN) else Status.OPEN
    if sheet.status == Status.DUE and sheet.claim.get("due_on") and not _past(sheet.claim["due_on"]):
        raise _staged("claim", ValidationError({"status": "A claim due for review has a past due date."}))
    try:
        claim = claim_create(
            by=by,
            reason=reason,
            status=status,
            claimants=claimants,
            tags=tags,
            **claim_fields,
        )
    except ValidationError as exc:
        raise _staged("claim", exc) from exc
    if sheet.status == Status.WITHDRAWN:
        claim_withdraw(claim=claim, by=by, reason="Imported as withdrawn")
    if sheet.outcome:
        _verdict(sheet, claim, by)
    return True


def _verdict(sheet: SheetClaim, claim: Claim, by) -> None:
    if by is None or not by.has_perm(RECORD_OUTCOME):
        who = "a reviewer" if by is not None else "a user (import_claims --user NAME)"
        raise _staged(
            "outcome",
            ValidationError(
                {
                    "verdict": f"Verdicts are recorded by {who}; import as "
                    "someone who may record outcomes, or leave the verdict out."
                }
            ),
        )
    outcome = dict(sheet.outcome)
    outcome["rationale"] = outcome["rationale"] or "Imported from a spreadsheet with this verdict."
    try:
        outcome_record(claim=claim, reviewer=by, **outcome)
    except ValidationError as exc:
        raise _staged("outcome", exc) from exc


def _past(day) -> bool:
    return day < timezone.localdate()


def _article(sheet: SheetClaim, by, *, reason: str) -> Article:
    data = sheet.article
    errors = {}
    if not sheet.publication:
        errors["publication"] = "Give the publication's name."
    if not data.get("title"):
        errors["title"] = "Give the article's title."
    if errors or data.get("published_on") is None:
        raise _staged("article", ValidationError(errors or {"published_on": "Give the publication date."}))
    publication, _ = Publication.objects.get_or_create(name=sheet.publication)
    key = {"publication": publication, "title": data["title"], "published_on": data["published_on"]}
    article = Article.objects.filter(**key).first()
    if article is not None:
        return article
    authors = [_author(name) for name in data.get("authors", ())]
    try:  # the sheet brings its own claims: nothing to propose
        return article_save(
            Article(), by=by, reason=reason, authors=authors, propose=False, **key, url=data.get("url") or ""
        )
    except ValidationError as exc:
        raise _staged("article", exc) from exc


def _author(name: str) -> Author:
    author = Author(name=name)
    try:
        author.clean_fields(exclude=["bio"])
    except ValidationError as exc:
        raise _staged("claim", ValidationError({"claimants": exc.message_dict["name"]})) from exc
    return Author.objects.get_or_create(name=name)[0]
