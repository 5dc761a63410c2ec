"""Gunicorn settings for the Procfile's web command (`--config python:...`).

Logs go to stdout, one line per event. Gunicorn's own access log stays off: the
app writes its own (planettracker.web.access), which never records a precise
location.
"""

import math
import os

from planettracker.web.config import Config, env_number

_config = Config.from_env()

# The platform sets WEB_CONCURRENCY; gunicorn's own default would be 1.
workers = int(env_number(os.environ, "WEB_CONCURRENCY", 2))
# Whole seconds, rounded up: 0.5 must not become 0 (no grace at all).
graceful_timeout = math.ceil(_config.graceful_timeout_s)
# Keep-alive is the app runner's setting (planettracker.web.server), not gunicorn's.
accesslog = None

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
control_socket_disable = True  # the platform supervises; no socket file in $HOME
