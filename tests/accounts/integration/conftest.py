"""The integration harness's fixtures: PostgreSQL only, and the test database as a URL."""

from tests.tracker.integration.conftest import (  # noqa: F401  (fixtures)
    _needs_postgres,
    database_url,
    machine_redis_url,
)
