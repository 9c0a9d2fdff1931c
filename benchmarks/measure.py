"""Timing, query counts, peak memory and EXPLAIN plans of one call, the same way for project and raw.

Peak memory is the process's resident set: Linux's high-water mark (VmHWM) is
reset through /proc/self/clear_refs before the call, and the figure is the
peak minus the RSS before it, so it counts what the call really made the
process hold (Python objects, psycopg buffers, rendered bodies), at no cost
to the timing. Where /proc is missing, tracemalloc's peak stands in (Python
allocations only) and the result says which.
"""

import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
# Statements the plans skip: transaction control is not a query plan.
LONG_RUN = 10.0  # seconds: a counted run this long is also a timed one
SQL_SHOWN = 3000  # characters of a statement kept beside its plan (a bulk INSERT inlines every row)
NOT_PLANNED = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|COPY|EXPLAIN)\b", re.IGNORECASE)


def _status_kb(key: str) -> int:
    for line in STATUS.read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _rss_peak_available() -> bool:
    try:
        CLEAR_REFS.write_text("5")
        _status_kb("VmHWM")
    except OSError:
        return False
    return True


RSS_PEAK = _rss_peak_available()
MEMORY_METHOD = (
    "RSS high-water mark (VmHWM after resetting it) minus RSS before the call"
    if RSS_PEAK
    else "tracemalloc peak (Python allocations only)"
)


@dataclass
class Measurement:
    seconds: list[float] = field(default_factory=list)
    queries: int = 0
    peak_mb: float = 0.0
    result: object = None
    sql: list[tuple[float, str]] = field(default_factory=list)  # (seconds, sql) of the first run

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _call(fn: Callable[[], object], rollback: bool) -> object:
    """Call ``fn``; a path that writes runs in a transaction rolled back, so each run starts alike."""
    if not rollback:
        return fn()
    with transaction.atomic():
        result = fn()
        transaction.set_rollback(True)
    return result


def measure(
    fn: Callable[[], object], *, runs: int, rollback: bool = False, budget: float = float("inf")
) -> Measurement:
    """Run ``fn`` once to count queries and memory (and warm the caches), then ``runs`` timed times.

    A slow path stops repeating once its runs have taken ``budget`` seconds (after one timed
    run at least), so a 1M export does not hold the shared machine for half an hour.
    ``runs=0``: the counted run is the only one (the CI smoke test).
    """
    m = Measurement()
    with CaptureQueriesContext(connection) as captured:
        if RSS_PEAK:
            CLEAR_REFS.write_text("5")
            before = _status_kb("VmRSS")
            start = time.perf_counter()
            m.result = _call(fn, rollback)
            first = time.perf_counter() - start
            m.peak_mb = max(_status_kb("VmHWM") - before, 0) / 1024
        else:
            tracemalloc.start()
            start = time.perf_counter()
            m.result = _call(fn, rollback)
            first = time.perf_counter() - start
            m.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    m.queries = len(captured.captured_queries)
    m.sql = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
    # A run of many seconds is not skewed by a cold cache, so it counts (the 1M run's slow paths).
    if runs == 0 or (RSS_PEAK and first >= LONG_RUN):
        m.seconds.append(first)
    spent = first
    while len(m.seconds) < runs and (not m.seconds or spent < budget):
        start = time.perf_counter()
        _call(fn, rollback)
        m.seconds.append(time.perf_counter() - start)
        spent += m.seconds[-1]
    return m


def explain_slowest(sql: list[tuple[float, str]], *, folder: Path, name: str, top: int = 2) -> list[str]:
    """Save EXPLAIN (ANALYZE, BUFFERS) of the ``top`` slowest statements to ``folder``; return the file names.

    ANALYZE executes the statement, so each runs in a transaction rolled back.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    planned = sorted((q for q in sql if not NOT_PLANNED.match(q[1])), key=lambda q: -q[0])[:top]
    for index, (seconds, statement) in enumerate(planned, 1):
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            except Exception as error:  # noqa: BLE001 (a statement logged with inlined params may not re-run)
                plan = f"(could not EXPLAIN: {error})"
            transaction.set_rollback(True)
        path = folder / f"{name}-{index}.txt"
        shown = statement if len(statement) <= SQL_SHOWN else statement[:SQL_SHOWN] + " ... (cut)"
        path.write_text(
            f"-- {name}: statement {index}, {seconds * 1000:.1f} ms in the measured run\n{shown}\n\n{plan}\n"
        )
        written.append(path.name)
    return written
