"""Kyodo settings, read from the environment.

With no variable set the portal runs on an embedded default: SQLite, media on disk, a real
Celery worker on a file-system broker. `DATABASE_URL` / `REDIS_URL` switch to PostgreSQL and
Redis. `KYODO_ENV=production` turns on the production profile, which refuses to start without
`SECRET_KEY` and `ALLOWED_HOSTS` and passes `manage.py check --deploy`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KYODO_VAR_DIR") or BASE_DIR / "var")


def env(name: str, default: str = "") -> str:
    """A variable set to the empty string (`FOO=` in an env file) counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


KYODO_ENV = env("KYODO_ENV", "development")
PRODUCTION = KYODO_ENV == "production"
TESTING = env_bool("KYODO_TESTING")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "django-insecure-local-development-key-not-for-production-use-0123456789"
if PRODUCTION and SECRET_KEY.startswith("change-me"):
    raise ImproperlyConfigured("SECRET_KEY still holds the placeholder from .env.example: set a random one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,.localhost,127.0.0.1,[::1],testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kyodo.apps.KyodoAdminConfig",  # django.contrib.admin on the scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "csp",
    "kyodo",
    "accounts",
    "partners",
    "projects",
    "agreements",
    "reviews",
    "cases",
]

MIDDLEWARE = [
    "kyodo.logs.RequestIdMiddleware",
    "kyodo.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kyodo.cities.CityMiddleware",  # the request's city, from its host, before anything reads a city's rows
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Anonymous public pages from the shared cache; inside the headers' middleware above.
    "kyodo.publiccache.PublicPageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireStaffTwoFactorMiddleware",
]

ROOT_URLCONF = "kyodo.urls"
WSGI_APPLICATION = "kyodo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kyodo.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's connection pool; CONN_MAX_AGE must stay 0 with it.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})
        # Not under tests: pytest-django creates and drops `test_<name>` databases, and a pool
        # keeps connections open to the database it was built for (DROP DATABASE then fails on
        # "being accessed by other users"); live_server threads and the in-process Celery
        # worker would each hold `min_size` idle connections; and every test runs in one
        # transaction on one connection, where a pool saves nothing.
        if not TESTING and env_bool("DB_POOL", default=True):
            DATABASES["default"]["OPTIONS"]["pool"] = {
                "min_size": int(env("DB_POOL_MIN", "2")),
                "max_size": int(env("DB_POOL_MAX", "10")),
                "timeout": 10,
            }
        # Client-side cursors for `.iterator()`: a form's menu (ModelChoiceField iterates) cost a
        # DECLARE … WITH HOLD and a FETCH round trip each; nothing here streams a result too
        # large to hold, and it keeps the portal usable behind pgbouncer's transaction pooling.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        # pg_trgm indexes Japanese only on a UTF-8 LC_CTYPE: build test databases from template0.
        DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "kyodo.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
    # The covering index of the coordinator queue (INCLUDE columns) is a plain index on SQLite,
    # which is right for the embedded default; without this every command would say so.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker --------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per process where Django's own backend builds one
            # per call: a cached public page costs 1.0 instead of 1.4 ms of server CPU (bench).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", "kyodo"),
            "KEY_FUNCTION": "kyodo.tenancy.cache_key",
        }
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
    # A task whose worker died (acks are late) goes back to the queue once it has been
    # unacknowledged this long; workers look for such tasks every few seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 1,
    }
else:
    # Shared between processes so login throttling holds across the web server's workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "KEY_FUNCTION": "kyodo.tenancy.cache_key",
        }
    }
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"  # a host, or kombu warns on every connection
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Exchange tables for broadcast (fanout): remote control, so `/health/` can ping the
        # worker. Without it kombu writes them to a `control/` folder in the current directory.
        "control_folder": str(_broker_dir / "control"),
        # The transport polls the folder; 0.2 s keeps a ping round trip well under a second.
        "polling_interval": 0.2,
    }

