"""lokaal_avg: AVG/GDPR compliance for Flemish local governments."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context, jsonify, request, session
from flask_login import current_user
from sqlalchemy import text

from lokaal_avg.config import default_config, load_or_create_secret_key
from lokaal_avg.core.extensions import babel, bootstrap, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

# (module, blueprint attribute); organisation-scoped blueprints carry /o/<org_slug> themselves.
BLUEPRINTS = (
    "lokaal_avg.accounts.views",
    "lokaal_avg.accounts.two_factor_views",
    "lokaal_avg.accounts.member_views",
    "lokaal_avg.accounts.invitation_views",
    "lokaal_avg.accounts.platform_views",
    "lokaal_avg.organisations.views",
    "lokaal_avg.register.views",
    "lokaal_avg.register.list_views",
    "lokaal_avg.register.processor_views",
    "lokaal_avg.catalogue.views",
    "lokaal_avg.audit.views",
    "lokaal_avg.jobs.views",
    "lokaal_avg.scanning.channel_pages",
    "lokaal_avg.scanning.views",
    "lokaal_avg.remediation.views",
    "lokaal_avg.breaches.views",
    "lokaal_avg.requests.views",
    "lokaal_avg.dossiers.pages",
    "lokaal_avg.dpia.views",
    "lokaal_avg.scheduler.views",
    "lokaal_avg.overview.views",
    "lokaal_avg.exchange.views",
    "lokaal_avg.publiek.views",
    "lokaal_avg.publiek.manage_views",
)


# Features that listen to the signals of the packages below them; each module has connect().
LISTENERS = (
    "lokaal_avg.accounts.listeners",
    "lokaal_avg.register.listeners",
    "lokaal_avg.catalogue.listeners",
    "lokaal_avg.channels.listeners",
    "lokaal_avg.scanning.listeners",
    "lokaal_avg.demo.listeners",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    configure_settings(app, config)
    configure_proxy(app)
    configure_extensions(app)
    configure_i18n(app)
    configure_blueprints(app)
    configure_listeners()
    configure_request_hooks(app)
    configure_error_pages(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, config: dict[str, Any] | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(default_config(instance))
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(instance)
    if app.config.get("PRODUCTION") and not app.config.get("BASE_URL"):
        raise RuntimeError(
            "LOKAAL_AVG_BASE_URL ontbreekt: in productie (LOKAAL_AVG_ENV=production) is het publieke adres "
            "nodig voor links in e-mails en agenda's, bv. https://avg.voorbeeldegem.be"
        )
    configure_logging()


def configure_proxy(app: Flask) -> None:
    """Behind a reverse proxy, trust its X-Forwarded-For/-Proto/-Host (HTTPS detection, client address)."""
    hops = app.config.get("PROXY_FIX") or 0
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]


def configure_logging() -> None:
    """Our own messages at INFO; libraries (httpx per request, fontTools per subset font) only warn."""
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("lokaal_avg").setLevel(logging.INFO)


def configure_extensions(app: Flask) -> None:
    import lokaal_avg.core.mail
    import lokaal_avg.models  # noqa: F401 - every table registered before anything queries
    from lokaal_avg.core.uploads import init_upload_limits

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    init_upload_limits(app)  # before CSRF protection reads any body
    csrf.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    from lokaal_avg.accounts.models import HASHER_KEY, password_hasher_for
    from lokaal_avg.accounts.services import membership_for
    from lokaal_avg.accounts.sessions import load_user
    from lokaal_avg.core.tenancy import init_tenancy

    app.extensions[HASHER_KEY] = password_hasher_for(app.config["ARGON2_PROFILE"])
    login_manager.user_loader(load_user)  # through the server-side session row (accounts.sessions)
    init_tenancy(app, find_membership=membership_for)


def configure_i18n(app: Flask) -> None:
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Meld u aan om deze pagina te bekijken.")

    def select_locale() -> str:
        if not has_request_context():  # command line and background jobs speak the default language
            return app.config["BABEL_DEFAULT_LOCALE"]
        languages = app.config["LANGUAGES"]
        if current_user and current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
        chosen = session.get("locale")
        if chosen in languages:
            return chosen
        return browser_language(request.accept_languages, languages) or app.config["BABEL_DEFAULT_LOCALE"]

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )


def browser_language(accepted: Iterable[tuple[str, float]], languages: Iterable[str]) -> str | None:
    """The interface language the browser prefers, matched on the language alone: fr, fr-BE and fr-FR pick fr_BE."""
    by_language = {}
    for code in languages:
        by_language.setdefault(code.replace("-", "_").split("_")[0].lower(), code)
    for tag, quality in accepted:
        chosen = by_language.get(tag.replace("-", "_").split("_")[0].lower())
        if chosen and quality > 0:
            return chosen
    return None


def configure_blueprints(app: Flask) -> None:
    for module_name in BLUEPRINTS:
        module = importlib.import_module(module_name)
        app.register_blueprint(module.bp)

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
            database = "ok"
        except Exception as exc:  # report, never crash the health check
            app.logger.warning("healthz: database unavailable: %s", exc)
            database = "unavailable"
        status = 200 if database == "ok" else 503
        return jsonify(status="ok" if status == 200 else "degraded", database=database), status


def configure_listeners() -> None:
    # Connecting twice (several apps in one process, as in the tests) keeps one connection.
    for module_name in LISTENERS:
        importlib.import_module(module_name).connect()


def configure_request_hooks(app: Flask) -> None:
    from lokaal_avg.core import templating

    templating.init_templating(app)

    @app.before_request
    def refuse_nul_bytes():
        # PostgreSQL cannot store NUL in text; no honest form or link contains one.
        values = [*request.args.values(), *request.form.values()]
        if any("\x00" in value for value in values):
            from flask import abort

            abort(400)

    @app.after_request
    def security_headers(response):
        # Our own pages must pass our own scanner: no third parties, strict framing.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; "
            "form-action 'self'; base-uri 'self'; object-src 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        )
        if request.endpoint != "static":
            # Pages carry personal data (and reset or invitation links carry secrets): never cached.
            response.headers.setdefault("Cache-Control", "no-store")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.after_request
    def commit_at_request_boundary(response):
        # Services only flush; the request commits once, or rolls back on any error.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def forget_tenant(exc):
        g.pop("org", None)
        g.pop("membership", None)


def configure_error_pages(app: Flask) -> None:
    from flask import render_template
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.orm.exc import StaleDataError

    def page(code: int, title: str, message: str):
        return render_template("errors/error.html", title=title, message=message), code

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return page(
            400,
            _("Formulier niet aanvaard"),
            _(
                "Het formulier was verlopen of ongeldig (beveiligingscode ontbreekt). Ga terug, herlaad de pagina en "
                "probeer opnieuw. Er is niets gewijzigd."
            ),
        )

    @app.errorhandler(400)
    def bad_request(exc):
        return page(400, _("Ongeldige aanvraag"), _("De aanvraag kon niet verwerkt worden. Er is niets gewijzigd."))

    @app.errorhandler(403)
    def forbidden(exc):
        return page(403, _("Geen toegang"), _("Uw rol in deze organisatie laat dit niet toe."))

    @app.errorhandler(413)
    def too_large(exc):
        # An upload route has its own, larger limit (core.uploads).
        limit_mb = (request.max_content_length or app.config["MAX_CONTENT_LENGTH"]) // (1024 * 1024)
        return page(
            413,
            _("Te veel gegevens in één keer"),
            _(
                "Wat u verstuurde is groter dan %(limit)d MB en werd niet aanvaard. Er is niets gewijzigd. "
                "Kort lange teksten in of verdeel ze over meerdere velden of fiches.",
                limit=limit_mb,
            ),
        )

    @app.errorhandler(404)
    def not_found(exc):
        return page(404, _("Niet gevonden"), _("Deze pagina bestaat niet, of u hebt er geen toegang toe."))

    @app.errorhandler(StaleDataError)
    def saved_meanwhile(exc):
        # Two saves of one record at the same moment: the version check in the UPDATE refused the second.
        from lokaal_avg.core.concurrency import CONTROL_FIELDS

        db.session.rollback()
        typed = [(name, value) for name, value in request.form.items(multi=True) if name not in CONTROL_FIELDS]
        return render_template("errors/stale.html", typed=typed), 409

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()  # a failed flush leaves the session unusable for rendering the page
        return page(
            500,
            _("Er ging iets mis"),
            _("Er ging iets mis aan onze kant. Er is niets gewijzigd; probeer het later opnieuw."),
        )


def configure_cli(app: Flask) -> None:
    from lokaal_avg import cli

    cli.register(app)
