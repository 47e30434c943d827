"""The demo's process group: a process that stops is started again, up to a limit, and the
console says so; an optional one is left stopped; Ctrl-C's clean-up stops them in the reverse
order of their start."""

import sys
import time

import pytest

from demo.processes import ProcessGroup, RestartLimitReached
from demo.stack import supervise

SLEEPS = [sys.executable, "-c", "import time; time.sleep(60)"]
QUITS = [sys.executable, "-c", "raise SystemExit(3)"]


@pytest.fixture
def group():
    group = ProcessGroup(restart_limit=2, restart_window=60)
    yield group
    group.stop_all()


def test_a_process_that_stops_is_started_again(group):
    worker = group.start("worker", SLEEPS)
    web = group.start("web", SLEEPS)
    worker.kill()
    worker.wait()

    assert group.restart_stopped() == ["worker"]
    assert group.children["worker"] is not worker
    assert group.children["worker"].poll() is None
    assert group.children["web"] is web
    assert group.restart_stopped() == []


def test_an_optional_process_is_left_stopped_and_told_once(group):
    sandbox = group.start("sandbox", QUITS, optional=True)
    sandbox.wait(timeout=10)

    assert group.restart_stopped() == []
    assert group.newly_stopped() == ["sandbox"]
    assert group.newly_stopped() == []
    assert group.children["sandbox"] is sandbox


def test_a_process_that_keeps_stopping_ends_the_group(group):
    group.start("web", QUITS)
    for _ in range(group.restart_limit):
        group.children["web"].wait(timeout=10)
        assert group.restart_stopped() == ["web"]
    group.children["web"].wait(timeout=10)

    with pytest.raises(RestartLimitReached) as reached:
        group.restart_stopped()
    assert (reached.value.name, reached.value.stops, reached.value.returncode) == ("web", 3, 3)


def test_stops_longer_ago_than_the_window_are_forgotten(group):
    group.restart_window = 0.3
    group.start("beat", QUITS)
    for _ in range(group.restart_limit + 2):
        group.children["beat"].wait(timeout=10)
        time.sleep(group.restart_window)
        assert group.restart_stopped() == ["beat"]


def test_stop_all_stops_the_last_started_first_each_before_the_next(group, tmp_path):
    log = tmp_path / "stopped"

    def stops_slowly(name: str, seconds: float) -> list[str]:
        ready = tmp_path / name
        code = (
            "import pathlib, signal, sys, time\n"
            "def stop(*_):\n"
            f"    time.sleep({seconds})\n"
            f"    with open({str(log)!r}, 'a') as log: log.write({name!r} + '\\n')\n"
            "    sys.exit(0)\n"
            "signal.signal(signal.SIGTERM, stop)\n"
            f"pathlib.Path({str(ready)!r}).touch()\n"
            "time.sleep(60)\n"
        )
        return [sys.executable, "-c", code]

    group.start("redis", stops_slowly("redis", 0))
    group.start("worker", stops_slowly("worker", 0.3))
    deadline = time.monotonic() + 10
    while not ((tmp_path / "redis").exists() and (tmp_path / "worker").exists()):
        assert time.monotonic() < deadline, "the children never got ready"
        time.sleep(0.05)

    group.stop_all()
    assert log.read_text().split() == ["worker", "redis"]
    assert group.children == {}


def test_the_demo_says_what_it_starts_again_and_why_it_gives_up(group, capsys):
    group.start("worker", QUITS)
    with pytest.raises(SystemExit) as ended:
        supervise(group)

    assert ended.value.code == 1
    said = capsys.readouterr().err.splitlines()
    assert (
        said[: group.restart_limit]
        == ["The Celery worker stopped; starting it again."] * group.restart_limit
    )
    assert said[-1] == (
        "The Celery worker stopped 3 times within 60 seconds (last exit code 3): something "
        "keeps it from running. Stopping the demo."
    )
