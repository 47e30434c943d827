"""`make screenshots`: the main pages of each role, light and dark, phone and desktop.

Starts the demo stack on free ports with its own state, signs in as each demo account in
Debian's Chromium, and writes var/screenshots/<role>-<page>-<theme>-<device>.png.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
USER_PAGE = "/users/acme/acme-hq/user00004@acme.example/"

DEVICES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
THEMES = ("light", "dark")

# role -> (user name, password, [(page name, path)])
ROLES = {
    "helpdesk": (
        "helpdesk",
        "helpdesk-demo-pass",
        [
            ("home", "/"),
            ("search", "/users/?q=vermeulen"),
            ("user", USER_PAGE),
            ("call-forwarding", USER_PAGE + "call-forwarding/"),
            ("voice-messaging", USER_PAGE + "voice-messaging/"),
            ("changes", "/changes/"),
        ],
    ),
    "enduser": (
        "enduser",
        "enduser-demo-pass",
        [("my-settings", "/me/"), ("my-call-forwarding", "/me/call-forwarding/")],
    ),
    "supervisor": ("supervisor", "supervisor-demo-pass", [("agents", "/agents/")]),
    "admin": (
        "admin",
        "admin-demo-pass",
        [("home", "/"), ("audit", "/accounts/audit/"), ("call-centers", "/agents/")],
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo(state: Path, log: Path) -> tuple[subprocess.Popen, str]:
    portal, sandbox = free_port(), free_port()
    env = {
        **os.environ,
        "DEMO_ADDR": f"127.0.0.1:{portal}",
        "APIO_BASE_URL": f"http://127.0.0.1:{sandbox}",
        "SWITCHBOARD_VAR_DIR": str(state),
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "demo"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if "Press Ctrl-C" in log.read_text(errors="replace"):
            return demo, f"http://127.0.0.1:{portal}"
        if demo.poll() is not None:
            break
        time.sleep(0.5)
    demo.kill()
    sys.exit(f"The demo did not start:\n{log.read_text(errors='replace')[-3000:]}")


def shoot(base: str) -> int:
    written = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for role, (username, password, pages) in ROLES.items():
            for theme in THEMES:
                for device, viewport in DEVICES.items():
                    context = browser.new_context(viewport=viewport, color_scheme=theme)
                    page = context.new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", password)
                    page.press("#id_password", "Enter")
                    page.wait_for_load_state("networkidle")
                    for name, path in pages:
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        target = OUT / f"{role}-{name}-{theme}-{device}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written += 1
                    context.close()
        browser.close()
    return written


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="switchboard-shots-") as state:
        log = Path(state) / "demo.log"
        demo, base = start_demo(Path(state) / "var", log)
        try:
            written = shoot(base)
        finally:
            os.killpg(demo.pid, signal.SIGINT)
            try:
                demo.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
    print(f"{written} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
