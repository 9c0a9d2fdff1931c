import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Article, Author, Claim, Publication, Tag
from claims.probability import probability_for_hedge
from claims.services import default_due_on
from claims.services.seed import DEFAULT_SEED_PATH, seed_load

SEED = json.loads(DEFAULT_SEED_PATH.read_text(encoding="utf-8"))
SEED_DIR = DEFAULT_SEED_PATH.parent
LABELS = json.loads((SEED_DIR / SEED["labels"]).read_text(encoding="utf-8"))
LABELLED_CLAIMS = sum(len(article["claims"]) for article in LABELS["articles"])
SEED_CLAIMS = [claim for article in SEED["articles"] for claim in article["claims"]]

REFERENDUM = (
    "Armenia's national referendum to amend the constitutional preamble will not take place before late 2026."
)


def claim(statement_start: str) -> Claim:
    return Claim.objects.get(statement__startswith=statement_start)


# --- The fixture file itself ----------------------------------------------


def test_the_fixture_holds_exactly_the_labelled_claims():
    assert LABELLED_CLAIMS == 52
    assert len(SEED_CLAIMS) == LABELLED_CLAIMS
    label_fields = ["sentence", "claim", "claimant", "kind", "condition", "hedge", "time_expression"]
    label_fields += ["deadline_earliest", "deadline_latest"]
    for seed_article, label_article in zip(SEED["articles"], LABELS["articles"], strict=True):
        assert seed_article["authors"] == label_article["authors"]
        assert seed_article["published"] == label_article["published"]
        assert seed_article["title"] == (label_article["title"] or seed_article["title"])
        for seed_claim, label in zip(seed_article["claims"], label_article["claims"], strict=True):
            assert {f: seed_claim[f] for f in label_fields} == {f: label[f] for f in label_fields}


def test_article_bodies_are_verbatim_and_hold_their_quotes():
    source = (SEED_DIR / "source" / SEED["source_file"]).read_text(encoding="utf-8")
    for article in SEED["articles"]:
        body = (SEED_DIR / article["body"]).read_text(encoding="utf-8").strip()
        assert body in source
        for label in article["claims"]:
            assert label["sentence"] in body


def test_every_seed_claim_has_region_or_topic_and_valid_tags():
    for label in SEED_CLAIMS:
        kinds = {tag["kind"] for tag in label["tags"]}
        assert kinds & {Tag.Kind.REGION, Tag.Kind.TOPIC}, label["claim"]
        assert kinds <= set(Tag.Kind.values)


# --- Loading -----------------------------------------------------------------


@pytest.mark.django_db
def test_seed_loads_all_articles_and_every_labelled_claim_as_open():
    report = seed_load()

    assert Publication.objects.get().name == "Central Asia-Caucasus Analyst"
    assert Article.objects.count() == 5
    assert Claim.objects.count() == LABELLED_CLAIMS
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.OPEN}
    assert len(report.created["claim"]) == LABELLED_CLAIMS
    assert not report.skipped["claim"]


@pytest.mark.django_db
def test_articles_keep_their_dates_authors_and_working_titles():
    seed_load()

    sukhankin = Article.objects.get(title__startswith="The New Russia-Iran Treaty")
    assert sukhankin.published_on == date(2025, 2, 21)
    assert not sukhankin.published_on_estimated
    assert sukhankin.url.endswith(
        "13848-the-new-russia-iran-treaty-implications-for-the-south-caucasus-region.html"
    )
    assert sukhankin.body.startswith("Weakened by economic sanctions")

    kadyrov = Article.objects.get(authors__name="Laura Linderman")
    assert kadyrov.title == "Kadyrov's Wildberries Feud Exposes North Caucasus Instability"
    assert kadyrov.published_on_estimated
    assert kadyrov.url == ""
    assert sorted(kadyrov.authors.values_list("name", flat=True)) == [
        "Laura Linderman",
        "Michael Hikari Cecire",
    ]
    assert Author.objects.get(name="Michael Hikari Cecire").bio.startswith("Michael Hikari Cecire is")


@pytest.mark.django_db
def test_timed_claims_get_their_labelled_windows():
    seed_load()

    referendum = Claim.objects.get(statement=REFERENDUM)
    assert referendum.kind == Claim.Kind.NOT_BEFORE
    assert referendum.time_expression == "before late 2026"
    assert (referendum.window_start, referendum.due_on) == (date(2026, 9, 1), date(2026, 9, 1))
    assert referendum.precision == Claim.Precision.PART_OF_YEAR

    next_24_months = claim("The trajectory of the bilateral Armenia–Azerbaijan")
    assert (next_24_months.window_start, next_24_months.due_on) == (date(2025, 2, 1), date(2027, 2, 1))
    assert next_24_months.precision == Claim.Precision.RELATIVE

    end_of_2026 = claim("By the end of 2026 it will be settled")
    assert (end_of_2026.window_start, end_of_2026.due_on) == (date(2025, 2, 1), date(2026, 12, 31))
    assert end_of_2026.precision == Claim.Precision.YEAR

    assert Claim.objects.filter(deadline_inferred=False).count() == 3


