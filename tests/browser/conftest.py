"""Fixtures for the tests that drive a real browser (Playwright + Debian's Chromium).

They never download a browser: they launch the system Chromium by its path, and skip with a
one-line reason when it (or the playwright package) is missing. `.ci/run` installs Chromium
first, so CI always runs them.

`lab` starts JupyterLab from this environment on 127.0.0.1 with a random token and a fresh
temporary HOME, on a copy of notebooks/ (so nothing the browser does can touch the committed
notebooks), and stops it by its process id whatever happens.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path():
    """The system Chromium, or None."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def why_no_browser():
    """A one-line reason the browser tests cannot run here, or '' when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements.txt)"
    if chromium_path() is None:
        return "no system Chromium (apt-get install chromium); .ci/run installs it"
    return ""


@pytest.fixture(scope="session")
def browser():
    reason = why_no_browser()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def _quiet_home(home):
    """User settings for a reproducible Lab: no news pop-up, no autosave, every cell drawn."""
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    _write_json(home / ".jupyter" / "labconfig" / "page_config.json",
                {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True},
                 "buildCheck": False, "buildAvailable": False})
    _write_json(settings / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false", "checkForUpdates": False})
    _write_json(settings / "docmanager-extension" / "plugin.jupyterlab-settings",
                {"autosave": False})
    # Draw every cell (no virtual scrolling), so a full-notebook screenshot shows them all.
    _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings",
                {"windowingMode": "none"})


class Lab:
    """A running JupyterLab server: its base URL and token."""

    def __init__(self, url, token, proc, log):
        self.url, self.token, self.proc, self.log = url, token, proc, log

    def lab_url(self):
        return f"{self.url}/lab?reset&token={self.token}"


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of notebooks/; stopped by PID at the end."""
    tmp = tmp_path_factory.mktemp("lab")
    home, root = tmp / "home", tmp / "root"
    home.mkdir()
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if (ROOT / "images").is_dir():
        (root / "images").symlink_to(ROOT / "images")
    _quiet_home(home)
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           "--ServerApp.port_retries=0", "--LabApp.news_url=None"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp / "jupyterlab.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below, whatever happens
    proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited early:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
        yield Lab(url, token, proc, log_path)
    finally:
        _stop(proc)
        log.close()
        shutil.copy(log_path, ARTIFACTS / "jupyterlab.log") if ARTIFACTS.is_dir() else None


def _stop(proc):
    """SIGTERM the server (it shuts its kernels down), then SIGKILL its group if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:  # the kernels live in the server's own process group (start_new_session)
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(timeout=10)
