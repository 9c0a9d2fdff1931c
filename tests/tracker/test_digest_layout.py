"""The digest people read: grouped by article, capped sections, one shared unassigned section,
the test digest, and links on the site's real address (SITE_URL, from PORT under `make run`)."""

import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from claims.models import Claim
from claims.roles import REVIEWERS
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tracker.models import Notification
from tracker.services.digests import digests_build, digests_send

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
SITE = "https://tracker.example.org"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _nov_25(settings):
    settings.SITE_URL = SITE
    settings.DIGEST_SECTION_MAX_ROWS = 3
    with time_machine.travel(datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        yield


def due(days_ago: int, **kwargs) -> Claim:
    return ClaimFactory(
        due_on=date.fromordinal(TODAY.toordinal() - days_ago),
        window_start=None,
        status=Claim.Status.DUE,
        **kwargs,
    )


def inbox(django_capture_on_commit_callbacks) -> dict[str, mail.EmailMessage]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    return {message.to[0]: message for message in mail.outbox}


def test_claims_are_grouped_under_their_article(reviewer, django_capture_on_commit_callbacks):
    pivot, referendum = ArticleFactory(title="Energy pivot"), ArticleFactory(title="Referendum")
    # Interleaved by due date: the mail still shows each article once, with its claims under it.
    due(5, reviewer=reviewer, article=pivot, statement="Pipeline opens.")
    due(4, reviewer=reviewer, article=referendum, statement="Vote is held.")
    due(3, reviewer=reviewer, article=pivot, statement="Exports double.")

    text = inbox(django_capture_on_commit_callbacks)["reviewer@example.org"].body

    assert text.count("-- Energy pivot (") == 1 and text.count("-- Referendum (") == 1
    assert (
        text.index("-- Energy pivot (")
        < text.index("Pipeline opens.")
        < text.index("Exports double.")
        < text.index("-- Referendum (")
        < text.index("Vote is held.")
    )


def test_a_section_is_capped_with_a_link_to_the_rest(reviewer, django_capture_on_commit_callbacks):
    claims = [due(10 - n, reviewer=reviewer, statement=f"Claim {n}.") for n in range(5)]

    message = inbox(django_capture_on_commit_callbacks)["reviewer@example.org"]

    queue = f"{SITE}/admin/claims/claimdueforreview/?reviewer__id__exact={reviewer.pk}"
    assert [c.statement in message.body for c in claims] == [True, True, True, False, False]  # most overdue
    assert f"... and 2 more: your claims due for review at {queue}" in message.body
    assert f'and <a href="{queue}">2 more</a>' in message.alternatives[0][0]
    assert message.subject.startswith("5 claims to review")
    assert Notification.objects.get().claim_ids == [c.pk for c in claims[:3]]


def test_unassigned_claims_are_one_shared_capped_section(reviewer, django_capture_on_commit_callbacks):
    UserFactory(username="second", groups=[REVIEWERS])
    mine = due(3, reviewer=reviewer, statement="Mine.")
    for n in range(7):
        due(2, reviewer=None, statement=f"Nobody's {n}.")

    digests = {d.recipient.username: d for d in digests_build(today=TODAY)}
    assert digests["reviewer"].unassigned is digests["second"].unassigned  # kept once, not per person
    mails = inbox(django_capture_on_commit_callbacks)

    for address in ("reviewer@example.org", "second@example.org"):
        text = mails[address].body
        assert "== Unassigned (7): nobody reviews these yet ==" in text
        assert sum(f"Nobody's {n}." in text for n in range(7)) == 3
        assert f"... and 4 more: the unassigned claims due for review at {SITE}" in text
        assert "/admin/claims/claimdueforreview/?reviewer__isnull=True" in text
    assert mine.statement in mails["reviewer@example.org"].body
    assert mine.statement not in mails["second@example.org"].body


def test_a_test_digest_goes_to_the_requester_only_and_marks_nothing(client, reviewer, admin_user):
    admin_user.groups.add(*reviewer.groups.all())
    due(2, reviewer=admin_user, statement="Admin's claim.")
    late = ClaimFactory(due_on=date(2026, 11, 20), window_start=None, reviewer=None, statement="Not flagged.")
    client.force_login(admin_user)

    response = client.post("/admin/tracker/notification/send-test-digest/")

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [admin_user.email]
    assert message.subject.startswith("[Test] 2 claims to review")
    assert "Admin's claim." in message.body and "Not flagged." in message.body
    assert not Notification.objects.exists()  # today's real digest is still to come
    late.refresh_from_db()
    assert late.status == Claim.Status.OPEN  # nothing flagged


def test_the_test_digest_button_is_on_the_outbox_list_and_needs_post(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/tracker/notification/").content.decode()
    assert 'action="/admin/tracker/notification/send-test-digest/"' in page
    assert client.get("/admin/tracker/notification/send-test-digest/").status_code == 405
    client.post("/admin/tracker/notification/send-test-digest/")
    assert mail.outbox == []  # nothing to review: nothing sent


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, "http://127.0.0.1:8000"),
        (["PORT=8123"], {}, "http://127.0.0.1:8123"),
        (["PORT=8123"], {"SITE_URL": "https://claims.example.org"}, "https://claims.example.org"),
    ],
)
def test_make_run_takes_site_url_from_port(args, env, expected, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = subprocess.run(
        ["make", "--no-print-directory", "-s", "site-url", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected
    # `make run` exports the same variable to web, worker and beat (one target-specific export).
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^setup run site-url: export SITE_URL", makefile, re.M)


def test_the_test_digest_needs_the_outbox_permission(client, outsider):
    client.force_login(outsider)
    assert client.post("/admin/tracker/notification/send-test-digest/").status_code == 302  # to login
    client.force_login(UserFactory(username="staffer"))  # staff, but no role
    assert client.post("/admin/tracker/notification/send-test-digest/").status_code == 403


def test_a_test_digest_the_mail_server_refuses_is_a_message_not_a_500(client, admin_user, closed_smtp):
    due(2, reviewer=admin_user, statement="Admin's claim.")
    client.force_login(admin_user)

    response = client.post("/admin/tracker/notification/send-test-digest/", follow=True)

    assert response.status_code == 200
    assert "The mail server refused the test digest" in response.content.decode()
