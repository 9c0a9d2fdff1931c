import importlib
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command

from claims.models import Claim
from tests.factories import ClaimFactory, TagFactory
from tracker.services.flagging import FLAGGED_REASON, claims_flag_due

pytestmark = pytest.mark.django_db

NOV_25 = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("UTC"))


@time_machine.travel(NOV_25, tick=False)
def test_open_claims_past_their_due_date_become_due_and_record_when():
    past = ClaimFactory(due_on=date(2026, 11, 24), window_start=None)
    today = ClaimFactory(due_on=date(2026, 11, 25), window_start=None)
    draft = ClaimFactory(due_on=date(2026, 1, 1), window_start=None, status=Claim.Status.DRAFT)

    assert claims_flag_due() == 1

    past.refresh_from_db()
    assert past.status == Claim.Status.DUE
    assert past.flagged_due_at == NOV_25
    today.refresh_from_db()
    draft.refresh_from_db()
    assert (today.status, draft.status) == (Claim.Status.OPEN, Claim.Status.DRAFT)


@time_machine.travel(NOV_25, tick=False)
def test_a_not_before_claim_becomes_due_at_its_window_start():
    # "Not before late 2026": checked when the window opens; due_on holds the window start.
    claim = ClaimFactory(kind=Claim.Kind.NOT_BEFORE, window_start=date(2026, 9, 1), due_on=date(2026, 9, 1))

    assert claims_flag_due() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE


@time_machine.travel(NOV_25, tick=False)
def test_flagging_twice_changes_nothing_more():
    claim = ClaimFactory(due_on=date(2026, 11, 1))
    assert claims_flag_due() == 1
    first_flagged_at = Claim.objects.get(pk=claim.pk).flagged_due_at

    with time_machine.travel(datetime(2026, 11, 25, 9, 5, tzinfo=ZoneInfo("UTC"))):
        assert claims_flag_due() == 0

    claim.refresh_from_db()
    assert claim.flagged_due_at == first_flagged_at
    assert claim.history.filter(history_change_reason=FLAGGED_REASON).count() == 1


@time_machine.travel(NOV_25, tick=False)
def test_flagging_writes_an_audit_history_row_per_claim():
    claims = ClaimFactory.create_batch(3, due_on=date(2026, 10, 1))

    claims_flag_due()

    for claim in claims:
        latest = claim.history.latest()
        assert latest.status == Claim.Status.DUE
        assert latest.history_change_reason == FLAGGED_REASON
        assert latest.history_type == "~"


def test_the_due_date_is_judged_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tbilisi"  # UTC+4: 22:00 UTC on the 24th is already the 25th there
    claim = ClaimFactory(due_on=date(2026, 11, 24), window_start=None)

    with time_machine.travel(datetime(2026, 11, 24, 19, 59, tzinfo=ZoneInfo("UTC"))):
        assert claims_flag_due() == 0
    with time_machine.travel(datetime(2026, 11, 24, 20, 1, tzinfo=ZoneInfo("UTC"))):
        assert claims_flag_due() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE


@time_machine.travel(NOV_25, tick=False)
def test_flag_due_command_prints_how_many_were_flagged():
    ClaimFactory.create_batch(2, due_on=date(2026, 11, 1))
    out = StringIO()

    call_command("flag_due", stdout=out)
    call_command("flag_due", stdout=out)

    assert out.getvalue().splitlines() == ["Flagged 2 claim(s) as due.", "Flagged 0 claim(s) as due."]


@time_machine.travel(NOV_25, tick=False)
def test_the_flag_jobs_history_rows_show_no_change_to_claimants_or_tags():
    tags = [TagFactory(), TagFactory()]
    claims = ClaimFactory.create_batch(2, due_on=date(2026, 10, 1), tags=tags)

    claims_flag_due()

    for claim in claims:
        flagged, before = claim.history.all()[:2]
        assert flagged.history_change_reason == FLAGGED_REASON
        assert flagged.history_user is None
        delta = flagged.diff_against(before)
        assert set(delta.changed_fields) - {"updated_at"} == {"flagged_due_at", "status"}
        assert {t.tag_id for t in flagged.tags.all()} == {t.pk for t in tags}
        assert [a.author_id for a in flagged.claimants.all()] == [a.pk for a in claim.claimants.all()]


@time_machine.travel(NOV_25, tick=False)
def test_flagging_costs_the_same_queries_for_one_claim_or_twenty(django_assert_num_queries):
    ClaimFactory(due_on=date(2026, 10, 1), tags=[TagFactory()])
    # UPDATE; INSERT ... SELECT of the history rows, their claimants and their tags;
    # the job-run record;
    # plus the savepoint pair of the atomic block.
    with django_assert_num_queries(7):
        assert claims_flag_due() == 1
    ClaimFactory.create_batch(20, due_on=date(2026, 10, 2), tags=[TagFactory(), TagFactory()])
    later = datetime(2026, 11, 25, 9, 5, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(later, tick=False), django_assert_num_queries(7):
        assert claims_flag_due() == 20


@time_machine.travel(NOV_25, tick=False)
def test_the_migration_gives_old_flag_rows_their_claimants_and_tags_once():
    """Rows written the old way (no m2m rows) get the claimants and tags of the row before them."""
    backfill = importlib.import_module("claims.migrations.0008_backfill_flagged_history_m2m").backfill
    claim = ClaimFactory(due_on=date(2026, 10, 1), tags=[TagFactory()])
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DUE)
    claim.refresh_from_db()
    Claim.history.bulk_history_create([claim], update=True, default_change_reason="Flagged due")
    old_row, before = claim.history.all()[:2]
    assert {"claimants", "tags"} <= set(old_row.diff_against(before).changed_fields)

    backfill(django_apps, None)
    backfill(django_apps, None)

    assert old_row.diff_against(before).changed_fields == ["status"]
    assert old_row.tags.count() == 1


@time_machine.travel(NOV_25, tick=False)
def test_the_flag_row_holds_the_claim_as_flagged_field_for_field(reviewer):
    """The rows are written in SQL; they must read exactly as simple-history's own would."""
    claim = ClaimFactory(due_on=date(2026, 10, 1), reviewer=reviewer, probability=0.7)

    claims_flag_due()

    claim.refresh_from_db()
    row = claim.history.latest()
    for field in Claim.history.model.tracked_fields:
        assert getattr(row, field.attname) == getattr(claim, field.attname), field.name
    assert (row.history_date, row.history_type, row.history_user_id) == (NOV_25, "~", None)
