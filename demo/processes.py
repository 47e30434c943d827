"""Start the portal's processes side by side, start again one that stops, stop them together."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

STOP_TIMEOUT_SECONDS = 10.0
# A process that stops more often than this is kept from running by something a new start
# will not fix (a port taken, a broken setting): the demo stops and says which.
RESTART_LIMIT = 5
RESTART_WINDOW_SECONDS = 60.0


class RestartLimitReached(Exception):
    def __init__(self, name: str, stops: int, window: float, returncode: int | None) -> None:
        super().__init__(f"{name} stopped {stops} times within {window:.0f} s")
        self.name, self.stops, self.window, self.returncode = name, stops, window, returncode


@dataclass
class ProcessGroup:
    """Child processes run together until Ctrl-C stops them all.

    One that stops is started again, up to `restart_limit` times within `restart_window`
    seconds; optional ones are not: the rest goes on without them.
    """

    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    restart_limit: int = RESTART_LIMIT
    restart_window: float = RESTART_WINDOW_SECONDS
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)
    optional: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)
    stopped_at: dict[str, list[float]] = field(default_factory=dict)

    def start(self, name: str, command: list[str], optional: bool = False) -> subprocess.Popen:
        self.commands[name] = command
        if optional:
            self.optional.add(name)
        return self._spawn(name)

    def _spawn(self, name: str) -> subprocess.Popen:
        # A session of its own: Ctrl-C reaches only us, and we stop children in order.
        process = subprocess.Popen(self.commands[name], env=self.env, start_new_session=True)
        self.children[name] = process  # a restarted child keeps its place in the stop order
        return process

    def wait_until(self, name: str, ready: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.children[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with code {process.returncode}")
            if ready():
                return
            time.sleep(0.2)
        raise RuntimeError(f"{name} was not ready after {timeout:.0f} s")

    def restart_stopped(self) -> list[str]:
        """Start again every process that stopped, but optional ones; their names.

        Raises RestartLimitReached for one that stopped more than `restart_limit` times
        within `restart_window` seconds.
        """
        restarted = []
        for name, process in list(self.children.items()):
            if name in self.optional or process.poll() is None:
                continue
            now = time.monotonic()
            recent = [t for t in self.stopped_at.get(name, []) if now - t < self.restart_window]
            self.stopped_at[name] = [*recent, now]
            if len(self.stopped_at[name]) > self.restart_limit:
                raise RestartLimitReached(
                    name, len(self.stopped_at[name]), self.restart_window, process.returncode
                )
            self._spawn(name)
            restarted.append(name)
        return restarted

    def newly_stopped(self) -> list[str]:
        """Optional processes that stopped since the last call."""
        stopped = [
            name
            for name in sorted(self.optional - self.reported)
            if self.children[name].poll() is not None
        ]
        self.reported.update(stopped)
        return stopped

    def stop_all(self) -> None:
        """Stop the processes in the reverse order of their start, each before the next: what
        started first (Redis) serves the others until they are gone."""
        for process in reversed(self.children.values()):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.children.clear()


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]
