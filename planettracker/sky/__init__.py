"""The astronomy: where the bodies are for an observer, and what that means for
seeing them. It knows nothing of HTTP (an import contract in pyproject.toml checks
that it imports nothing from aiohttp, gunicorn or ``planettracker.web``)."""
