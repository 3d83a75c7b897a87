"""Debian's Chromium as the browser tests and bench/bench_map.py launch it.

Playwright cannot download its own browsers on these machines; CHROMIUM_PATH points
elsewhere on other systems.
"""

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_launch(playwright):
    """A headless Chromium from a started Playwright (sync API)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
