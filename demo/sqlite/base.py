"""Django's SQLite backend, with writers queued on a file lock.

SQLite lets one writer in at a time and makes the others sleep and retry, up to 100 ms a
try. The web server, the Celery workers and beat all write to the one file: each transaction
first takes an exclusive lock on a file next to the database, which a waiting writer gets
within a millisecond of the previous one's commit. A writer that waits longer than the
connection's timeout goes on without it, and SQLite's own locking has the last word.
"""

import fcntl
import time

from django.db.backends.sqlite3 import base

POLL_SECONDS = 0.0005


class DatabaseWrapper(base.DatabaseWrapper):
    _writers_lock = None

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        name = str(self.settings_dict["NAME"])
        if name != ":memory:" and "mode=memory" not in name:
            self._writers_lock = open(f"{name}-writers.lock", "a+b")  # noqa: SIM115
        return connection

    def _start_transaction_under_autocommit(self):
        self._take_writers_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writers_lock()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._release_writers_lock()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._release_writers_lock()

    def _close(self):
        try:
            super()._close()
        finally:
            if self._writers_lock is not None:
                self._writers_lock.close()  # closing the file releases its lock
                self._writers_lock = None

    def _take_writers_lock(self) -> None:
        if self._writers_lock is None:
            return
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        while True:
            try:
                fcntl.flock(self._writers_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(POLL_SECONDS)

    def _release_writers_lock(self) -> None:
        if self._writers_lock is not None:
            fcntl.flock(self._writers_lock, fcntl.LOCK_UN)
