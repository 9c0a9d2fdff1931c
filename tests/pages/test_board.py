"""The leaderboard and the claimant, publication and tag pages."""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.factories import AuthorFactory, ClaimFactory, OutcomeFactory, PublicationFactory, TagFactory
from tests.pages.svg import calibration_bins, svgs
from tracker import scoring

pytestmark = pytest.mark.django_db
RESOLVED = Claim.Status.RESOLVED


def resolved(claimant, probability, verdict, **kwargs):
    claim = ClaimFactory(claimants=[claimant], probability=probability, status=RESOLVED, **kwargs)
    OutcomeFactory(claim=claim, verdict=verdict, known_on=claim.due_on)
    return claim


@pytest.fixture
def ann():
    """Six resolved forecasts in three bins, one open claim and one draft."""
    ann = AuthorFactory(name="Ann Analyst")
    for verdict in ("true", "true", "false"):
        resolved(ann, 0.9, verdict)
    resolved(ann, 0.675, "true", due_on=date(2025, 6, 30), window_start=None)
    resolved(ann, 0.675, "partly_true", due_on=date(2025, 6, 30), window_start=None)
    resolved(ann, 0.2, "false")
    ClaimFactory(claimants=[ann], statement="Still open.")
    ClaimFactory(claimants=[ann], statement="A draft nobody outside the desk sees.", status="draft")
    return ann


# --- who may read ----------------------------------------------------------

PAGES = [
    "/scorecards/",
    "/scorecards/?group_by=publication",
    "/scorecards/?group_by=tag",
    "claimant",
    "publication",
    "tag",
]


def _url(page, claim):
    return {
        "claimant": f"/claimants/{claim.claimants.get().pk}/",
        "publication": f"/publications/{claim.article.publication_id}/",
        "tag": f"/tags/{claim.tags.get().pk}/",
    }.get(page, page)


@pytest.fixture
def tagged_claim(ann):
    claim = resolved(ann, 0.9, "true", tags=[TagFactory(name="Caucasus")])
    return claim


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_readers_log_in_unless_anonymous_read_is_on(client, tagged_claim, page):
    url = _url(page, tagged_claim)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    with override_settings(API_ANONYMOUS_READ=True):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_outsider_is_refused_unless_anonymous_read_is_on(client, outsider, tagged_claim, page):
    client.force_login(outsider)
    url = _url(page, tagged_claim)
    assert client.get(url).status_code == 403
    with override_settings(API_ANONYMOUS_READ=True):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["viewer", "reviewer", "editor"])
@pytest.mark.parametrize("page", PAGES)
def test_every_role_reads_every_page(client, request, tagged_claim, persona, page):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(page, tagged_claim))
    assert response.status_code == 200
    expected = {
        "/scorecards/?group_by=publication": tagged_claim.article.publication.name,
        "/scorecards/?group_by=tag": "Caucasus",
    }
    assert expected.get(page, "Ann Analyst") in response.content.decode()


