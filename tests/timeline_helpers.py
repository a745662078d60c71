"""Helpers for the timeline tests: hostile and many works, and a headless Chromium.

The browser is Debian's ``chromium`` driven by ``chromedriver`` through selenium, with a
fresh profile and every background service off, so that the only request it makes is the
page's own. Without them the browser tests skip, or fail when ``IMGSYNTH_REFS_REQUIRE_TOOLS``
is set (CI, where ``.ci/run`` installs them).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from export_helpers import require_tools
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.models import Milestone, Person, Reference

CATALOG = load_catalog()
ALL = CATALOG.select(["all"])

HOSTILE_TITLE = '<script>alert("x")</script> & \'quoted\' "Q&A" </pre> <!-- \x0b ]]>'
"""A title with everything HTML and XML must escape, and a character XML forbids."""


def hostile_reference() -> Reference:
    """A work whose title, label, authors, venue and web address try to break out of the
    page or the figure."""
    base = CATALOG.get("goodfellow2014generative")
    return base.model_copy(
        update={
            "key": "hostile2014",
            "title": HOSTILE_TITLE,
            "authors": [Person(given="A&B <i>", family='O\'Neil "Q"')],
            "milestone": Milestone(label="<b>GAN</b> & co", article_date="2014-12"),
            "url": "javascript:alert(1)",
            "booktitle": 'Proc. <Evil> & "Co"',
            "venue": None,
            "arxiv": None,
            "doi": None,
        }
    )


def many_references(count: int) -> list[Reference]:
    """``count`` distinct works made from the shipped ones: new keys and titles, the eras
    and dates kept, so that they spread over every era."""
    refs = []
    for i in range(count):
        base = ALL[i % len(ALL)]
        milestone = base.milestone.model_copy(update={"label": f"{base.milestone.label} {i}"})
        refs.append(
            base.model_copy(
                update={
                    "key": f"{base.key}x{i}",
                    "title": f"{base.title} {i}",
                    "milestone": milestone,
                }
            )
        )
    return refs


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def _require_browser() -> None:
    if importlib.util.find_spec("selenium") is None:
        message = "selenium is not installed; pip install -e '.[test]'"
        if os.environ.get("IMGSYNTH_REFS_REQUIRE_TOOLS"):
            pytest.fail(f"{message} (IMGSYNTH_REFS_REQUIRE_TOOLS is set)")
        pytest.skip(message)
    require_tools(
        str(CHROMIUM) if CHROMIUM.exists() else "chromium",
        str(CHROMEDRIVER) if CHROMEDRIVER.exists() else "chromedriver",
    )


@contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 1000) -> Iterator[Any]:
    """A headless Chromium (selenium WebDriver) with a fresh profile in ``profile``; logs
    its console (``browser``) and its network events (``performance``)."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = CHROMEDRIVER if CHROMEDRIVER.exists() else shutil.which("chromedriver")
    driver = webdriver.Chrome(options=options, service=Service(str(driver_path)))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[dict[str, Any]]:
    """The console messages at level SEVERE since the last call (errors, exceptions, CSP)."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (DevTools Network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def set_viewport(driver: Any, width: int, height: int, *, mobile: bool = False) -> None:
    """Emulate a viewport of ``width`` CSS pixels (a window cannot be narrower than 500)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def full_page_screenshot(driver: Any, path: Path) -> None:
    """A PNG of the whole page: the viewport is made as tall as the page first, so that
    cards laid out only on screen (``content-visibility: auto``) are drawn."""
    import base64

    width = driver.execute_script("return window.innerWidth")
    for _ in range(3):  # drawn cards change the page's height; settle it
        height = driver.execute_script("return document.documentElement.scrollHeight")
        set_viewport(driver, width, height, mobile=width < 500)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
