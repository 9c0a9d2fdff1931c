"""/healthz: the checks a load balancer or a monitor polls every few seconds.

Built on django-health-check. Each check is one cheap query or one round trip
with a short timeout, so a hung broker or database shows as a failed check
within about a second instead of holding the probe.
"""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu import Connection

from tracker.services.delivery import failed_notification_count
from tracker.services.flagging import FLAG_JOB
from tracker.services.job_runs import job_run_last


@dataclasses.dataclass
class Broker(HealthCheck):
    """Connect to the Celery broker (Redis answers a PING) within HEALTH_BROKER_TIMEOUT_SECONDS."""

    timeout: datetime.timedelta = dataclasses.field(
        default_factory=lambda: datetime.timedelta(seconds=settings.HEALTH_BROKER_TIMEOUT_SECONDS),
        repr=False,
    )

    def run(self):
        seconds = self.timeout.total_seconds()
        options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
            options |= {"socket_connect_timeout": seconds, "socket_timeout": seconds}
        # A fresh connection, not the app's pool: its sockets wait 10 s, a probe must not.
        connection = Connection(
            settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=seconds
        )
        try:
            # Opening the default channel is a round trip (kombu's Redis channel PINGs).
            connection.ensure_connection(max_retries=0, timeout=seconds)
            connection.default_channel  # noqa: B018
        except Exception as exc:  # kombu raises the transport's own errors
            raise ServiceUnavailable(f"Broker unreachable: {type(exc).__name__}") from exc
        finally:
            connection.release()


@dataclasses.dataclass
class FlagRunAge(HealthCheck):
    """The flag job finished within HEALTH_FLAG_RUN_MAX_AGE_SECONDS: beat and a worker are running."""

    async def run(self):
        last = await _on_request_thread(job_run_last)(name=FLAG_JOB)
        if last is None:
            raise ServiceUnavailable("The flag job has never run")
        age = (timezone.now() - last).total_seconds()
        if age > settings.HEALTH_FLAG_RUN_MAX_AGE_SECONDS:
            raise ServiceUnavailable(f"The flag job last ran {age:.0f} s ago")


@dataclasses.dataclass
class FailedNotifications(HealthCheck):
    """At most HEALTH_FAILED_NOTIFICATIONS_MAX notifications failed (counted from a partial index)."""

    async def run(self):
        failed = await _on_request_thread(failed_notification_count)()
        if failed > settings.HEALTH_FAILED_NOTIFICATIONS_MAX:
            raise ServiceUnavailable(f"{failed} notification(s) failed")


def _on_request_thread(function):
    # The request's own database connection: a pool thread would open one and never close it.
    return sync_to_async(function, thread_sensitive=True)


class HealthView(HealthCheckView):
    """django-health-check answers 500 on a failure; a load balancer expects 503."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        Broker,
        FlagRunAge,
        FailedNotifications,
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


class WebHealthView(HealthView):
    """Only what this web process needs to serve: for a load balancer's probe."""

    checks = ("health_check.checks.Database", "health_check.checks.Cache")
