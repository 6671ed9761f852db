"""Configuration from the environment, with safe defaults for a local install."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create_secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/.

    Generating it keeps secrets out of the repository while sessions survive restarts.
    """
    from_env = os.environ.get("SECRET_KEY") or os.environ.get("LOKAAL_AVG_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def default_config(instance_path: Path) -> dict[str, object]:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'lokaal_avg.sqlite'}"
    base_url = os.environ.get("LOKAAL_AVG_BASE_URL") or None
    idle_minutes = int(os.environ.get("LOKAAL_AVG_SESSION_IDLE_MINUTES", "30"))
    max_hours = int(os.environ.get("LOKAAL_AVG_SESSION_MAX_HOURS", "12"))
    return {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "BABEL_DEFAULT_LOCALE": "nl_BE",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
        # Interface languages, each named in itself; the catalogue of "fr_BE" is translations/fr.
        "LANGUAGES": {"nl_BE": "Nederlands", "fr_BE": "Français", "en": "English"},
        "BOOTSTRAP_SERVE_LOCAL": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies when told so, and always when the public address is https.
        "SESSION_COOKIE_SECURE": os.environ.get("LOKAAL_AVG_SECURE_COOKIES", "0") == "1"
        or (base_url or "").startswith("https://"),
        "SESSION_COOKIE_NAME": "lokaal_avg_session",
        # Sessions end after this idle time and this absolute lifetime (checked on the server).
        "SESSION_IDLE_MINUTES": idle_minutes,
        "SESSION_MAX_HOURS": max_hours,
        "PERMANENT_SESSION_LIFETIME": max_hours * 3600,
        # Production refuses to start without BASE_URL (links in e-mail never use the Host header).
        "PRODUCTION": os.environ.get("LOKAAL_AVG_ENV", "").lower() == "production",
        # Number of reverse proxies in front whose X-Forwarded-* headers to trust (0 = none).
        "PROXY_FIX": int(os.environ.get("LOKAAL_AVG_PROXY_FIX", "0") or 0),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "SCAN_ALLOW_PRIVATE": os.environ.get("LOKAAL_AVG_SCAN_ALLOW_PRIVATE", "0") == "1",
        # Pages fetched at once within one scan job (network-bound; the database work stays serial).
        "SCAN_CONCURRENCY": int(os.environ.get("LOKAAL_AVG_SCAN_CONCURRENCY", "4")),
        # Extra CA bundle, e.g. for an intranet with its own certificate authority.
        "SCAN_VERIFY_CA": os.environ.get("LOKAAL_AVG_SCAN_VERIFY_CA") or None,
        "SCAN_CRAWL_DELAY": float(os.environ.get("LOKAAL_AVG_SCAN_CRAWL_DELAY", "0.5")),
        "JOB_TIMEOUT": int(os.environ.get("LOKAAL_AVG_JOB_TIMEOUT", "3600")),
        # A running job beats this often; one silent for JOB_STALE_SECONDS is recovered as failed,
        # and a waiting job no worker took within JOB_QUEUE_GRACE_SECONDS is checked against its queue.
        "JOB_HEARTBEAT_SECONDS": float(os.environ.get("LOKAAL_AVG_JOB_HEARTBEAT_SECONDS", "10")),
        "JOB_STALE_SECONDS": float(os.environ.get("LOKAAL_AVG_JOB_STALE_SECONDS", "60")),
        "JOB_QUEUE_GRACE_SECONDS": float(os.environ.get("LOKAAL_AVG_JOB_QUEUE_GRACE_SECONDS", "120")),
        # The scheduler (flask run-due / flask scheduler): seconds between rounds, and how many scan and
        # check jobs may be unfinished at once, in all and per organisation.
        "SCHEDULER_INTERVAL": int(os.environ.get("LOKAAL_AVG_SCHEDULER_INTERVAL", "60")),
        "SCHEDULER_MAX_RUNNING": int(os.environ.get("LOKAAL_AVG_SCHEDULER_MAX_RUNNING", "4")),
        "SCHEDULER_MAX_RUNNING_PER_ORG": int(os.environ.get("LOKAAL_AVG_SCHEDULER_MAX_RUNNING_PER_ORG", "2")),
        "JOBS_MODE": os.environ.get("LOKAAL_AVG_JOBS_MODE") or ("rq" if os.environ.get("REDIS_URL") else "thread"),
        "MAIL_SERVER": os.environ.get("LOKAAL_AVG_SMTP_HOST", "localhost"),
        "MAIL_PORT": int(os.environ.get("LOKAAL_AVG_SMTP_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("LOKAAL_AVG_SMTP_USER") or None,
        "MAIL_PASSWORD": os.environ.get("LOKAAL_AVG_SMTP_PASSWORD") or None,
        "MAIL_USE_TLS": os.environ.get("LOKAAL_AVG_SMTP_STARTTLS", "0") == "1",
        "MAIL_SENDER": os.environ.get("LOKAAL_AVG_MAIL_FROM", "lokaal_avg@localhost"),
        "PER_PAGE": 50,
        # The largest request body (forms; upload routes set their own, core.uploads): far above any honest form,
        # far below what could stall a worker. Larger requests get a 413 page.
        "MAX_CONTENT_LENGTH": int(os.environ.get("LOKAAL_AVG_MAX_REQUEST_MB", "4")) * 1024 * 1024,
        # Werkzeug's own limit per form field (default 500 kB) would refuse long texts with a bare 413.
        "MAX_FORM_MEMORY_SIZE": int(os.environ.get("LOKAAL_AVG_MAX_REQUEST_MB", "4")) * 1024 * 1024,
        # Months after the answer that a requester's reference and contact are kept (then `flask purge`).
        "REQUEST_RETENTION_MONTHS": int(os.environ.get("LOKAAL_AVG_REQUEST_RETENTION_MONTHS", "12")),
        # The page that checks a dossier file refuses larger uploads (no dossier comes near it).
        "DOSSIER_VERIFY_MAX_BYTES": 50 * 1024 * 1024,
        # Public address of the application, for links in e-mail sent from cron jobs and workers.
        "BASE_URL": base_url,
        "ARGON2_PROFILE": "RFC_9106_LOW_MEMORY",
    }


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
