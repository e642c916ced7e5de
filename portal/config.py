"""Settings, read from the environment. One class per mode."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance"))

# The interface languages: the mission's (fr), the region's common one (en), and the
# languages partners of the 16 countries write in. Babel identifiers.
LANGUAGES = [
    "en", "fr", "sq", "sr", "sr_Latn", "bs", "hr", "mk", "bg", "el", "tr", "hu", "ro", "sl", "uk",
]


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key():
    """A key generated once into instance/ so sessions survive restarts of `make run`."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    LANGUAGES = LANGUAGES
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    LANGUAGE_COOKIE = "portal_lang"

    # Sessions: signed cookie, idle and absolute limits enforced in portal.auth.sessions.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", 30)))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", 12)))
    REMEMBER_COOKIE_DURATION = timedelta(days=0)
    WTF_CSRF_TIME_LIMIT = None  # the session's own limits bound the token's life

    INVITATION_VALID_FOR = timedelta(days=int(os.environ.get("INVITATION_VALID_DAYS", 14)))
    PASSWORD_RESET_VALID_FOR = timedelta(hours=2)
    # Failed logins on one account before each further attempt must wait; the wait doubles
    # and is capped so that an attacker can slow a person down but never lock them out.
    LOGIN_FAILURES_BEFORE_DELAY = 5
    LOGIN_MAX_DELAY = timedelta(minutes=15)

    # Rate limits (Flask-Limiter); Redis in production so every worker shares the counts.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_RATE_LIMIT_PER_ADDRESS", "20 per minute")
    LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_PER_ACCOUNT", "30 per hour")

    # Mail: every message is a row of the outbox; a sender delivers it.
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "file")  # file | console | smtp | memory
    MAIL_FROM = os.environ.get("MAIL_FROM", "THB portal <no-reply@thb-portal.example>")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_SMTP_HOST = os.environ.get("MAIL_SMTP_HOST", "localhost")
    MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT", 587))
    MAIL_SMTP_USER = os.environ.get("MAIL_SMTP_USER")
    MAIL_SMTP_PASSWORD = os.environ.get("MAIL_SMTP_PASSWORD")
    MAIL_SMTP_STARTTLS = _env_bool("MAIL_SMTP_STARTTLS", True)
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 6))
    # Deliver right after the request that queued the message; production may leave that
    # to `flask portal send-mail` run by cron instead.
    MAIL_DELIVER_AFTER_REQUEST = _env_bool("MAIL_DELIVER_AFTER_REQUEST", True)

    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes")
    # Per person: uploads over every upload form together, and invitations sent.
    UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "60 per hour")
    INVITATION_RATE_LIMIT = os.environ.get("INVITATION_RATE_LIMIT", "30 per hour")

    # Attachments: "file:///path/to/folder" (a local folder, the default) or
    # "s3://bucket/prefix" (S3-compatible object storage through boto3). For S3:
    # S3_ENDPOINT_URL (empty for AWS itself; e.g. https://s3.fr-par.scw.cloud or a MinIO URL),
    # S3_REGION, and the credentials read by boto3 from AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY (or the machine's role); S3_SERVER_SIDE_ENCRYPTION ("AES256" or
    # "aws:kms", with S3_SSE_KMS_KEY_ID) asks the store to encrypt each object, where it can.
    ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", f"file://{INSTANCE_DIR / 'attachments'}")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    S3_REGION = os.environ.get("S3_REGION", "")
    S3_SERVER_SIDE_ENCRYPTION = os.environ.get("S3_SERVER_SIDE_ENCRYPTION", "")
    S3_SSE_KMS_KEY_ID = os.environ.get("S3_SSE_KMS_KEY_ID", "")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", 20)) * 1024 * 1024
    # A virus scanner run on each upload before it is kept (portal.core.scanning), reading the
    # file on its standard input: exit 0 clean, 1 infected, other or timeout = refused, retry
    # later. E.g. "clamdscan --no-summary --fdpass -". Empty: no scan.
    ATTACHMENT_SCANNER = os.environ.get("ATTACHMENT_SCANNER", "")
    ATTACHMENT_SCAN_TIMEOUT = float(os.environ.get("ATTACHMENT_SCAN_TIMEOUT", 60))  # seconds

    BOOTSTRAP_SERVE_LOCAL = True
    TOTP_ISSUER = "THB portal"
    # Roles that must enrol two-factor authentication before anything else.
    TWO_FACTOR_ROLES = ("mission", "reviewer")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # The JSON API: requests per user (all their tokens together), and tokens made per user.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    API_TOKEN_CREATION_RATE_LIMIT = os.environ.get("API_TOKEN_CREATION_RATE_LIMIT", "10 per hour")
    # "json" in production: one JSON object a line, with the request id.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Counts of victims below this are masked outside the mission (the mission can change it).
    VICTIM_THRESHOLD = int(os.environ.get("VICTIM_THRESHOLD", "5"))
    # The IATI organisation identifier of the reporting organisation, prefix of every activity
    # identifier of the IATI export. "FR-6" is a placeholder in the style of the French ministry
    # of foreign affairs' identifier: set the mission's registered one before publishing.
    IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "FR-6")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = Config.SECRET_KEY or _development_secret_key()


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SENDER = "memory"
    MAIL_DELIVER_AFTER_REQUEST = True
    # Limits stay on, set high; a test lowers one through app.config to see it bite.
    LOGIN_RATE_LIMIT_PER_ADDRESS = "10000 per minute"
    LOGIN_RATE_LIMIT_PER_ACCOUNT = "10000 per minute"
    PASSWORD_RESET_RATE_LIMIT = "10000 per minute"  # noqa: S105 (a rate, not a password)
    UPLOAD_RATE_LIMIT = "10000 per minute"
    INVITATION_RATE_LIMIT = "10000 per minute"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASHER_FAST = True  # cheap Argon2 parameters keep the suite quick


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "smtp")
    # Limits shared by every worker of every server: Redis, unless told otherwise.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    # Mail leaves through `flask portal send-mail`, run every minute: no request waits for SMTP.
    MAIL_DELIVER_AFTER_REQUEST = _env_bool("MAIL_DELIVER_AFTER_REQUEST", False)
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name=None):
    name = name or os.environ.get("PORTAL_ENV", "development")
    return CONFIGS[name]
