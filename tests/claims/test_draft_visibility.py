"""No admin or API URL shows a draft, or wording a claim had while it was a draft, to a non-editor.

The URLs are not listed by hand: every pattern of every claims admin and of the
API routers is walked, so a page added later is covered the day it is added.
Each is fetched (GET) with the draft's id, its outcome's id and each of their
history rows' ids, as anonymous, outsider, viewer and reviewer, with
API_ANONYMOUS_READ off and on. The editor sees the same texts on the same
pages, which shows the texts are really rendered there.
"""

import re

import pytest
from django.contrib import admin

from claims.api.urls import router
from claims.models import Article, Claim, ClaimDueForReview, Outcome
from claims.services import claim_publish, claim_withdraw
from tests.factories import ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

SECRET = "Unpublished draft wording zq7731"
EARLIER = "Earlier draft wording zq5521"
SECRET_RATIONALE = "Draft outcome rationale zq9904"
TEXTS = (SECRET, EARLIER, SECRET_RATIONALE)


@pytest.fixture
def world(editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT, statement=SECRET, quote=f"{SECRET} (quote)")
    # No service records an outcome for a draft; build one to prove the Outcome pages
    # filter by the claim's visibility rather than rely on that.
    outcome = OutcomeFactory(claim=draft, rationale=SECRET_RATIONALE)
    # A claim drafted with other words, reworded, then published: its draft-era rows are hidden.
    published = ClaimFactory(article=draft.article, status=Claim.Status.DRAFT, statement=EARLIER)
    published.statement = "The published wording."
    published._history_user = editor
    published.save()
    claim_publish(claim=published, by=editor)
    return {"draft": draft, "outcome": outcome, "published": published, "article": draft.article}


def _fill(pattern: str, values: list) -> str:
    """Return the pattern with its id placeholders (path converters or regex groups) filled in order."""
    pattern = pattern.lstrip("^").rstrip("$")
    values = iter(values)
    return re.sub(r"<[^>]+>|\([^)]*\)", lambda _: str(next(values)), pattern)


def _groups(pattern) -> int:
    return pattern.pattern.regex.groups


def _history_ids(obj, **filters) -> list[int]:
    return list(obj.history.filter(**filters).values_list("history_id", flat=True))


def _admin_urls(world) -> list[tuple[str, bool]]:
    """Every URL of the claims admins as (url, is the draft's own page), filled with the ids
    that must not show a draft."""
    draft, outcome, published, article = (
        world["draft"],
        world["outcome"],
        world["published"],
        world["article"],
    )
    draft_rows = [(draft.pk, h) for h in _history_ids(draft)]
    own = {  # model: (object id, its history rows that must stay hidden)
        Claim: (draft.pk, draft_rows + [(published.pk, h) for h in _history_ids(published, status="draft")]),
        ClaimDueForReview: (draft.pk, draft_rows),
        Outcome: (outcome.pk, [(outcome.pk, h) for h in _history_ids(outcome)]),
    }
    urls = [("/admin/", False), ("/admin/claims/", False)]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "claims":
            continue
        base = f"/admin/claims/{model._meta.model_name}/"
        if model in own:
            object_id, rows = own[model]
        else:  # pages that may show claims (the article's inline) or nothing of them
            object_id = article.pk if model is Article else model.objects.values_list("pk", flat=True).first()
            rows = [(object_id, h) for h in _history_ids(article)] if model is Article else []
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if _groups(pattern) == 0:
                urls += [(base + route + query, False) for query in ("", "?q=zq7731", "?status__exact=draft")]
            elif _groups(pattern) == 1:
                urls.append((base + _fill(route, [object_id]), model in own))
            else:
                urls += [(base + _fill(route, list(pair)), model in own) for pair in rows]
    return urls


def _api_urls(world) -> list[tuple[str, bool]]:
    ids = {"claim": world["draft"].pk, "outcome": world["outcome"].pk, "article": world["article"].pk}
    urls = [("/api/scorecards/", False), ("/api/scorecards/?status=draft", False), ("/scorecards/", False)]
    for pattern in router.urls:
        basename = pattern.name.split("-")[0]
        route = "/api/" + str(pattern.pattern)
        if _groups(pattern) == 0:
            urls += [(_fill(route, []) + query, False) for query in ("", "?search=zq7731", "?status=draft")]
        elif basename in ids:
            urls.append((_fill(route, [ids[basename]]), basename != "article"))
    urls.append((f"/api/claims/{world['published'].pk}/history/", False))
    return urls