# pytest-xdist runs the suite in several processes that share one Redis: each gets its own task
# queue, remote-control exchange and cache prefix, so a test's worker never takes another
# process's task (whose rows live in another test database) nor answers its pings.
if TESTING:
    # A fresh cache namespace per test run: counters such as allauth's login and sign-up rate
    # limits must not carry over from one run to the next on a shared Redis.
    # Set in the environment, so workers and servers the tests start share the namespace.
    _run = os.environ.setdefault("KYODO_TEST_RUN", str(os.getpid()))
    CACHES["default"]["KEY_PREFIX"] = f"{CACHES['default'].get('KEY_PREFIX', 'kyodo')}-test-{_run}"
XDIST_WORKER = env("PYTEST_XDIST_WORKER") if TESTING else ""
if XDIST_WORKER:
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{XDIST_WORKER}"
    CELERY_CONTROL_EXCHANGE = f"celery-{XDIST_WORKER}"
    CACHES["default"]["KEY_PREFIX"] = f"{CACHES['default'].get('KEY_PREFIX', 'kyodo')}-{XDIST_WORKER}"

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Stopping (docker compose stop, Ctrl-C on the demo) must take seconds, not a task's time limit.
# The worker runs with REMAP_SIGTERM=SIGQUIT (docker-compose.yml, scripts/serve.sh), so SIGTERM
# is Celery's cold shutdown with a soft phase: idle, the worker stops at once; a task in progress
# gets this many seconds to finish, is then cancelled and, being acks_late and
# reject_on_worker_lost, handed back to the broker for the next worker (tasks are idempotent).
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 5.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request publishing a task must not hang on a broker outage: give up fast and let the
# outbox (kyodo.outbox) keep the task until the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
from celery.schedules import crontab  # noqa: E402

