"""Settings for the claim tracker, in one module, driven by environment variables.

Production by default: DEBUG is off unless set, and then a real SECRET_KEY is
required. `make run` sets the development values itself (DEBUG=true and a dev
key); otherwise no variables are needed for SQLite, the console email backend
and a filesystem Celery broker. Set DATABASE_URL and CELERY_BROKER_URL (or
REDIS_URL) for PostgreSQL and Redis. docs/operations.md lists the rest.
"""

import logging
import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# What `make run` passes; refused whenever DEBUG is off, so it can never sign production sessions.
DEV_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a secret one when DEBUG is false.")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is not set; it is required when DEBUG is false.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "pages",  # before admin: its templates may restyle the admin's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "simple_history",
    "claims",
    "tracker",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: turns a login locked out further in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# PostgreSQL's JIT compiles a query when its estimated cost is high. The scorecard query
# (many small correlated subqueries: time-averaged Brier, base rates) is estimated high
# and runs in milliseconds, but compiling it takes seconds to minutes. Off, as is common
# for web workloads; DB_JIT=true turns it back on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DB_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email -----------------------------------------------------------------
# With no EMAIL_HOST the console backend prints mail, so `make run` shows digests.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claim-tracker@localhost")

# --- Celery ----------------------------------------------------------------
# Redis when CELERY_BROKER_URL or REDIS_URL is set; otherwise kombu's filesystem
# transport under var/, which needs no service but is a real broker for a real worker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://"
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
        # Fanout exchanges (worker remote control); kombu's default is ./control.
        "control_folder": str(VAR_DIR / "celery-control"),
    }
    # The transport fails on missing folders; a fresh clone has none.
    for _folder in (CELERY_BROKER_DIR, VAR_DIR / "celery-processed", VAR_DIR / "celery-control"):
        _folder.mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Publishing from a web request must not hang when the broker is down: try
# briefly, then give up (the outbox row stays pending for the sweeper).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# On a lost broker connection, cancel running late-ack tasks (Celery 6's default):
# the broker redelivers them and our tasks are idempotent.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 10}
    # Several deployments (or test runs) can share one Redis database.
    if os.environ.get("CELERY_REDIS_KEY_PREFIX"):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = os.environ["CELERY_REDIS_KEY_PREFIX"]

# --- Claims domain ---------------------------------------------------------
# Claims with no time bound are reviewed this many days after publication.
CLAIMS_DEFAULT_HORIZON_DAYS = env_int("CLAIMS_DEFAULT_HORIZON_DAYS", 730)
# Override the hedge -> probability map, e.g. {"may": 0.4}; see claims/probability.py.
CLAIMS_HEDGE_PROBABILITIES: dict[str, float] = {}
# A proposed claim this similar (0..1) to an open claim of the same claimant is offered as
# its revision (claims/services/revision_suggestions.py): pg_trgm similarity on PostgreSQL,
# difflib's ratio on SQLite.
CLAIMS_REVISION_MIN_SIMILARITY = 0.5

# Every history row keeps the service's whole reason ("Withdrawn: ...", "Corrected: ..."),
# not the first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Tracker ---------------------------------------------------------------
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)  # local hour (TIME_ZONE) of the daily digest
DIGEST_LEAD_DAYS = env_int("DIGEST_LEAD_DAYS", 14)  # also list claims coming due this soon
DIGEST_ESCALATE_AFTER_DAYS = env_int("DIGEST_ESCALATE_AFTER_DAYS", 30)
DIGEST_SECTION_MAX_ROWS = env_int("DIGEST_SECTION_MAX_ROWS", 25)  # rows per digest section, then "and N more"
# How often beat runs flag_due_claims; read when the schedule rows are created
# (migration), then editable in the admin. See docs/tracking.md.
FLAG_DUE_EVERY_SECONDS = env_int("FLAG_DUE_EVERY_SECONDS", 300)
SWEEP_EVERY_SECONDS = env_int("SWEEP_EVERY_SECONDS", 60)
# The public scorecards are read from a summary the worker refreshes this often
# (tracker/services/scorecard_summary.py); a summary older than the max age, or
# made stale by a recorded outcome, is not served and the scorecard is computed live.
SCORECARD_SUMMARY_EVERY_SECONDS = env_int("SCORECARD_SUMMARY_EVERY_SECONDS", 60)
SCORECARD_SUMMARY_MAX_AGE_SECONDS = env_int("SCORECARD_SUMMARY_MAX_AGE_SECONDS", 120)
# Outbox delivery: attempts, exponential backoff (kept far below the broker's
# visibility timeout), how long a worker may hold a row before the sweeper takes
# it back, and how long a pending row waits for its own task before the sweeper
# re-queues it.
NOTIFICATION_RETRY_BASE_SECONDS = env_int("NOTIFICATION_RETRY_BASE_SECONDS", 30)
NOTIFICATION_RETRY_MAX_SECONDS = env_int("NOTIFICATION_RETRY_MAX_SECONDS", 600)
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300)
NOTIFICATION_SWEEP_GRACE_SECONDS = env_int("NOTIFICATION_SWEEP_GRACE_SECONDS", 60)