def _body(response) -> str:
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("anonymous_read", [False, True], ids=["private", "anonymous-read"])
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "viewer", "reviewer"])
def test_no_admin_or_api_url_reveals_a_draft_or_its_history(
    client, request, settings, world, persona, anonymous_read
):
    settings.API_ANONYMOUS_READ = anonymous_read
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    urls = _admin_urls(world) + _api_urls(world)
    assert len(urls) > 60  # the walk found the pages, not an empty list
    for url, is_draft_page in urls:
        response = client.get(url, follow=True)
        body = _body(response)
        for text in TEXTS:
            assert text not in body, f"{url} shows {text!r} to {persona}"
        if is_draft_page:
            # 403, 404, 405, or sent on (to the login page, or the index saying it doesn't exist).
            assert response.status_code != 200 or response.redirect_chain, f"{url} opens for {persona}"


def test_the_same_pages_show_the_drafts_to_an_editor(client, editor, world):
    """The walk above would pass vacuously if the texts were never rendered; for an editor they are."""
    client.force_login(editor)
    draft, published = world["draft"], world["published"]
    first_row = draft.history.last().history_id
    assert SECRET in _body(client.get(f"/admin/claims/claim/{draft.pk}/change/"))
    assert SECRET in _body(client.get(f"/admin/claims/claim/{draft.pk}/history/"))
    assert SECRET in _body(client.get(f"/admin/claims/claim/{draft.pk}/history/{first_row}/"))
    assert EARLIER in _body(client.get(f"/admin/claims/claim/{published.pk}/history/"))
    assert SECRET_RATIONALE in _body(client.get(f"/admin/claims/outcome/{world['outcome'].pk}/change/"))
    assert SECRET in _body(client.get(f"/api/claims/{draft.pk}/"))
    events = [e["event"] for e in client.get(f"/api/claims/{published.pk}/history/").json()]
    assert (events[0], set(events[1:-1]), events[-1]) == ("created", {"edited"}, "published")


@pytest.mark.parametrize("persona", ["viewer", "reviewer"])
def test_the_published_claims_history_starts_at_publication_for_non_editors(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    published = world["published"]
    assert client.get(f"/admin/claims/claim/{published.pk}/history/").status_code == 200
    events = client.get(f"/api/claims/{published.pk}/history/").json()
    assert [e["event"] for e in events] == ["published"]
    assert events[0]["changes"] == [{"field": "status", "old": "draft", "new": "open"}]


@pytest.mark.parametrize("persona", ["viewer", "reviewer"])
def test_article_list_counts_only_the_claims_the_reader_may_see(client, request, editor, world, persona):
    def counts(user):
        client.force_login(user)
        return {a.pk: a.claim_count for a in client.get("/admin/claims/article/").context["cl"].result_list}

    assert counts(request.getfixturevalue(persona)) == {world["article"].pk: 1}
    assert counts(editor) == {world["article"].pk: 2}


@pytest.mark.parametrize("persona", ["viewer", "reviewer"])
def test_a_draft_withdrawn_before_publication_stays_hidden(client, request, editor, persona):
    never_published = ClaimFactory(status=Claim.Status.DRAFT, statement="Withdrawn draft zq4410")
    claim_withdraw(claim=never_published, by=editor, reason="Mis-extracted.")
    once_published = ClaimFactory(status=Claim.Status.DRAFT, article=never_published.article)
    claim_publish(claim=once_published, by=editor)
    claim_withdraw(claim=once_published, by=editor, reason="Duplicate.")

    client.force_login(request.getfixturevalue(persona))
    listed = [c["id"] for c in client.get("/api/claims/?status=withdrawn").json()["results"]]
    assert listed == [once_published.pk]
    for url in (
        f"/api/claims/{never_published.pk}/",
        f"/api/claims/{never_published.pk}/history/",
        f"/admin/claims/claim/{never_published.pk}/history/",
    ):
        assert client.get(url).status_code == 404, url
    assert "zq4410" not in _body(client.get("/admin/claims/claim/?status__exact=withdrawn"))

    client.force_login(editor)
    assert client.get(f"/api/claims/{never_published.pk}/").status_code == 200
