"""gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app`, each one from the environment.

GUNICORN_BIND (127.0.0.1:8000), WEB_CONCURRENCY (workers; the app's production check reads the
same number), GUNICORN_TIMEOUT (60 s), FORWARDED_ALLOW_IPS (127.0.0.1: the reverse proxy).
"""

import os

from clinic.config import worker_count

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = worker_count()
# A PDF of a long record takes a few seconds; a minute means something is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Which proxies may set X-Forwarded-Proto for gunicorn; the app's own TRUSTED_PROXY_COUNT
# decides which X-Forwarded-For hop is the client.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# The access log would print each request's path, which for /h/<token> is the share token.
logger_class = "clinic.logs.GunicornLogger"
# Rendering PDFs imports WeasyPrint (about half a second): do it once per worker, not per request.
preload_app = True
