"""PlanetTracker: where the planets are in your sky, and where to look."""
