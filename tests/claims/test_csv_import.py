"""Claims in from a spreadsheet: the export round-trips, a bad row writes nothing, other trackers' files."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from claims.models import Article, Author, Claim, ClaimCorrection, Outcome, Publication, Tag
from claims.roles import EDITORS, REVIEWERS
from claims.services import claim_create, claim_publish, claim_withdraw, outcome_record
from claims.services.imports import RowError, claims_import_csv
from tests.factories import UserFactory
from tracker.services.flagging import claims_flag_due

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
PUBLISHED = date(2025, 1, 15)


@pytest.fixture
def importer(db):
    """An editor who may also record verdicts: imports with outcomes need both."""
    return UserFactory(username="importer", groups=[EDITORS, REVIEWERS])


def export_csv(api, user) -> bytes:
    response = api(user).get("/api/claims/export/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # exports stream (issue 13)


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def build_record(by) -> None:
    """Claims in every status and shape an export can hold, made through the services."""
    publication = Publication.objects.create(name="Caucasus Analyst")
    ann, bob = Author.objects.create(name="Ann Aro"), Author.objects.create(name="Bob Byrne")
    first = Article.objects.create(publication=publication, title="Referendum ahead", published_on=PUBLISHED)
    first.authors.set([ann, bob])
    second = Article.objects.create(
        publication=publication, title="Pipelines", published_on=PUBLISHED, url="https://example.org/pipes"
    )
    second.authors.set([bob])
    region = Tag.objects.create(kind=Tag.Kind.REGION, name="South Caucasus")
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, name="Energy")

    def make(article, quote, statement, **fields):
        return claim_create(by=by, article=article, quote=quote, statement=statement, **fields)

    make(
        first,
        "If talks resume, a deal is likely by late 2030.",
        "A deal is signed by the end of 2030.",
        kind=Claim.Kind.CONDITIONAL,
        condition="The talks resume.",
        time_expression="late 2030",
        hedge="likely",
        tags=[region, topic],
    )  # a draft; window read from the time expression
    make(
        first,
        "A referendum will not take place before 2031.",
        "No referendum is held before 2031.",
        status=Claim.Status.OPEN,
        kind=Claim.Kind.NOT_BEFORE,
        window_start=date(2031, 1, 1),
        due_on=date(2031, 1, 1),
        precision=Claim.Precision.YEAR,
        hedge="will",
    )
    make(
        second,
        "The president said output may double.",
        "Output doubles.",
        status=Claim.Status.OPEN,
        deadline_inferred=True,
        probability=0.3,
        claimants=[Author.objects.create(name="A. President")],
        resolution_criteria="Official statistics.",
    )
    make(
        second,
        "- Exports are expected to rise by mid-2025.",
        "=Exports rise by mid-2025.",
        status=Claim.Status.OPEN,
        time_expression="mid-2025",
        hedge="expected to",
        tags=[topic],
    )  # falls due
    resolved = make(
        second,
        "The pipeline will likely open in 2025.",
        "The pipeline opens in 2025.",
        status=Claim.Status.OPEN,
        time_expression="in 2025",
        hedge="likely",
    )
    outcome_record(
        claim=resolved,
        reviewer=by,
        verdict=Outcome.Verdict.TRUE,
        rationale="It opened.",
        known_on=date(2025, 8, 1),
        evidence_links=["https://example.org/a", "https://example.org/b"],
    )
    annulled = make(
        first,
        "If the vote is held, turnout may be low by 2025.",
        "Turnout is low.",
        status=Claim.Status.OPEN,
        kind=Claim.Kind.CONDITIONAL,
        condition="The vote is held.",
        due_on=date(2025, 12, 31),
        precision=Claim.Precision.YEAR,
        hedge="may",
    )
    outcome_record(
        claim=annulled,
        reviewer=by,
        verdict=Outcome.Verdict.ANNULLED,
        rationale="No vote.",
        known_on=date(2026, 1, 10),
    )
    withdrawn = make(
        first,
        "Growth could reach 5% in 2029.",
        "Growth reaches 5% in 2029.",
        time_expression="in 2029",
        hedge="could",
    )
    claim_publish(claim=withdrawn, by=by)
    claim_withdraw(claim=withdrawn, by=by, reason="A duplicate.")
    claims_flag_due()


def empty_database() -> None:
    for model in (Outcome, ClaimCorrection, Claim, Article, Author, Tag, Publication):
        model.objects.all().delete()


def test_export_import_into_an_empty_database_export_again_is_identical(api, importer):
    build_record(importer)
    exported = export_csv(api, importer)
    before = rows(exported)
    statuses = {row[1] for row in before[1:]}
    assert statuses == {"draft", "open", "due", "resolved", "withdrawn"}, "the record covers every status"
    empty_database()

    report = claims_import_csv(data=exported, by=importer, dry_run=False)

    assert report.errors == [] and report.written and report.format == "tracker"
    after = rows(export_csv(api, importer))
    assert after[0] == before[0]
    assert "'=Exports rise by mid-2025." in exported.decode(), "a formula-like cell was escaped and restored"
    # Identical but for the ids, which are the new database's own.
    assert [row[1:] for row in after] == [row[1:] for row in before]
    assert len(after) == len(before) == 8


def test_importing_the_same_file_twice_adds_nothing(api, importer):
    build_record(importer)
    data = export_csv(api, importer)
    claims, history = Claim.objects.count(), Claim.history.count()

    report = claims_import_csv(data=data, by=importer, dry_run=False)

    assert report.count("skip") == claims and report.count("create") == 0
    assert (Claim.objects.count(), Claim.history.count()) == (claims, history)


HEADER = "publication,article_title,published_on,status,quote,statement,due_on,precision,claimants,tags\n"


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row_and_column(importer):
    data = (
        HEADER
        + "Analyst,Good piece,2025-01-15,open,It will rain by 2030.,It rains by 2030.,2030-12-31,year,Ann,\n"
        + "Analyst,Good piece,2025-01-15,open,It may snow.,It snows.,2026-02-30,day,Ann,\n"
        + "Analyst,Good piece,2025-01-15,open,It froze.,It froze.,2024-12-31,day,Ann,Region: Arctic\n"
    ).encode()
    before = Claim.history.count()

    report = claims_import_csv(data=data, by=importer, dry_run=False)

    assert not report.written
    assert [(e.row, e.column) for e in report.errors] == [(3, "due_on"), (4, "due_on")]
    assert "Not a date: '2026-02-30'" in report.errors[0].message
    assert "cannot fall due before its article" in report.errors[1].message
    assert [r.action for r in report.results] == ["create", "error", "error"]
    assert not Claim.objects.exists() and not Article.objects.exists() and not Author.objects.exists()
    assert not Tag.objects.exists() and Claim.history.count() == before


def test_the_dry_run_finds_what_the_import_would_do_and_writes_nothing(importer):
    data = (
        b"publication,article_title,published_on,status,quote,statement,time_expression,hedge,tags\n"
        b"Analyst,A piece,2025-01-15,,It may rain by 2030.,It rains by 2030.,by 2030,may,Topic: Weather\n"
    )

    preview = claims_import_csv(data=data, by=importer, dry_run=True)

    assert preview.errors == [] and not preview.written
    assert [(r.row, r.action, r.status) for r in preview.results] == [(2, "create", "draft")]
    assert not Claim.objects.exists() and not Publication.objects.exists()
    claims_import_csv(data=data, by=importer, dry_run=False)
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.DRAFT and claim.due_on == date(2030, 12, 31)  # read from "by 2030"
    assert claim.probability_source == Claim.ProbabilitySource.HEDGE and claim.probability is not None
    assert [str(tag) for tag in claim.tags.all()] == ["Topic: Weather"]
    assert claim.history.get().history_change_reason == "Imported from a CSV file"
    assert claim.history.get().history_user == importer


def test_an_editor_who_may_not_record_verdicts_cannot_import_one(editor):
    data = (
        b"publication,article_title,published_on,status,quote,statement,due_on,verdict,known_on,evidence_links\n"
        b"Analyst,A piece,2025-01-15,resolved,It will rain.,It rains.,2025-06-01,true,2025-06-02,"
        b"https://example.org/rain\n"
    )

    report = claims_import_csv(data=data, by=editor, dry_run=False)

    assert report.errors == [RowError(2, "verdict", report.errors[0].message)]
    assert "Verdicts are recorded by a reviewer" in report.errors[0].message
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (b"\xff\xfe\x00bad", "file", "not UTF-8"),
        (b"", "file", "empty"),
        (b"name,age\nAnn,3\n", "format", "matches none of the layouts"),
        (b'publication,"article"_title\n', "file", "Not a readable CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_field_error(data, field, message, importer):
    with pytest.raises(ValidationError) as caught:
        claims_import_csv(data=data, by=importer, dry_run=True)
    assert message in " ".join(caught.value.message_dict[field])


def test_files_over_the_size_or_row_limit_are_refused(importer, settings):
    settings.CLAIMS_IMPORT_MAX_ROWS = 2
    rows = "".join(f"Analyst,Piece {n},2025-01-15,,Q{n}.,S{n}.,,,Ann,\n" for n in range(3))
    with pytest.raises(ValidationError, match="More than 2 rows"):
        claims_import_csv(data=(HEADER + rows).encode(), by=importer, dry_run=True)
    settings.CLAIMS_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="over the limit of 100 bytes"):
        claims_import_csv(data=(HEADER + rows).encode(), by=importer, dry_run=True)


def test_a_fatebook_export_becomes_one_claim_per_question_by_its_forecaster(importer):
    report = claims_import_csv(data=(DATA / "fatebook_export.csv").read_bytes(), by=importer, dry_run=False)

    assert report.format == "fatebook" and report.errors == []
    assert [(r.row, r.action) for r in report.results] == [
        (2, "create"),
        (3, "skip"),
        (4, "skip"),
        (5, "create"),
        (6, "create"),
    ]
    claims = {c.statement: c for c in Claim.objects.select_related("article__publication", "outcome")}
    referendum = claims["Will Armenia hold a constitutional referendum before 2031?"]
    assert referendum.article.publication.name == "Fatebook"
    assert referendum.article.published_on == date(2025, 3, 1)
    assert [a.name for a in referendum.claimants.all()] == ["Ada Lovelace"]
    assert (referendum.probability, referendum.due_on, referendum.status) == (0.3, date(2030, 12, 31), "open")
    assert referendum.resolution_criteria == "A national vote counts; a regional one does not."
    rail = claims["Will the Middle Corridor rail link open by mid-2025?"]
    assert (rail.status, rail.outcome.verdict, rail.outcome.known_on) == (
        "resolved",
        "false",
        date(2025, 7, 2),
    )
    assert rail.outcome.reviewer == importer
    assert [h.history_change_reason for h in rail.history.order_by("history_id")] == [
        "Imported from a Fatebook CSV export",
        "Resolved as false",
    ]
    inflation = claims["Will Kazakhstan's inflation fall below 5% in 2025?"]
    assert (
        inflation.outcome.verdict == Outcome.Verdict.UNRESOLVABLE and inflation.outcome.evidence_links == []
    )


def test_a_certain_fatebook_forecast_is_an_error_on_its_forecast_column(importer):
    lines = (DATA / "fatebook_export.csv").read_text().splitlines()
    lines[4] = lines[4].replace(",0.8,", ",1,")  # row 5: a 100% forecast, which no score can take

    report = claims_import_csv(data="\n".join(lines).encode(), by=importer, dry_run=False)

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (5, "Forecast (scale = 0-1)", "Probability must be strictly between 0 and 1.")
    ]
    assert not Claim.objects.exists()


def test_a_predictionbook_file_maps_confidence_outcome_and_withdrawal(importer):
    report = claims_import_csv(
        data=(DATA / "predictionbook_predictions.csv").read_bytes(), by=importer, dry_run=False
    )

    assert report.format == "predictionbook" and report.errors == []
    claims = {c.article.url.rsplit("/", 1)[-1]: c for c in Claim.objects.select_related("article", "outcome")}
    assert (claims["101"].probability, claims["101"].status, claims["101"].due_on) == (
        0.7,
        "open",
        date(2030, 1, 1),
    )
    assert claims["101"].article.url == "https://predictionbook.com/predictions/101"
    assert [a.name for a in claims["101"].claimants.all()] == ["gwern"]
    assert (claims["102"].outcome.verdict, claims["102"].outcome.known_on) == ("true", date(2022, 3, 4))
    assert claims["102"].outcome.evidence_links == ["https://predictionbook.com/predictions/102"]
    assert claims["103"].outcome.verdict == "false" and claims["103"].probability == 0.15
    assert claims["104"].status == Claim.Status.WITHDRAWN


def test_the_command_previews_then_imports(importer, capsys):
    path = str(DATA / "predictionbook_predictions.csv")
    call_command("import_claims", path, "--dry-run", "--user", "importer", "-v", "2")
    assert "Would import (predictionbook): 4 rows, 4 new claims" in capsys.readouterr().out
    assert not Claim.objects.exists()

    with pytest.raises(CommandError, match="2 errors"):  # verdicts need a user
        call_command("import_claims", path, "--format", "predictionbook")
    assert not Claim.objects.exists()

    call_command("import_claims", path, "--user", "importer")
    assert Claim.objects.count() == 4


def test_each_row_costs_the_same_number_of_queries(importer):
    """No query per row already read: a file of n rows costs a fixed number of queries per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n: int) -> int:
        lines = "".join(
            f"Analyst,Piece {n}-{i},2025-01-15,open,Q{i}.,S{i}.,2030-01-01,day,Ann; Bob,\n" for i in range(n)
        )
        with CaptureQueriesContext(connection) as captured:
            report = claims_import_csv(data=(HEADER + lines).encode(), by=importer, dry_run=True)
        assert report.count("create") == n
        return len(captured.captured_queries)

    one, four, seven = queries_for(1), queries_for(4), queries_for(7)
    assert seven - four == four - one
    assert (four - one) / 3 <= 45  # per row (43 since intake): nearly all claim_create's checks and history
