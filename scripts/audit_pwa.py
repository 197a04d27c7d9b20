"""Audit the carer PWA: installability (asked of Chromium itself over CDP) and Lighthouse 12.8.2
scores (accessibility, best practices, SEO, performance) for the login screen and, signed in as
a demo carer, today's run and a call.

    python scripts/audit_pwa.py [--url http://127.0.0.1:8000] [--json report.json]

Without --url it starts its own server with the demo agency on a temporary SQLite file.
Lighthouse is installed once with `npm i -E lighthouse@12.8.2` under var/lighthouse (git
ignores var/). Lighthouse 12 no longer audits manifests or service workers, hence the CDP checks.
Exits 1 when the app is not installable or accessibility scores below --min-accessibility.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "var" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@contextmanager
def demo_server():
    var = tempfile.mkdtemp(prefix="carerun-audit-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARERUN_VAR_DIR"] = var
    log = open(Path(var) / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "up", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError((Path(var) / "server.log").read_text())
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(var, ignore_errors=True)


def ensure_lighthouse() -> Path:
    cli = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        if not (LIGHTHOUSE_DIR / "package.json").exists():
            (LIGHTHOUSE_DIR / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "i", "-E", "lighthouse@12.8.2", "--no-audit", "--no-fund"],
                       cwd=LIGHTHOUSE_DIR, check=True)
    return cli


def installability(base: str, profile: str, username: str) -> dict:
    """Ask Chromium whether the app installs, check the manifest, sign in (leaving the session
    in `profile` for Lighthouse) and prove the service worker serves the app offline."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, viewport={"width": 360, "height": 640})
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base + "/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("carerun-demo")  # `carerun up`'s demo password
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("#run article, #push-on")
        if page.locator("#push-on").count():  # the explanation before the browser's own question
            page.get_by_role("button", name="Not now").click()
            page.wait_for_selector("#run article")  # the answer is saved before we reload
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        page.reload()  # now under the service worker
        page.wait_for_selector("#run article")
        visit_id = page.locator("#run article").first.get_attribute("data-visit-id")
        session = context.new_cdp_session(page)
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        manifest = session.send("Page.getAppManifest")
        context.set_offline(True)
        page.reload()
        try:
            page.locator("#run article").first.wait_for(timeout=10000)
            offline_ok = True
        except Exception:  # noqa: BLE001 - reported as a failed check
            offline_ok = False
        context.set_offline(False)
        context.close()
    return {"installability_errors": errors, "manifest_errors": manifest.get("errors", []),
            "manifest_url": manifest.get("url"), "offline_reload_shows_run": offline_ok,
            "visit_id": visit_id}


def lighthouse(cli: Path, url: str, profile: str | None) -> dict:
    flags = FLAGS + ([f"--user-data-dir={profile}"] if profile else [])
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "r.json"
        cmd = [str(cli), url, f"--chrome-flags={' '.join(flags)}",
               f"--only-categories={','.join(CATEGORIES)}", "--output=json",
               f"--output-path={report}", "--quiet"]
        if profile:
            cmd.append("--disable-storage-reset")  # keep the signed-in session in the profile
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180)
        data = json.loads(report.read_text())
    failed = [a["id"] for a in data["audits"].values()
              if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
              and any(ref["id"] == a["id"] for ref in data["categories"]["accessibility"]["auditRefs"])]
    shot = data["audits"].get("final-screenshot", {}).get("details", {}).get("data", "")
    if os.environ.get("AUDIT_SCREENSHOTS"):  # to check by eye what Lighthouse saw
        import base64
        name = "".join(c if c.isalnum() else "_" for c in url.split("//", 1)[1])
        Path(os.environ["AUDIT_SCREENSHOTS"], name + ".jpg").write_bytes(base64.b64decode(shot.split(",", 1)[1]))
    return {"scores": {k: round(data["categories"][k]["score"] * 100) for k in CATEGORIES},
            "accessibility_failures": failed,
            "dom_elements": data["audits"]["dom-size"].get("numericValue")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running Carerun (default: start one with the demo agency)")
    parser.add_argument("--carer", default="carer04", help="demo carer to sign in as")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--min-accessibility", type=int, default=90)
    args = parser.parse_args()
    cli = ensure_lighthouse()
    with (demo_server() if not args.url else _given(args.url)) as base:
        profile = tempfile.mkdtemp(prefix="carerun-audit-profile-")
        try:
            result = {"url": base, **installability(base, profile, args.carer), "lighthouse": {}}
            result["lighthouse"]["login"] = lighthouse(cli, base + "/", None)
            result["lighthouse"]["today's run"] = lighthouse(cli, base + "/#/", profile)
            result["lighthouse"]["call"] = lighthouse(cli, f"{base}/#/visit/{result['visit_id']}", profile)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    installable = not result["installability_errors"] and not result["manifest_errors"]
    worst = min(r["scores"]["accessibility"] for r in result["lighthouse"].values())
    print(f"installable: {installable}; offline reload: {result['offline_reload_shows_run']}; "
          f"lowest accessibility score: {worst}")
    return 0 if installable and result["offline_reload_shows_run"] and worst >= args.min_accessibility else 1


@contextmanager
def _given(url: str):
    yield url.rstrip("/")


if __name__ == "__main__":
    sys.exit(main())
