"""Start the portal's processes side by side and stop them all together."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

STOP_TIMEOUT_SECONDS = 10.0


@dataclass
class ProcessGroup:
    """Child processes that share one fate: one Ctrl-C or one crash stops them all, but for
    optional ones, which the rest goes on without."""

    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    optional: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)

    def start(self, name: str, command: list[str], optional: bool = False) -> subprocess.Popen:
        # A session of its own: Ctrl-C reaches only us, and we stop children in order.
        process = subprocess.Popen(command, env=self.env, start_new_session=True)
        self.children[name] = process
        if optional:
            self.optional.add(name)
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

    def exited(self) -> str | None:
        """The first process the group cannot go on without that has stopped."""
        for name, process in self.children.items():
            if name not in self.optional and process.poll() is not None:
                return name
        return None

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
        for process in reversed(self.children.values()):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in self.children.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.children.clear()


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]
