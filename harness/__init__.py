"""What the tests, the benchmark and the scripts share: the real server and Chromium."""
