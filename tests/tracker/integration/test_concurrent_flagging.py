"""Two flaggers racing over the same claims on PostgreSQL: each claim is flagged once."""

import os
import re
import subprocess
from datetime import date

import psycopg
import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory
from tests.tracker.integration.harness import BASE_DIR, PYTHON, wait_until
from tracker.services.flagging import FLAGGED_REASON

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
CLAIMS = 60


def _backends_waiting_on_locks(cursor, dbname: str) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [dbname]
    )
    return cursor.fetchone()[0]


def test_two_processes_flagging_at_once_flag_each_claim_exactly_once(database_url):
    article = ArticleFactory()
    ClaimFactory.create_batch(CLAIMS, article=article, due_on=date(2025, 6, 1), window_start=None)
    s = connection.settings_dict
    conninfo = {"dbname": s["NAME"], "user": s["USER"], "password": s["PASSWORD"] or None}
    conninfo |= {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432}
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [PYTHON, "manage.py", "flag_due"]

    # Hold every claim row locked so both flaggers reach their UPDATE and wait
    # on the same rows; releasing the lock lets them race for real.
    with psycopg.connect(**conninfo) as gate, psycopg.connect(**conninfo, autocommit=True) as monitor:
        gate.execute("SELECT id FROM claims_claim FOR UPDATE")
        flaggers = [
            subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        wait_until(
            lambda: _backends_waiting_on_locks(monitor.cursor(), s["NAME"]) == 2,
            timeout=60,
            message="both flaggers are blocked in their UPDATE",
        )
        gate.commit()
        outputs = [flagger.communicate(timeout=60) for flagger in flaggers]

    counts = []
    for (stdout, stderr), flagger in zip(outputs, flaggers, strict=True):
        assert flagger.returncode == 0, stderr
        counts.append(int(re.fullmatch(r"Flagged (\d+) claim\(s\) as due\.\n", stdout).group(1)))
    assert sum(counts) == CLAIMS
    assert Claim.objects.filter(status=Claim.Status.DUE).count() == CLAIMS
    for claim in Claim.objects.all():
        flags = list(claim.history.filter(history_change_reason=FLAGGED_REASON))
        assert len(flags) == 1, claim.pk
        assert flags[0].flagged_due_at == claim.flagged_due_at == flags[0].history_date
