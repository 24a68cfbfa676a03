from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from clinic import unit_of_work
from clinic.logs import log_access_denied, request_id

MESSAGES = {
    400: ("Something in that request was not right", "Go back, check the form and try again."),
    403: ("Not available to you", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing here, or it is not on your caseload."),
    405: ("Not allowed", "That action cannot be done this way."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Something went wrong", "The problem has been logged. Please try again in a moment."),
}


def _render(code: int, title: str | None = None, detail: str | None = None):
    """The error page, after whatever the failed request did is rolled back."""
    unit_of_work.abandon()
    default_title, default_detail = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            detail=detail or default_detail,
            request_id=request_id(),
        ),
        code,
    )


def handle_http_error(error: HTTPException):
    return _render(error.code or 500)


def handle_csrf_error(error: CSRFError):
    log_access_denied("csrf")
    return _render(
        400,
        "This form has expired",
        "For your security, forms stop working after you sign out or your session ends. "
        "Go back, reload the page and submit it again.",
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