@pytest.mark.django_db
def test_untimed_claims_get_the_default_horizon():
    seed_load()

    untimed = Claim.objects.filter(deadline_inferred=True).select_related("article")
    assert untimed.count() == LABELLED_CLAIMS - 3
    for untimed_claim in untimed:
        assert untimed_claim.due_on == default_due_on(untimed_claim.article.published_on)
        assert untimed_claim.precision == Claim.Precision.INFERRED
        assert untimed_claim.window_start is None
    # Event-relative and open-ended expressions are kept verbatim but set no window.
    assert claim("Protracted legal ambiguity").time_expression.startswith("before formalized resolution")
    assert claim("Russia–Iran trade and economic cooperation").time_expression == "in the future"


@pytest.mark.django_db
def test_claims_belong_to_the_authors_unless_attributed_to_someone_else():
    seed_load()

    putin_claims = Claim.objects.filter(claimants__name="Vladimir Putin")
    assert putin_claims.count() == 2
    for putin_claim in putin_claims:
        assert list(putin_claim.claimants.values_list("name", flat=True)) == ["Vladimir Putin"]
    assert list(claim("Per some Russian experts").claimants.values_list("name", flat=True)) == [
        "some Russian experts"
    ]
    assert list(claim("Per some experts").claimants.values_list("name", flat=True)) == ["some experts"]

    kadyrov_claim = claim("Separatist movements resurge in the North Caucasus.")
    assert set(kadyrov_claim.claimants.values_list("name", flat=True)) == {
        "Laura Linderman",
        "Michael Hikari Cecire",
    }
    # Every claim without an attributed source is its article's authors'.
    attributed = Claim.objects.filter(statement__startswith="Per ")
    assert attributed.count() == 4
    for own_claim in Claim.objects.exclude(pk__in=attributed).prefetch_related(
        "claimants", "article__authors"
    ):
        assert set(own_claim.claimants.all()) == set(own_claim.article.authors.all())


@pytest.mark.django_db
def test_claims_carry_hedge_probability_condition_and_tags():
    seed_load()

    azerbaijan = claim("Azerbaijan's geo-economic and geopolitical significance")
    assert azerbaijan.hedge == "is likely to"
    assert azerbaijan.probability == probability_for_hedge("is likely to")
    assert azerbaijan.condition == ""

    pipeline = claim("Azerbaijan's regional role (as a transit hub")
    assert pipeline.kind == Claim.Kind.CONDITIONAL
    assert pipeline.condition.startswith("Russia and Iran proceed with building a natural gas pipeline")

    referendum_tags = set(Claim.objects.get(statement=REFERENDUM).tags.values_list("kind", "name"))
    assert {("region", "South Caucasus"), ("actor", "Armenia")} <= referendum_tags
    assert not Claim.objects.filter(tags__isnull=True).exists()


@pytest.mark.django_db
def test_loading_twice_adds_nothing():
    seed_load()
    counts = [model.objects.count() for model in (Publication, Author, Article, Tag, Claim)]

    report = seed_load()

    assert [model.objects.count() for model in (Publication, Author, Article, Tag, Claim)] == counts
    assert not any(report.created.values())
    assert len(report.skipped["claim"]) == LABELLED_CLAIMS
    assert len(report.skipped["article"]) == 5


@pytest.mark.django_db
def test_load_seed_command_reports_what_it_created_and_skipped():
    out = StringIO()
    call_command("load_seed", stdout=out)
    call_command("load_seed", stdout=out)

    assert "Created: publications 1, authors 9, articles 5, tags 26, claims 52." in out.getvalue()
    assert "Already present, skipped: publications 1, authors 9, articles 5, tags 26, claims 52." in (
        out.getvalue()
    )


@pytest.mark.django_db
def test_load_seed_command_loads_another_file_of_the_same_format(tmp_path):
    (tmp_path / "piece.txt").write_text("Prices will rise by the end of 2026.\n")
    (tmp_path / "other.json").write_text(
        json.dumps(
            {
                "publication": {"name": "Another Review"},
                "articles": [
                    {
                        "title": "Prices",
                        "authors": ["Ann Analyst"],
                        "published": "2026-01-10",
                        "url": None,
                        "body": "piece.txt",
                        "claims": [
                            {
                                "sentence": "Prices will rise by the end of 2026.",
                                "claim": "Prices rise by the end of 2026.",
                                "claimant": None,
                                "kind": "occurs_by",
                                "condition": None,
                                "hedge": "will",
                                "time_expression": "by the end of 2026",
                                "deadline_earliest": "2026-01-10",
                                "deadline_latest": "2026-12-31",
                                "precision": "year",
                                "tags": [{"kind": "topic", "name": "Prices"}],
                            }
                        ],
                    }
                ],
            }
        )
    )

    call_command("load_seed", path=tmp_path / "other.json", stdout=StringIO())

    loaded = Claim.objects.get()
    assert loaded.article.body == "Prices will rise by the end of 2026."
    assert (loaded.window_start, loaded.due_on, loaded.precision) == (
        date(2026, 1, 10),
        date(2026, 12, 31),
        "year",
    )
    assert list(loaded.claimants.values_list("name", flat=True)) == ["Ann Analyst"]
