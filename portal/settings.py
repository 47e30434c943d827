"""Django settings, read from the environment (see README: Configuration).

DJANGO_ENV=production switches on the hardened settings that pass ``check --deploy``.
"""

import os

import dj_database_url

from portal import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.var_dir()

PRODUCTION = os.environ.get("DJANGO_ENV", "").lower() == "production"
DEBUG = env.env_bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or env.demo_secret_key()

ALLOWED_HOSTS = env.env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "axes",
    "portal.accounts",
    "portal.definitions",
    "portal.changes",
    "portal.reads",
    "portal.directory",
    "portal.features",
    "portal.supervision",
    "portal.gallery",
    "portal.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language), after the session and before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person's own language, when they chose one, instead of the browser's.
    "portal.accounts.preferences.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.middleware.NeverCachePagesMiddleware",
    "portal.middleware.PlatformErrorMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "portal.accounts.preferences.theme_context",
                "portal.accounts.acting.acting_context",
                "portal.access.permissions_context",
            ],
        },
    },
    {
        # The parts of pages drawn many times over (portal.jinja), asked for by name.
        "NAME": "jinja",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "portal.jinja.environment"},
    },
]

# Form widgets are drawn by Django's own Jinja2 widget templates: the same markup as its
# template language draws, several times faster (a feature page draws 50 to 100 widgets).
FORM_RENDERER = "django.forms.renderers.Jinja2"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server, worker and beat share one file: a writer takes the lock when its transaction
    # starts (never half-way through), and waits up to the timeout for it.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # Readers never wait for the writer, and a commit does not wait for the disk each time.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "portal.accounts.backends.ApioUserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock a sign-in name out after repeated failures, per pair of user name (whatever its case) and
