"""gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
accesslog = "-"
# The access log would print each request's path, which for /h/<token> is the share token.
logger_class = "clinic.logs.GunicornLogger"
# Rendering PDFs imports WeasyPrint (about half a second): do it once per worker, not per request.
preload_app = True
timeout = 60
