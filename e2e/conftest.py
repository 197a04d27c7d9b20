"""Browser journeys: a live Carerun server (demo agency on a fresh SQLite file) driven by
Debian's Chromium through pytest-playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server():
    """A running server with the demo agency (password `carerun-demo`); yields its base URL."""
    var = tempfile.mkdtemp(prefix="carerun-e2e-")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARERUN_VAR_DIR"] = var
    # The push journey subscribes with a sink on this loopback server (test-only setting).
    env["CARERUN_PUSH_ALLOW_LOOPBACK_FOR_TESTS"] = "1"
    log = open(Path(var) / "server.log", "w")
    # Its own process group: `carerun up` starts uvicorn workers, and they end with it.
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "up", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 240  # seeding the demo on a loaded 2-core machine took over 60 s
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            _end_group(proc)
            raise RuntimeError("server did not start:\n" + (Path(var) / "server.log").read_text())
        time.sleep(0.3)
    try:
        _no_daily_roll(base)
    except BaseException:
        _end_group(proc)
        raise
    yield base
    _end_group(proc)


def _end_group(proc: subprocess.Popen) -> None:
    """Stop the server and every process of its group (its uvicorn workers too)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group is left (a worker that hung)
    except ProcessLookupError:
        pass
    proc.wait(5)


def _no_daily_roll(base: str) -> None:
    """Turn off the demo agency's daily roll of the rota for this server: it blocks Optimise and
    cover (409) while it runs, and a run of the journeys at its hour would meet it. A roll that
    started before this (the server catching up at start) is waited out, as the app reports it."""
    from e2e.carer_helpers import api, token

    status, body = api(base, "/settings", token(base, "manager"), "PUT", {"values": {"rolling_rota_time": ""}})
    assert status == 200, body
    planner = token(base, "planner")
    deadline = time.time() + 240
    while True:
        status, rolling = api(base, "/rota/rolling", planner)
        assert status == 200 and rolling["time"] is None, rolling
        if not rolling["last"] or rolling["last"]["status"] not in ("queued", "running"):
            return
        if time.time() > deadline:
            raise RuntimeError(f"the demo's roll of the rota did not end within 240 s: {rolling['last']}")
        time.sleep(0.5)


@pytest.fixture
def tablet(browser):
    """A page in a tablet-sized context (the planner's and manager's device)."""
    from e2e.staff_helpers import TABLET

    context = browser.new_context(**TABLET)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(autouse=True)
def no_solver_job_left_running(request):
    """Journeys share one server, and it runs one solver job at a time: after each test, stop
    any job still queued or running and wait until its worker has ended it (a state the app
    exposes), so the next journey never meets "another optimisation is running"."""
    yield
    if "base_url" not in request.fixturenames:
        return
    from e2e.carer_helpers import token
    from e2e.staff_helpers import wait_until_no_solver_job

    base = request.getfixturevalue("base_url")
    wait_until_no_solver_job(base, token(base, "planner"), timeout=60, stop=True)
