"""The portal's application factory."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import cli, models  # noqa: F401  (models: every table in the metadata)
from portal.annual.blueprint import bp as annual_bp
from portal.api.blueprint import bp as api_bp
from portal.api.blueprint import tokens_bp as api_tokens_bp
from portal.auth.blueprint import bp as auth_bp
from portal.config import INSTANCE_DIR, config_for
from portal.core import requests, security, templating
from portal.core.errors import register_error_pages
from portal.core.i18n import select_locale, select_timezone
from portal.dashboard.blueprint import bp as dashboard_bp
from portal.embassy.blueprint import bp as embassy_bp
from portal.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from portal.grants.blueprint import bp as grants_bp
from portal.indicators.blueprint import bp as indicators_bp
from portal.mission.blueprint import bp as mission_bp
from portal.ops import logs
from portal.ops.health import bp as health_bp
from portal.programme.blueprint import bp as programme_bp
from portal.reports.blueprint import bp as reports_bp

MIGRATIONS_DIR = str(INSTANCE_DIR.parent / "migrations")


def create_app(config=None, **overrides):
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(config or config_for())
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set: the portal refuses to start without one.")
    configure_extensions(app)
    logs.register(app)
    requests.register(app)
    security.register(app)
    templating.register(app)
    register_error_pages(app)
    for blueprint in (auth_bp, dashboard_bp, grants_bp, reports_bp, programme_bp, indicators_bp, mission_bp,
                      annual_bp, api_bp, api_tokens_bp, embassy_bp, health_bp):
        app.register_blueprint(blueprint)
    cli.register(app)
    if app.config.get("TRUST_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def configure_extensions(app):
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