def test_drafts_never_show_outside_the_desk(client, viewer, editor, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    assert "A draft nobody" not in html
    assert "Still open." in html
    client.force_login(editor)
    assert "A draft nobody" in client.get(f"/claimants/{ann.pk}/").content.decode()


def test_a_claimant_with_only_drafts_has_no_page(client, viewer, editor):
    secret = AuthorFactory(name="Secret Source")
    ClaimFactory(claimants=[secret], status=Claim.Status.DRAFT)
    client.force_login(viewer)
    assert client.get(f"/claimants/{secret.pk}/").status_code == 404
    assert "Secret Source" not in client.get("/scorecards/").content.decode()
    client.force_login(editor)
    assert client.get(f"/claimants/{secret.pk}/").status_code == 200


@override_settings(API_ANONYMOUS_READ=True)
def test_anonymous_readers_see_resolved_claims_only_but_scores_count_open_ones(client, ann):
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    assert "Still open." not in html
    assert html.count('class="statement"') == 6
    assert "<dt>Claims made</dt><dd>7</dd>" in html


def test_unknown_ids_are_404(client, viewer):
    client.force_login(viewer)
    for url in ("/claimants/999999/", "/publications/999999/", "/tags/999999/"):
        assert client.get(url).status_code == 404


# --- the claimant page -----------------------------------------------------


def test_claimant_page_shows_scores_with_intervals_and_n(client, viewer, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    hits = (2 + 1.5 + 1) / 6  # 0.9 x (true, true, false), 0.675 x (true, partly), 0.2 x false
    low, high = scoring.wilson_interval(hits * 6, 6)
    assert f"{hits:.2f}" in html
    assert f"95% {low:.2f}–{high:.2f}, n = 6" in html
    assert "<dt>Resolved</dt><dd>6</dd>" in html
    assert "n = 6</dd>" in html


def test_claimant_page_says_how_often_each_hedge_word_came_true(client, viewer, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    # Every claim says "likely" (the factory's hedge): true, true, false, true, partly, false.
    low, high = scoring.wilson_interval(3.5, 6)
    assert (
        f"When this author writes <em>likely</em>, it came true 3.5 of 6 times "
        f"(58 %, {low * 100:.0f}–{high * 100:.0f} %); the scale says 68 %." in html
    )
    assert "Time-averaged Brier" in html and "Brier skill score" in html and "Log score" in html


def test_calibration_plot_has_one_point_per_non_empty_bin_with_its_count_and_band(client, viewer, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    (svg,) = svgs(html, "calibration")
    assert svg.find("title").text == "Calibration of Ann Analyst"
    assert svg.get("aria-describedby") == "calibration-table"
    assert 'id="calibration-table"' in html
    texts = [t.text for t in svg.iter("text")]
    assert "Forecast probability" in texts and "Share that came true" in texts
    bins = {b["bin"]: b for b in calibration_bins(svg)}
    assert {index: b["count"] for index, b in bins.items()} == {2: 1, 6: 2, 9: 3}
    for index, successes in ((2, 0), (6, 1.5), (9, 2)):
        b = bins[index]
        low, high = scoring.wilson_interval(successes, b["count"])
        assert (b["low"], b["high"]) == (round(low, 3), round(high, 3))
        assert b["band_top"] <= b["cy"] <= b["band_bottom"]  # the point sits inside its band


def test_brier_over_time_has_a_point_per_year_with_scores(client, viewer, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    (svg,) = svgs(html, "brier-over-time")
    years = [g.get("data-year") for g in svg.iter("g") if g.get("class") == "period"]
    assert years == ["2025", "2026"]
    assert svg.get("aria-describedby") == "brier-table"


def test_timeline_links_each_claim_page_with_its_three_dates(client, viewer, ann):
    client.force_login(viewer)
    html = client.get(f"/claimants/{ann.pk}/").content.decode()
    claim = ann.claims.filter(status=RESOLVED).first()
    assert f'href="/claims/{claim.pk}/"' in html
    assert html.count('<span class="step">Made</span>') == 7
    assert html.count('<span class="step">Resolved</span>') == 6
    assert "Partly true" in html


def test_publication_and_tag_pages_share_the_claimant_page(client, viewer, tagged_claim):
    client.force_login(viewer)
    publication = tagged_claim.article.publication
    html = client.get(f"/publications/{publication.pk}/").content.decode()
    assert f"<h1>{publication.name}</h1>" in html
    assert len(svgs(html, "calibration")) == 1
    html = client.get(f"/tags/{tagged_claim.tags.get().pk}/").content.decode()
    assert "<h1>Region: Caucasus</h1>" in html
    assert html.count('class="statement"') == 1


# --- the leaderboard -------------------------------------------------------


@override_settings(LEADERBOARD_MIN_RESOLVED=3)
def test_leaderboard_ranks_only_claimants_with_enough_resolved_claims(client, viewer, ann):
    bob = AuthorFactory(name="Bob Pundit")
    for _ in range(3):
        resolved(bob, 0.9, "false")
    newcomer = AuthorFactory(name="Cleo Newcomer")
    resolved(newcomer, 0.9, "true")
    client.force_login(viewer)
    response = client.get("/scorecards/")
    html = response.content.decode()
    assert "at least <strong>3 resolved claims</strong>" in html
    rows = list(response.context["rows"])
    ranks = [(r["label"], r["rank"]) for r in rows]
    assert ranks == [("Ann Analyst", 1), ("Bob Pundit", 2), ("Cleo Newcomer", None)]
    assert "Not ranked: fewer than 3 resolved claims" in html
    assert html.index("Bob Pundit") < html.index("Not ranked") < html.index("Cleo Newcomer")


def test_leaderboard_sorts_by_every_column_both_ways(client, viewer, ann):
    for name, n in (("Bob", 2), ("Cleo", 1)):
        author = AuthorFactory(name=name)
        for _ in range(n):
            resolved(author, 0.3, "false")
    client.force_login(viewer)
    from pages.board import COLUMNS

    with override_settings(LEADERBOARD_MIN_RESOLVED=1):
        for column in COLUMNS:
            for sort in (column.key, f"-{column.key}"):
                response = client.get("/scorecards/", {"sort": sort})
                assert response.status_code == 200, sort
                assert len(response.context["rows"]) == 3
        labels = [r["label"] for r in client.get("/scorecards/", {"sort": "-claims"}).context["rows"]]
        assert labels == ["Ann Analyst", "Bob", "Cleo"]
        labels = [r["label"] for r in client.get("/scorecards/", {"sort": "claims"}).context["rows"]]
        assert labels == ["Cleo", "Bob", "Ann Analyst"]
        html = client.get("/scorecards/", {"sort": "brier"}).content.decode()
        assert 'aria-sort="ascending"><a href="?sort=-brier">' in html


def test_leaderboard_shows_every_score_with_its_interval_and_n(client, viewer, ann):
    client.force_login(viewer)
    response = client.get("/scorecards/")
    html = response.content.decode()
    (row,) = response.context["rows"]
    for key in ("hit_rate", "brier_score", "calibration_gap"):
        assert row[key] is not None
    assert row["hit_rate_interval"] and row["brier_interval"]
    assert f"{row['hit_rate_interval'][0]:.2f}–{row['hit_rate_interval'][1]:.2f}" in html
    assert f"{row['brier_interval'][0]:.3f}–{row['brier_interval'][1]:.3f}" in html
    assert "n = 6" in html
    for heading in ("Hit rate", "Brier", "Calibration gap", "Overdue", "Partly true", "Unresolvable"):
        assert f">{heading}</a>" in html
    (plot,) = svgs(html, "calibration")
    assert [b["count"] for b in calibration_bins(plot)] == [1, 2, 3]
    assert "partly_true" in html  # the scoring rule is on the page


def test_leaderboard_switches_to_publications_and_tags(client, viewer, tagged_claim):
    client.force_login(viewer)
    html = client.get("/scorecards/", {"group_by": "publication"}).content.decode()
    assert f'href="/publications/{tagged_claim.article.publication_id}/"' in html
    html = client.get("/scorecards/", {"group_by": "tag"}).content.decode()
    assert f'href="/tags/{tagged_claim.tags.get().pk}/"' in html
    assert "Region: Caucasus" in html


def test_leaderboard_is_paginated(client, viewer):
    publication = PublicationFactory()
    for index in range(30):
        ClaimFactory(claimants=[AuthorFactory(name=f"Claimant {index:02}")], article__publication=publication)
    client.force_login(viewer)
    first = client.get("/scorecards/", {"sort": "name"})
    assert len(first.context["rows"]) == 25
    assert "page=2" in first.content.decode()
    second = client.get("/scorecards/", {"sort": "name", "page": 2})
    assert [r["label"] for r in second.context["rows"]] == [f"Claimant {i}" for i in range(25, 30)]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"due_before": "not-a-date"}, "due_before", "Enter a valid date."),
        ({"group_by": "year"}, "group_by", "Choose one of claimant, publication, tag."),
        ({"sort": "shoe_size"}, "sort", "Choose one of rank"),
    ],
)
def test_bad_parameters_are_a_400_page_with_the_message(client, viewer, query, field, message):
    client.force_login(viewer)
    response = client.get("/scorecards/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["errors"]


# --- a fixed number of queries --------------------------------------------


def _world(n_claims: int):
    """n_claims claims over n_claims // 5 claimants, two tags, two in three resolved."""
    tags = [TagFactory(name="North"), TagFactory(name="South")]
    publication = PublicationFactory(name="The Analyst")
    claimants = [AuthorFactory(name=f"Forecaster {i}") for i in range(max(n_claims // 5, 1))]
    for i in range(n_claims):
        claim = ClaimFactory(
            claimants=[claimants[i % len(claimants)]],
            tags=[tags[i % 2]],
            article__publication=publication,
            probability=(i % 10) / 10 + 0.05,
            status=Claim.Status.OPEN if i % 3 == 0 else RESOLVED,
            due_on=date(2024 + i % 3, 6, 30),
            window_start=None,
        )
        if claim.status == RESOLVED:
            verdict = ("true", "false", "partly_true")[i % 3]
            OutcomeFactory(claim=claim, verdict=verdict, known_on=claim.due_on)
    return claimants[0], tags[0], publication


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["viewer", "anonymous"])
def test_every_page_takes_the_same_queries_for_10_or_200_claims(client, request, persona):
    if persona == "viewer":
        client.force_login(request.getfixturevalue("viewer"))
    counts = []
    with override_settings(API_ANONYMOUS_READ=True):
        for batch in (10, 190):  # the second world holds the first: 200 claims, the same groups and more
            claimant, tag, publication = _world(batch)
            urls = (
                "/scorecards/",
                "/scorecards/?group_by=tag&sort=-brier",
                f"/claimants/{claimant.pk}/",
                f"/publications/{publication.pk}/",
                f"/tags/{tag.pk}/",
            )
            counts.append([_queries(client, url) for url in urls])
    assert Claim.objects.count() == 200
    assert counts[0] == counts[1]
    # claimant page: the subject, 4 for its scores (base rates, with its hedges), 3 for the years
    # (base rates), count + page + claimants of the timeline;
    # logged in: the session, the user, the user's and the groups' permissions
    assert counts[0][2] == 11 + (4 if persona == "viewer" else 0)
