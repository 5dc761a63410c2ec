"""The HTTP service: parse a request, ask the astronomy (``planettracker.sky``), render
its answer. Everything aiohttp and gunicorn touch lives here."""