# --- API -------------------------------------------------------------------
API_ANONYMOUS_READ = env_bool("API_ANONYMOUS_READ", False)

# --- Public pages: the leaderboard -----------------------------------------
# Resolved claims a claimant (publication, tag) needs before the leaderboard and the home
# page's top five rank them.
LEADERBOARD_MIN_RESOLVED = env_int("LEADERBOARD_MIN_RESOLVED", 5)
REST_FRAMEWORK = {
    # Token first, so a request without valid credentials gets 401 with a challenge, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "100/hour"),
        "user": os.environ.get("API_THROTTLE_USER", "5000/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": "Claims, outcomes and forecast scorecards.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# One JSON object a line with LOG_FORMAT=json (for a log shipper), plain text otherwise.
# Refused requests (403s, suspicious requests) are one warning line, never a traceback.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "config.logging.ClientErrorsAsWarnings"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A failing probe is in /healthz's answer (and django.request logs the 503): no traceback per poll.
    "loggers": {"health_check": {"level": "ERROR"}},
}
if LOG_FORMAT == "json":
    # Python warnings (e.g. WhiteNoise's) go through logging too, so every line is JSON.
    logging.captureWarnings(True)
# Celery keeps its own plain log format unless we keep the root logger for JSON.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# --- API additions (issue 5) -----------------------------------------------
# Django ValidationErrors raised by services become 400s with field messages.
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "claims.api.exceptions.exception_handler"
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "claims.api.pagination.Pagination"
SPECTACULAR_SETTINGS.update(
    DESCRIPTION="Claims, outcomes and forecast scorecards. See docs/api.md.",
    COMPONENT_SPLIT_REQUEST=True,
    POSTPROCESSING_HOOKS=[
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_error_responses",
    ],
    ENUM_NAME_OVERRIDES={
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "TagKindEnum": "claims.models.Tag.Kind",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "VerdictEnum": "claims.models.Outcome.Verdict",
        "RevisionKindEnum": "claims.models.ClaimRevision.Kind",
    },
    # Swagger UI and Redoc served from this site (no CDN), so /api/docs/ works offline.
    SWAGGER_UI_DIST="SIDECAR",
    SWAGGER_UI_FAVICON_HREF="SIDECAR",
    REDOC_DIST="SIDECAR",
)
INSTALLED_APPS += ["drf_spectacular_sidecar"]
# The organisation named as author of the ClaimReview JSON-LD exports.
CLAIM_REVIEW_PUBLISHER = os.environ.get("CLAIM_REVIEW_PUBLISHER", "Claim tracker")

# --- Public pages: home, claim, search, login (issue 11, pages/claim_*.py) ---
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Production hardening (issue 10) ---------------------------------------
# HTTPS settings are off by default so `make run` and plain-HTTP tests work;
# the production environment in docs/operations.md turns them on, and
# `manage.py check --deploy --fail-level WARNING` then passes.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a TLS terminator that sets (and overwrites) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A load balancer probes the backend over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)

# Content-Security-Policy (django-csp 4): scripts from this site only. Inline
# styles stay allowed: the scorecard page, Swagger UI and Redoc use them.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# /healthz (tracker/health.py): what counts as unhealthy. The flag job runs
# every FLAG_DUE_EVERY_SECONDS; three missed runs mean beat or the workers stopped.
HEALTH_FLAG_RUN_MAX_AGE_SECONDS = env_int("HEALTH_FLAG_RUN_MAX_AGE_SECONDS", 3 * FLAG_DUE_EVERY_SECONDS)
HEALTH_FAILED_NOTIFICATIONS_MAX = env_int("HEALTH_FAILED_NOTIFICATIONS_MAX", 0)
HEALTH_BROKER_TIMEOUT_SECONDS = env_int("HEALTH_BROKER_TIMEOUT_SECONDS", 1)
INSTALLED_APPS += ["health_check"]

# --- Delivery through long outages (issue 10) --------------------------------
# A notification is retried (backoff capped at NOTIFICATION_RETRY_MAX_SECONDS)
# for this long after it was queued, three days by default so a weekend's SMTP
# outage loses nothing; then it is failed and the site admins are told.
NOTIFICATION_GIVE_UP_AFTER_SECONDS = env_int("NOTIFICATION_GIVE_UP_AFTER_SECONDS", 72 * 3600)
# Publishing a task from a request or an on_commit hook waits at most about
# this long (config.celery.publisher_connection); a broker that does not answer
# leaves outbox rows to the sweeper.
CELERY_PUBLISH_TIMEOUT_SECONDS = float(os.environ.get("CELERY_PUBLISH_TIMEOUT_SECONDS", "0.5"))
# Who is told about failed notifications: "Name <a@example.org>" or plain
# addresses, comma-separated.
ADMINS = [
    (name or address, address)
    for name, address in (parseaddr(item) for item in env_list("ADMINS", ""))
    if address
]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# A second mail server for those alerts, so they do not depend on the one
# that failed; unset, alerts use the EMAIL_* server (and the log).
ALERT_EMAIL_HOST = os.environ.get("ALERT_EMAIL_HOST", "")
ALERT_EMAIL_PORT = env_int("ALERT_EMAIL_PORT", 25)
ALERT_EMAIL_HOST_USER = os.environ.get("ALERT_EMAIL_HOST_USER", "")
ALERT_EMAIL_HOST_PASSWORD = os.environ.get("ALERT_EMAIL_HOST_PASSWORD", "")
ALERT_EMAIL_USE_TLS = env_bool("ALERT_EMAIL_USE_TLS", False)
ALERT_EMAIL_USE_SSL = env_bool("ALERT_EMAIL_USE_SSL", False)

# --- Safe inputs (issue 10) ------------------------------------------------
# Request bodies above this many bytes are refused (the API answers 413 JSON).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# JSON request bodies nested deeper than this are a 400 (claims.api.parsers).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "claims.api.parsers.JSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
# Proposing claims reads at most this many characters of an article; texts
# longer than PROPOSALS_SYNC_MAX_CHARS are proposed by the worker (202).
PROPOSALS_MAX_TEXT_CHARS = env_int("PROPOSALS_MAX_TEXT_CHARS", 200_000)
PROPOSALS_SYNC_MAX_CHARS = env_int("PROPOSALS_SYNC_MAX_CHARS", 20_000)
# A CSV import (admin, API, import_claims) is checked whole before anything is
# written, in one transaction: these bound how long that takes.
CLAIMS_IMPORT_MAX_BYTES = env_int("CLAIMS_IMPORT_MAX_BYTES", 2_000_000)
CLAIMS_IMPORT_MAX_ROWS = env_int("CLAIMS_IMPORT_MAX_ROWS", 1_000)
# A "sentence" longer than this (no full stop in a run of text) is skipped, with a note.
PROPOSALS_MAX_SENTENCE_CHARS = env_int("PROPOSALS_MAX_SENTENCE_CHARS", 1_000)

# --- Articles in from the web (issue 14; claims/intake/, claims/services/intake.py) ---
INTAKE_TIMEOUT_SECONDS = env_int("INTAKE_TIMEOUT_SECONDS", 15)
INTAKE_MAX_BYTES = env_int("INTAKE_MAX_BYTES", 5_000_000)
INTAKE_MAX_REDIRECTS = env_int("INTAKE_MAX_REDIRECTS", 5)
# Timeouts, 5xx and 429 are tried again by the worker this many times, backing off from the base.
INTAKE_RETRIES = env_int("INTAKE_RETRIES", 3)
INTAKE_RETRY_BASE_SECONDS = env_int("INTAKE_RETRY_BASE_SECONDS", 60)
INTAKE_LANGUAGES = env_list("INTAKE_LANGUAGES", "en")
INTAKE_USER_AGENT = os.environ.get("INTAKE_USER_AGENT", "claim-tracker/0.1 (article intake)")
# Articles with open claims are re-read this often for changed quotes; feeds polled this often.
INTAKE_RECHECK_DAYS = env_int("INTAKE_RECHECK_DAYS", 7)
FEED_POLL_EVERY_SECONDS = env_int("FEED_POLL_EVERY_SECONDS", 3600)

# --- Shared cache, login protection and tokens (issue 10) -------------------
# One cache for every process, so throttle counts hold across workers and
# restarts: Redis when CACHE_URL or REDIS_URL is set (point CACHE_URL at another
# database number to keep it apart from the broker), the database otherwise.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "claims"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # Its table is made on every migrate (accounts.apps.create_cache_table).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }

# django-axes watches the admin login and the API token endpoint. Failures are
# counted per username and client address in the database (visible, and
# deletable to lift a lock, under Axes in the admin; or `manage.py axes_reset`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# 0: locked until an administrator lifts it.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30)) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked-out user retrying (even with the right password) must not extend the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_VERBOSE = False  # no "AXES: BEGIN" banner on every management command

# API tokens (django-rest-knox): hashed at rest, expire after API_TOKEN_TTL_HOURS,
# revocable; sent as `Authorization: Token <token>` as before.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 24)),
    "AUTH_HEADER_PREFIX": "Token",
    # Optionally each use pushes the expiry out again, up to API_TOKEN_MAX_TTL_DAYS after issue.
    "AUTO_REFRESH": env_bool("API_TOKEN_AUTO_REFRESH", False),
    "AUTO_REFRESH_MAX_TTL": timedelta(days=env_int("API_TOKEN_MAX_TTL_DAYS", 30)),
}
# The client address of throttles and lockouts: REMOTE_ADDR, or behind this many
# reverse proxies the matching X-Forwarded-For entry. (DRF's default, None, would
# trust a client's own X-Forwarded-For and let it dodge every per-address limit.)
REST_FRAMEWORK["NUM_PROXIES"] = env_int("TRUSTED_PROXY_COUNT", 0)
# The token endpoint's own rate, per client address.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"] = os.environ.get("API_THROTTLE_TOKEN", "10/minute")
