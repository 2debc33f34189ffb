"""Insikt settings: one module, read from environment variables.

The defaults run a local demo with nothing installed (SQLite); production differs
only by variables (README, "Configuration", lists every one).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str) -> str:
    """A secret from NAME, or from the file that NAME_FILE points to (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


DEBUG = envbool("DEBUG", False)

# Commands that only read the code (no request served, nothing signed) run without a secret,
# so that e.g. `manage.py makemigrations --check` works on a build machine with no configuration.
CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}
RUNNING_CODE_ONLY_COMMAND = (
    len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in CODE_ONLY_COMMANDS
)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not RUNNING_CODE_ONLY_COMMAND:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Insikt refuses to start without a secret key: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to a long random string, or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on-0123456789"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "insikt.adminsite.InsiktAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # After django.contrib.auth, so that permissions exist when insikt sets up the role groups.
    "insikt",
    "participants",
    "meetings",
    "questionnaire",
    "reports",
    "insikt.home",  # the composition root: start page and the commands that span every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "insikt.middleware.RequestSizeLimitMiddleware",
    "insikt.middleware.SessionEndsAtMidnightMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "insikt.urls"
WSGI_APPLICATION = "insikt.wsgi.application"

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
                "insikt.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every query here is short: PostgreSQL's JIT compiler costs more (~100 ms a report query) than it saves.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A select's choices are read with .iterator(): a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE)
    # cost a list page more than its whole main query. Client-side cursors are also what PgBouncer's
    # transaction mode (docs/drift.md) requires.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "insikt.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "insikt.signin.StaffBackend",  # Django's ModelBackend, with the organisation in the same query
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A new or reset account's one-time link to choose a password (insikt.accounts) is valid this long.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_LINK_DAYS", 3) * 86400
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after inactivity and, by SessionEndsAtMidnightMiddleware, at the end of the day.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_TOUCH_SECONDS = 60  # an active session is saved (its expiry moved) at most this often
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    # Uploaded consent documents: never under a public URL, served only by a view that checks access.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-guardian: no anonymous user; participant grants live in direct foreign-key tables.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# django-axes: lock out after repeated failures for one username from one address, and after many more
# from one address whatever the usernames (insikt.signin).
AXES_HANDLER = "insikt.signin.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "insikt.signin.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password", "username"]
# The client address is REMOTE_ADDR unless we sit behind a known number of reverse proxies:
# a client cannot escape the lockout by sending its own X-Forwarded-For header.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Security headers. With DEBUG off every cookie is secure and HTTPS is enforced.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Registration tells a caseworker when a person is already in Insikt; more than this many times an hour,
# it tells them nothing more for a while (participants.forms).
DUPLICATE_CHECKS_PER_HOUR = envint("DUPLICATE_CHECKS_PER_HOUR", 10)
# A request larger than this is refused before its body is read (insikt.middleware); uploads are at most 5 MB.
MAX_REQUEST_BYTES = envint("MAX_REQUEST_MB", 6) * 1024 * 1024

# Counts of fewer people than this are not shown in reports (reports.suppression).
REPORT_SUPPRESSION_THRESHOLD = envint("REPORT_SUPPRESSION_THRESHOLD", 5)
# The key of the evaluator's pseudonyms (reports.exports.pseudonym). Empty: derived from SECRET_KEY, so that the
# pseudonyms change if it is rotated; a key of its own keeps them stable across exports for good.
PSEUDONYM_KEY = envsecret("PSEUDONYM_KEY")
# The project plan's yearly goal, used for a year without a target of its own in the admin.
YEARLY_TARGET = envint("YEARLY_TARGET", 300)
# Att göra (insikt.home.todo): days after a held multi-party meeting with no recommendation, and after
# consent with no multi-party meeting booked, before either appears on the caseworker's list.
TODO_RECOMMENDATION_DAYS = envint("TODO_RECOMMENDATION_DAYS", 14)
TODO_CONSENT_DAYS = envint("TODO_CONSENT_DAYS", 14)
# Months after closing when the person's occupation and support are followed up (participants.Outcome).
FOLLOW_UP_MONTHS = sorted({int(m) for m in envlist("FOLLOW_UP_MONTHS", "3,6,12")})
# Översikt (insikt.home.overview): a participant counts as stuck in a step after this many days without a change.
OVERVIEW_STUCK_DAYS = envint("OVERVIEW_STUCK_DAYS", 30)

# Background work (e-mail, report PDFs, the daily and monthly jobs) is queued in the database and run by
# `manage.py db_worker` (docs/drift.md): no extra server on SQLite or PostgreSQL. TASK_BACKEND=immediate
# runs it at once in the process that queues it (the tests).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASK_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

# E-mail: only "you have a notification" with a link, never personal data (insikt.jobs). The console in
# development, SMTP in production.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Insikt <insikt@localhost>")
# The address of Insikt as users reach it, for the links in e-mails (which have no request to ask).
INSIKT_URL = os.environ.get("INSIKT_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Axes logs usernames of failed sign-ins; keep that out of application logs.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

if envbool("FAST_PASSWORD_HASHER", False):
    # Tests only: hashing with the real hasher would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
