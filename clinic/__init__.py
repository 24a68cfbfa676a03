"""Clinic: caseload, intake, CBT homework and PDF documents for therapists treating trust issues."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from clinic.config import PROJECT_ROOT, check_production, load_config


def create_app(config: dict | None = None) -> Flask:
    instance_path = Path(os.environ.get("CLINIC_INSTANCE_PATH", PROJECT_ROOT / "instance"))
    app = Flask(__name__, instance_path=str(instance_path))
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)
    if app.config["CLINIC_ENV"] == "production":
        check_production(app.config)
    if app.config["TRUSTED_PROXY_COUNT"]:
        proxies = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from clinic import content, unit_of_work
    from clinic.extensions import csrf, db, limiter, login_manager, migrate

    content.init_app(app)
    db.init_app(app)
    unit_of_work.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def register_blueprints(app: Flask) -> None:
    from clinic import models  # noqa: F401  (every model registered before first use)
    from clinic.audit.views import bp as audit_bp
    from clinic.auth.admin_views import bp as admin_bp
    from clinic.auth.views import bp as auth_bp
    from clinic.clients.admin_views import bp as admin_clients_bp
    from clinic.clients.views import bp as clients_bp
    from clinic.health import bp as health_bp
    from clinic.homework.public import bp as public_bp
    from clinic.homework.views import bp as homework_bp
    from clinic.measures.views import bp as measures_bp
    from clinic.pdf.views import bp as documents_bp
    from clinic.settings.views import bp as settings_bp

    for blueprint in (
        auth_bp,
        admin_bp,
        admin_clients_bp,
        audit_bp,
        clients_bp,
        documents_bp,
        health_bp,
        homework_bp,
        measures_bp,
        public_bp,
        settings_bp,
    ):
        app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from clinic import errors, inputs, logs, security, templating
    from clinic.auth.sessions import (
        enforce_account_setup,
        enforce_second_factor,
        enforce_session_limits,
    )

    inputs.init_app(app)
    app.before_request(enforce_session_limits)
    app.before_request(enforce_second_factor)
    app.before_request(enforce_account_setup)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    logs.init_app(app)


def register_commands(app: Flask) -> None:
    from clinic import cli, demo_cli
    from clinic.pdf import cli as pdf_cli

    cli.register(app)
    demo_cli.register(app)
    pdf_cli.register(app)
