"""PlanetTracker, in two layers: ``sky`` (the astronomy) and ``web`` (the HTTP service
that parses requests, asks the astronomy and renders its answers)."""
