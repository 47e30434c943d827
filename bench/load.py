"""Helpdesk sessions at once, over HTTP on loopback: find a user, open them, save their
forwarding; page times, and whether every save was applied.

    .venv/bin/python bench/load.py [--sessions 20] [--seconds 120] [--think 1.0] [--users 2000]

Starts its own sandbox APIO, Redis (embedded unless REDIS_URL is set), a Celery worker of two
processes and the portal under gunicorn (2 processes of 4 threads, as the Dockerfile runs it,
bound to 127.0.0.1); uses DATABASE_URL when set, otherwise a fresh SQLite file
(`demo.settings`). Each session is a helpdesk person of their own (signed in through a session
made in the database), looping for `--seconds`: search a name over the tenant, open the
user from the results, open their call forwarding, save "forward always" to a new number (a
POST as htmx sends it), with `--think` seconds between pages, as a person reads. Each session
works on users of its own, ten in turn, so that no two sessions edit the same user.

At the end it waits for every queued change to be final, then prints page times (p50, p95 over
every page, and per page), the saves made, and the saves applied, in conflict, failed or lost
(a save answered "queued" whose change did not end applied, or whose number APIO does not
hold). Nothing leaves the machine: every address is 127.0.0.1.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

import httpx
import stage  # first: the project importable, Django set up
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from bench.push import percentile
from portal import env
from portal.accounts.models import Role, Scope, User
from portal.apio.paths import user as user_path
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from tests.changes.pipeline import users_with_service
from tests.processes import CeleryWorker
from tests.sandbox_process import SandboxProcess, free_port

TENANT = "acme"
USERS_PER_SESSION = 10
SNAPSHOT = re.compile(r'name="_snapshot" value="([^"]+)"')


def session_cookie(user: User) -> str:
    """A signed-in session, as the sign-in page would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def start_web(port: int, environment: dict) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning",
    ]  # fmt: skip
    web = subprocess.Popen(command, cwd=stage.BASE_DIR, env=environment, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return web
        except httpx.HTTPError:
            time.sleep(0.2)
    web.terminate()
    raise SystemExit("the web server did not start")


class Session(threading.Thread):
    def __init__(self, base: str, cookie: str, users: list[tuple[UserRef, str]], args) -> None:
        super().__init__(daemon=True)
        self.http = httpx.Client(base_url=base, cookies={"sessionid": cookie}, timeout=30)
        self.users = users
        self.args = args
        self.times: dict[str, list[float]] = defaultdict(list)
        self.saved: list[tuple[UserRef, str]] = []  # (user, number) of every save queued
        self.errors: list[str] = []

    def page(self, label: str, method: str, url: str, **kwargs) -> httpx.Response:
        started = time.perf_counter()
        response = self.http.request(method, url, **kwargs)
        self.times[label].append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            self.errors.append(f"{label}: {response.status_code}")
        time.sleep(self.args.think)
        return response

    def run(self) -> None:
        deadline = time.monotonic() + self.args.seconds
        turn = 0
        while time.monotonic() < deadline:
            ref, name = self.users[turn % len(self.users)]
            turn += 1
            user_page = f"/users/{ref.tenant_id}/{ref.group_id}/{ref.user_id}/"
            found = self.page("search", "GET", "/users/", params={"q": name, "tenant": TENANT})
            if user_page not in found.text:
                self.errors.append(f"search for {name} did not list {ref.user_id}")
            self.page("user page", "GET", user_page)
            forwarding = f"{user_page}call-forwarding/"
            html = self.page("call forwarding", "GET", forwarding).text
            snapshot = SNAPSHOT.search(html[html.index('id="section-always"') :])
            number = f"+3247{self.args.seed:02d}{len(self.saved):02d}{turn % 1000:03d}"
            data = {"_snapshot": snapshot[1], "always-active": "on", "always-destination": number}
            saved = self.page(
                "save",
                "POST",
                f"{forwarding}always/",
                data=data,
                headers={"HX-Request": "true", "X-CSRFToken": self.http.cookies.get("csrftoken")},
            )
            if saved.status_code == 200 and "queued already" not in saved.text:
                self.saved.append((ref, number))
        self.http.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    parser.add_argument("--users", type=int, default=2000, help="demo users in the sandbox")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    redis_server = stage.migrated_with_redis()
    sandbox = SandboxProcess().start(users=args.users)
    environment = dict(os.environ, APIO_BASE_URL=sandbox.url, REDIS_URL=env.redis_url())
    worker = CeleryWorker(environment, concurrency=2)
    web = None
    try:
        refs = users_with_service(sandbox, args.sessions * USERS_PER_SESSION)
        apio = sandbox.client()
        names = {}
        for ref in refs:
            details = apio.get(user_path(ref))
            found = details.json()
            names[ref] = f"{found['firstName']} {found['lastName']}"  # a last name alone: pages
        apio.close()
        worker.start()
        port = free_port()
        web = start_web(port, environment)
        started_at = time.time()
        sessions = []
        for number in range(args.sessions):
            person, _ = User.objects.get_or_create(
                username=f"load-helpdesk-{number}", defaults={"role": Role.HELPDESK}
            )
            Scope.objects.get_or_create(user=person, tenant_id=TENANT, group_id="")
            mine = refs[number * USERS_PER_SESSION : (number + 1) * USERS_PER_SESSION]
            users = [(ref, names[ref]) for ref in mine]
            cookie = session_cookie(person)
            sessions.append(Session(f"http://127.0.0.1:{port}", cookie, users, args))
        for session in sessions:
            session.start()
            time.sleep(args.think / args.sessions)  # people do not all start on the same second
        for session in sessions:
            session.join()
        ran = time.time() - started_at
        final = wait_until_final(timeout=120)
        report(sessions, final, sandbox, ran)
    finally:
        if web:
            web.terminate()
            web.wait(10)
        worker.stop()
        sandbox.stop()
        if redis_server:
            redis_server.stop()


def wait_until_final(timeout: float) -> dict[int, str]:
    changes = PendingChange.objects.filter(created_by__username__startswith="load-helpdesk-")
    deadline = time.monotonic() + timeout
    while changes.filter(status__in=(ChangeStatus.QUEUED, ChangeStatus.SENDING)).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    return dict(changes.values_list("id", "status"))


def report(sessions: list[Session], final: dict[int, str], sandbox, ran: float) -> None:
    times: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        for label, values in session.times.items():
            times[label] += values
    every = [value for values in times.values() for value in values]
    think = sessions[0].args.think
    print(f"sessions={len(sessions)} ran {ran:.0f} s, {len(every)} pages, think {think} s")
    for label, values in [*times.items(), ("every page", every)]:
        print(
            f"{label:<16} n={len(values):5d} p50_ms={statistics.median(values):6.0f} "
            f"p95_ms={percentile(values, 0.95):6.0f}"
        )
    saves = [saved for session in sessions for saved in session.saved]
    statuses = defaultdict(int)
    for status in final.values():
        statuses[status] += 1
    # The last number each user was saved with must be what APIO holds now.
    last = {ref: number for ref, number in saves}
    apio = sandbox.client()
    held = sum(
        apio.get(user_service(ref, "cfa")).json().get("destination") == number
        for ref, number in last.items()
    )
    apio.close()
    errors = [error for session in sessions for error in session.errors]
    lost = len(saves) - statuses[ChangeStatus.APPLIED] + (len(last) - held)
    print(
        f"saves={len(saves)} changes={len(final)} applied={statuses[ChangeStatus.APPLIED]} "
        f"conflict={statuses[ChangeStatus.CONFLICT]} failed={statuses[ChangeStatus.FAILED]} "
        f"open={statuses[ChangeStatus.QUEUED] + statuses[ChangeStatus.SENDING]} "
        f"last_value_on_platform={held}/{len(last)} errors={len(errors)} {errors[:3]}"
    )
    print(f"p95_ms={percentile(every, 0.95):.0f} lost_saves={lost}")


if __name__ == "__main__":
    main()
