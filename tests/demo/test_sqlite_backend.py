"""The SQLite backend queues writers on a file lock: none fails, none waits on a finished one.

Each test opens its own database file through the backend, whatever database the suite runs on.
"""

import threading
import time

import pytest
from django.db.utils import ConnectionHandler

TIMEOUT = 5


def connect(path):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "demo.sqlite",
                "NAME": str(path),
                "OPTIONS": {"timeout": TIMEOUT, "transaction_mode": "IMMEDIATE"},
            }
        }
    )
    return handler["default"]


def begin(connection):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(connection, commit=True):
    (connection.commit if commit else connection.rollback)()
    connection.set_autocommit(True)


@pytest.fixture(autouse=True)
def own_database_allowed(django_db_blocker):
    with django_db_blocker.unblock():  # not the suite's database: a file of the test's own
        yield


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "writers.sqlite3"
    connection = connect(path)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE rows (writer INTEGER, number INTEGER)")
    connection.close()
    return path


def test_concurrent_writers_all_get_in(database):
    errors = []

    def writer(number):
        connection = connect(database)
        try:
            for row in range(40):
                begin(connection)
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO rows VALUES (%s, %s)", [number, row])
                end(connection)
        except Exception as exc:  # noqa: BLE001 (collected for the assertion)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    connection = connect(database)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM rows")
        assert cursor.fetchone()[0] == 320
    connection.close()


def test_a_writer_waits_for_the_one_in_its_transaction(database):
    first = connect(database)
    began = {}
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO rows VALUES (1, 1)")

    def later_writer():
        second = connect(database)
        begin(second)
        began["second"] = time.monotonic()
        end(second)
        second.close()

    thread = threading.Thread(target=later_writer)
    thread.start()
    time.sleep(0.3)
    committed = time.monotonic()
    end(first)
    thread.join()
    first.close()
    assert began["second"] >= committed


@pytest.mark.parametrize("commit", [True, False])
def test_the_lock_is_let_go_at_commit_and_at_rollback(database, commit):
    first, second = connect(database), connect(database)
    begin(first)
    end(first, commit=commit)
    started = time.monotonic()
    begin(second)  # a lock kept by the first would hold this one for the whole timeout
    waited = time.monotonic() - started
    end(second)
    first.close()
    second.close()
    assert waited < TIMEOUT / 2