# client address: a stranger's failures elsewhere never lock the name out for its owner.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.sign_in_name"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.lockout.client_ip"
# Reverse proxies in front of the portal, each appending to X-Forwarded-For: the client is the
# address the outermost one saw. 0: none, the client is the connection's own address.
SWITCHBOARD_TRUSTED_PROXY_COUNT = int(os.environ.get("SWITCHBOARD_TRUSTED_PROXY_COUNT", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
# Each language named in itself, as a person looking for their own reads it.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("nl", "Nederlands"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The demo's region is Belgium: dates and times are shown in its time zone unless told otherwise.
TIME_ZONE = os.environ.get("TIME_ZONE") or "Europe/Brussels"
# Where a number written without its country code is read as being (an ISO 3166 region).
PHONE_DEFAULT_REGION = os.environ.get("PHONE_DEFAULT_REGION") or "BE"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Outside production, serve static files straight from the source folders, as runserver would.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REDIS_URL = env.redis_url()
# The cache only spares APIO reads: a Redis slow or away is a miss after a short wait, logged,
# never an error page. Sessions are in the database, so an outage signs no one out.
CACHE_REDIS_TIMEOUT_SECONDS = float(os.environ.get("CACHE_REDIS_TIMEOUT_SECONDS", "0.1"))
# How long a user's service settings read from APIO are kept (forgotten at once when a change
# to the user is applied, or on "Read again"); 0 reads them afresh for every page.
READS_SETTINGS_CACHE_SECONDS = int(os.environ.get("READS_SETTINGS_CACHE_SECONDS", "30"))
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "switchboard",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": CACHE_REDIS_TIMEOUT_SECONDS,
            "SOCKET_TIMEOUT": CACHE_REDIS_TIMEOUT_SECONDS,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# A caller presenting it (Authorization: Bearer …) is told each dependency's state at /health/.
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")
# How long /health/ waits for Redis and for the Celery workers' answers to a ping.
HEALTH_CHECK_TIMEOUT_SECONDS = float(os.environ.get("HEALTH_CHECK_TIMEOUT_SECONDS", "2"))

APIO_BASE_URL = os.environ.get("APIO_BASE_URL", "http://127.0.0.1:8001")
APIO_USERNAME = os.environ.get("APIO_USERNAME", "portal")
APIO_PASSWORD = os.environ.get("APIO_PASSWORD", "portal-sandbox-password")
APIO_CONNECT_TIMEOUT = float(os.environ.get("APIO_CONNECT_TIMEOUT", "5"))
# A page waits for APIO's answer this long before it says the platform is not answering; a
# Celery worker pushing a change waits longer, as nobody waits for it.
APIO_READ_TIMEOUT = float(os.environ.get("APIO_READ_TIMEOUT", "10"))
APIO_PUSH_READ_TIMEOUT = float(os.environ.get("APIO_PUSH_READ_TIMEOUT", "30"))
# Paths the public docs do not show (docs/apio-contract.md §6): each can be corrected here,
# one setting per path, when a live APIO answers elsewhere. Keys are the contract's paths.
APIO_ASSUMED_PATHS = {
    "cfna": os.environ.get("APIO_PATH_CFNA", "cfna"),
    "cfnr": os.environ.get("APIO_PATH_CFNR", "cfnr"),
    "voice_messaging/advanced_config": os.environ.get(
        "APIO_PATH_VOICE_MESSAGING_ADVANCED", "voice_messaging/advanced_config"
    ),
    "voice_messaging/greetings": os.environ.get(
        "APIO_PATH_VOICE_MESSAGING_GREETINGS", "voice_messaging/greetings"
    ),
    "announcements": os.environ.get("APIO_PATH_USER_ANNOUNCEMENTS", "announcements"),
}
# A worker holding a change longer than one push can take has died: the sweeper takes it back.
CHANGES_LEASE_SECONDS = float(
    os.environ.get(
        "CHANGES_LEASE_SECONDS", str(2 * (APIO_CONNECT_TIMEOUT + APIO_PUSH_READ_TIMEOUT) + 10)
    )
)

# Pending changes: how long transient failures are retried, and how the sweeper recovers.
CHANGES_RETRY_DEADLINE_SECONDS = int(os.environ.get("CHANGES_RETRY_DEADLINE_SECONDS", "3600"))
CHANGES_BACKOFF_BASE_SECONDS = float(os.environ.get("CHANGES_BACKOFF_BASE_SECONDS", "1"))
CHANGES_BACKOFF_MAX_SECONDS = float(os.environ.get("CHANGES_BACKOFF_MAX_SECONDS", "60"))
CHANGES_SWEEP_INTERVAL_SECONDS = float(os.environ.get("CHANGES_SWEEP_INTERVAL_SECONDS", "10"))
# A push renews its claim every third of this; a claim not renewed for this long (its worker
# died) is taken back by the sweeper and sent again.
CHANGES_HEARTBEAT_SECONDS = float(os.environ.get("CHANGES_HEARTBEAT_SECONDS", "6"))
CHANGES_SWEEP_GRACE_SECONDS = float(os.environ.get("CHANGES_SWEEP_GRACE_SECONDS", "30"))
# A push sends up to this many objects' changes side by side, on this many threads, round
# after round while changes are due; after this many seconds a fresh task takes over.
CHANGES_PUSH_BATCH = int(os.environ.get("CHANGES_PUSH_BATCH", "32"))
CHANGES_PUSH_THREADS = int(os.environ.get("CHANGES_PUSH_THREADS", "8"))
CHANGES_PUSH_SECONDS = float(os.environ.get("CHANGES_PUSH_SECONDS", "30"))
CHANGES_PUSH_LINGER_SECONDS = float(os.environ.get("CHANGES_PUSH_LINGER_SECONDS", "0.05"))
# How often a page asks whether a change it shows is done: its status, and a list of rules
# waiting for one.
CHANGES_STATUS_POLL_SECONDS = float(os.environ.get("CHANGES_STATUS_POLL_SECONDS", "1"))
CHANGES_RULES_POLL_SECONDS = float(os.environ.get("CHANGES_RULES_POLL_SECONDS", "2"))

CELERY_BROKER_URL = env.celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = env.celery_url(REDIS_URL)
# Keep a worker's database connection across tasks (Celery closes it after every task
# otherwise); Django's health checks replace a connection that went bad.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker (and beat) waits for Redis for as long as it is away, at start and after losing it,
# trying again every 2 s, then less often, up to every 30 s (kombu's steps).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Fail fast when the broker is down: the change is in the database and the sweeper queues it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-changes": {
        "task": "changes.sweep",
        "schedule": CHANGES_SWEEP_INTERVAL_SECONDS,
    }
}

# The portal's own API (portal/api, README: REST API): a personal key or the session.
# Each key may make API_RATE_LIMIT calls (DRF's notation: "120/minute"); a session, per person.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.PerKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE_LIMIT},
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Switchboard API",
    "DESCRIPTION": (
        "Everything the feature pages do, for scripts: the same roles, scopes and checks. "
        "Authenticate with a personal key (`Authorization: Bearer <key>`) made under "
        "Preferences, or with the portal's session and its CSRF token. Each key is limited to "
        f"`{API_RATE_LIMIT}` calls; past that, 429 with Retry-After. Every error has one "
        'shape: `{"error": {"code", "message", "fields": {field: [messages]}}}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The description and its page are public: they hold no one's data.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}