# Apps add their periodic tasks here. The heartbeat lets /health/ show that beat is alive.
CELERY_BEAT_SCHEDULE: dict = {
    "kyodo-heartbeat": {"task": "kyodo.tasks.ping", "schedule": 60.0},
    "kyodo-flush-outbox": {"task": "kyodo.flush_outbox", "schedule": 60.0},
    "reviews-refresh-yearly-report": {"task": "reviews.tasks.refresh_yearly_reports", "schedule": 300.0},
    "reviews-milestone-reminders": {
        "task": "reviews.tasks.send_milestone_reminders", "schedule": crontab(hour=8, minute=0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kyodo] "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Brute force: allauth throttles failed logins per account/IP through the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kyodo"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Staff and coordinators must use two-factor authentication. The local demo may relax it;
# production never does.
KYODO_REQUIRE_STAFF_2FA = env_bool("KYODO_REQUIRE_STAFF_2FA", default=True)
if PRODUCTION:
    KYODO_REQUIRE_STAFF_2FA = True

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# /favicon.ico and /robots.txt, served at the site's root.
WHITENOISE_ROOT = BASE_DIR / "kyodo" / "webroot"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Every profile that runs collectstatic (production, the demo) serves static files
        # compressed (Brotli and gzip) under fingerprinted names, which WhiteNoise lets browsers
        # keep for a year; with DEBUG on the source files are served as they are, and the test
        # suite, which never collects, reads them through the finders.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files, seal scans and agreement PDFs (paths: kyodo.storage). With a bucket named they
# go to an S3-compatible object store shared by every web node and worker (django-storages:
# AWS S3, MinIO, or a Japanese cloud's S3-compatible storage, through AWS_S3_ENDPOINT_URL);
# credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Objects stay private: the
# permission-checking views stream them.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
# Uploaded files live outside the web root and are only served through views that check
# permission; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
if XDIST_WORKER:  # parallel test processes number their rows alike: keep their files apart
    MEDIA_ROOT = MEDIA_ROOT / XDIST_WORKER
MEDIA_URL = "/media-not-served/"
# The yearly report is computed in the database (seconds at a city's scale) and kept this long;
# beat refreshes the current and previous fiscal years every five minutes. 0 disables the cache.
KYODO_REPORT_CACHE_SECONDS = int(env("KYODO_REPORT_CACHE_SECONDS", "0" if TESTING else "900"))
KYODO_MAX_UPLOAD_BYTES = int(env("KYODO_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# How many days before a milestone is due its reminder goes out (reviews).
KYODO_REMINDER_DAYS_BEFORE = int(env("KYODO_REMINDER_DAYS_BEFORE", "7"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A mail server that does not answer fails the send (the task retries later) instead of holding
# a worker, and its shutdown, until the task's time limit.
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kyodo@example.jp")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The platform's address. Each city is served at <slug>.<this host> (and at its custom domains):
# with http://localhost:8000, Yokohama is http://yokohama.localhost:8000 (browsers resolve
# *.localhost to the loopback). The platform's own page, the list of cities, is this address.
KYODO_BASE_URL = env("KYODO_BASE_URL", "http://localhost:8000")
_base = urlsplit(KYODO_BASE_URL)
KYODO_BASE_SCHEME = _base.scheme
KYODO_BASE_DOMAIN = _base.hostname or "localhost"
KYODO_BASE_PORT = f":{_base.port}" if _base.port else ""
# How long a process keeps its table of cities by host name (kyodo.cities): a new custom domain
# or a deactivated city reaches every node within this time. The tests reset it themselves.
KYODO_CITY_HOSTS_TTL = float(env("KYODO_CITY_HOSTS_TTL", "3600" if TESTING else "30"))

# --- The city's seal on agreement PDFs (kyodo.seal) -------------------------------------------
# The city's document-signing certificate and key as PKCS#12, its passphrase, the RFC 3161 TSA
# and the root certificates (PEM files) its chain and the TSA's lead to. Without KYODO_SEAL_PKCS12
# the demo PKI under var/pki/ is used (served by `manage.py serve_pki` at KYODO_DEMO_PKI_URL);
# in production without it, PDFs are not sealed.
KYODO_SEAL_PKCS12 = env("KYODO_SEAL_PKCS12")
KYODO_SEAL_PASSPHRASE = env("KYODO_SEAL_PASSPHRASE")
KYODO_TSA_URL = env("KYODO_TSA_URL")
KYODO_SEAL_TRUST_ROOTS = env_list("KYODO_SEAL_TRUST_ROOTS")
if KYODO_SEAL_PKCS12 and not (KYODO_TSA_URL and KYODO_SEAL_TRUST_ROOTS):
    raise ImproperlyConfigured("KYODO_SEAL_PKCS12 needs KYODO_TSA_URL and KYODO_SEAL_TRUST_ROOTS as well.")
KYODO_SEAL_FONT = env("KYODO_SEAL_FONT", "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
KYODO_DEMO_PKI_DIR = None if PRODUCTION else Path(env("KYODO_DEMO_PKI_DIR", str(VAR_DIR / "pki")))
KYODO_DEMO_PKI_URL = env("KYODO_DEMO_PKI_URL", "http://127.0.0.1:8790")

# --- Forms ----------------------------------------------------------------------------------
# Widgets render through TEMPLATES, so the project's templates/ may override a widget's template
# (the admin's split date/time widget labels its two inputs there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# One JSON object per line in production (LOG_FORMAT=json), with the request id that follows a
# request into its Celery tasks (kyodo.logs). Celery's workers log through the same handlers.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "kyodo.logs.ContextFilter"},
        "client_errors": {"()": "kyodo.errors.ClientErrorsOnOneLine"},
    },
    "loggers": {"django.request": {"filters": ["client_errors"]}},  # a 403 is one line, not a traceback
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task)s %(task_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s%(task_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Prometheus metrics (kyodo.metrics): GET /metrics with `Authorization: Bearer <token>`.
KYODO_METRICS_TOKEN = env("KYODO_METRICS_TOKEN")
