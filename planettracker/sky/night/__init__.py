"""The parts of a night, each in its own module; ``planettracker.sky.tonight`` puts
them together for one place and instant.

- ``stages``: when the night is, its twilight and its sky states (the ``Context``
  every other part reads);
- ``windows``: when a body can be seen (above the minimum altitude, in a sky dark
  enough for it);
- ``best``: the moment within those when it stands out most, and what sets it;
- ``reasons``: why a body cannot be seen at all;
- ``passes``: its rise, transit and set around the night;
- ``moon``: the Moon's phase and when it is up in the dark;
- ``pairs``: bodies that come close to each other;
- ``track``: every body's az and alt along the night, for a chart.

They read a body's path only through ``planettracker.sky.paths.Path``: instants in
seconds since 1970 and altitudes in radians inside, datetimes (UTC) and degrees in the
values they hand over.
"""
