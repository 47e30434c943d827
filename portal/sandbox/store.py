"""The sandbox's state: one SQLite file in WAL mode, kept across restarts.

Directory data (tenants, groups, users) lives in plain tables with indexes for the user search;
service settings are JSON documents keyed by (user, kind). Every call runs on the event loop's
thread: SQLite answers these small queries in well under a millisecond.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

# Raised whenever the tables or the demo data change: a database built before is rebuilt.
SCHEMA_VERSION = "5"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (tenant_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (
    tenant_id TEXT NOT NULL, group_id TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id)
);
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, group_id TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, phone_number TEXT NOT NULL,
    extension TEXT NOT NULL, email TEXT NOT NULL, department TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    user_id_lc TEXT NOT NULL, first_lc TEXT NOT NULL, last_lc TEXT NOT NULL, email_lc TEXT NOT NULL
);
-- Listings come sorted by name: these two give that order without sorting.
CREATE INDEX IF NOT EXISTS users_sort ON users (tenant_id, last_name, first_name, user_id);
CREATE INDEX IF NOT EXISTS users_group
    ON users (tenant_id, group_id, last_name, first_name, user_id);
CREATE INDEX IF NOT EXISTS users_user_id_lc ON users (user_id_lc);
CREATE INDEX IF NOT EXISTS users_first_lc ON users (first_lc);
CREATE INDEX IF NOT EXISTS users_last_lc ON users (last_lc);
CREATE INDEX IF NOT EXISTS users_email_lc ON users (email_lc);
CREATE INDEX IF NOT EXISTS users_first ON users (first_name);
CREATE INDEX IF NOT EXISTS users_last ON users (last_name);
CREATE INDEX IF NOT EXISTS users_email ON users (email);
CREATE INDEX IF NOT EXISTS users_phone ON users (phone_number);
CREATE INDEX IF NOT EXISTS users_extension ON users (extension);
CREATE TABLE IF NOT EXISTS user_services (
    user_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (user_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    user_id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS schedules (
    level TEXT NOT NULL, owner TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (level, owner, kind, name)
) WITHOUT ROWID;
-- A schedule's periods (JSON array), kept apart: most schedules are only listed by name.
CREATE TABLE IF NOT EXISTS schedule_periods (
    level TEXT NOT NULL, owner TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (level, owner, kind, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bridges (
    bridge_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, group_id TEXT NOT NULL,
    name TEXT NOT NULL, phone_number TEXT NOT NULL, extension TEXT NOT NULL,
    ports INTEGER, active INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conferences (
    bridge_id TEXT NOT NULL, conference_id TEXT NOT NULL, host_id TEXT NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (bridge_id, conference_id)
);
CREATE INDEX IF NOT EXISTS conferences_host ON conferences (host_id);
-- What belongs to one conference and goes with it: delegates (in the order given), recordings
-- (start_time as RFC 3339 text, file_size in kilobytes) and the greeting (a JSON object).
CREATE TABLE IF NOT EXISTS conference_delegates (
    bridge_id TEXT NOT NULL, conference_id TEXT NOT NULL, position INTEGER NOT NULL,
    user_id TEXT NOT NULL, PRIMARY KEY (bridge_id, conference_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS conference_recordings (
    bridge_id TEXT NOT NULL, conference_id TEXT NOT NULL, start_time TEXT NOT NULL,
    title TEXT NOT NULL, file_size INTEGER NOT NULL,
    PRIMARY KEY (bridge_id, conference_id, start_time)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS conference_greetings (
    bridge_id TEXT NOT NULL, conference_id TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (bridge_id, conference_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS call_centers (
    service_user_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, group_id TEXT NOT NULL,
    name TEXT NOT NULL, type TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cc_agents (
    cc_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (cc_id, user_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cc_supervisors (
    cc_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (cc_id, user_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cc_supervised (
    cc_id TEXT NOT NULL, supervisor_id TEXT NOT NULL, agent_id TEXT NOT NULL,
    PRIMARY KEY (cc_id, supervisor_id, agent_id)
) WITHOUT ROWID;
"""

# Tables in insertion order; a rebuild empties and refills them all.
TABLES: tuple[str, ...] = (
    "tenants",
    "groups",
    "users",
    "user_services",
    "documents",
    "schedules",
    "schedule_periods",
    "bridges",
    "conferences",
    "conference_delegates",
    "conference_recordings",
    "conference_greetings",
    "call_centers",
    "cc_agents",
    "cc_supervisors",
    "cc_supervised",
)

# A conference's own rows: deleting the conference deletes them from each of these.
_CONFERENCE_TABLES = (
    "conferences",
    "conference_delegates",
    "conference_recordings",
    "conference_greetings",
)

_USER_COLUMNS = (
    "user_id, tenant_id, group_id, first_name, last_name, phone_number, extension, email, "
    "department"
)
# Whitelisted ORDER BY for every user listing: last name, first name, user id.
_USER_ORDER = "ORDER BY last_name, first_name, user_id"


def department_key(row: sqlite3.Row) -> dict[str, str] | None:
    """A department as APIO names it: a "Group department key" object, None when there is none."""
    if not row["department"]:
        return None
    return {
        "tenantId": row["tenant_id"],
        "groupId": row["group_id"],
        "departmentName": row["department"],
        "fullPathName": row["department"],
    }


def with_department(answer: dict, row: sqlite3.Row) -> dict:
    """The user's department added to `answer`; a user without one has no such key."""
    department = department_key(row)
    return {**answer, "department": department} if department else answer


def list_entry(row: sqlite3.Row) -> dict:
    """A user as APIO's group user listing has them (no tenant nor group: the path says)."""
    entry = {
        "userId": row["user_id"],
        "lastName": row["last_name"],
        "firstName": row["first_name"],
        "phoneNumber": row["phone_number"],
        "extension": row["extension"],
        "emailAddress": row["email"],
    }
    return with_department(entry, row)


def search_entry(row: sqlite3.Row) -> dict:
    """A tenant search result: the listing's entry plus where the user lives (contract §6)."""
    return {**list_entry(row), "tenantId": row["tenant_id"], "groupId": row["group_id"]}


def user_details(row: sqlite3.Row) -> dict:
    """The user's profile as user/details.html documents it: no ids, the department an object."""
    details = {
        "lastName": row["last_name"],
        "firstName": row["first_name"],
        "cliLastName": row["last_name"],
        "cliFirstName": row["first_name"],
        "phoneNumber": row["phone_number"],
        "extension": row["extension"],
        "cliPhoneNumber": row["phone_number"],
        "language": "English",
        "emailAddress": row["email"],
        "networkClassOfService": "",
        "timeZone": "Europe/Brussels",
    }
    return with_department(details, row)


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Autocommit: each write is its own transaction; rebuilds open one explicitly.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=OFF")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ build

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.db.execute("SELECT key, value FROM meta")}

    def rebuild(self, tables: Mapping[str, Sequence[tuple]], meta: Mapping[str, str]) -> None:
        """Replace the whole state with `tables` (table name -> rows) in one transaction."""
        self.db.execute("BEGIN")
        try:
            for table in (*TABLES, "meta"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            for table in TABLES:
                rows = tables.get(table, ())
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    sql = f"INSERT INTO {table} VALUES ({marks})"  # noqa: S608 (fixed names)
                    self.db.executemany(sql, rows)
            meta_rows = {**meta, "schema_version": SCHEMA_VERSION}.items()
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta_rows)
            # Statistics let the planner pick the name indexes over the tenant one.
            self.db.execute("ANALYZE")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ directory

    def tenants(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM tenants ORDER BY tenant_id").fetchall()

    def tenant(self, tenant_id: str) -> sqlite3.Row | None:
        sql = "SELECT * FROM tenants WHERE tenant_id = ?"
        return self.db.execute(sql, (tenant_id,)).fetchone()

    def groups(self, tenant_id: str) -> list[sqlite3.Row]:
        sql = "SELECT * FROM groups WHERE tenant_id = ? ORDER BY group_id"
        return self.db.execute(sql, (tenant_id,)).fetchall()

    def group(self, tenant_id: str, group_id: str) -> sqlite3.Row | None:
        sql = "SELECT * FROM groups WHERE tenant_id = ? AND group_id = ?"
        return self.db.execute(sql, (tenant_id, group_id)).fetchone()

    def user_count(self, tenant_id: str, group_id: str) -> int:
        sql = "SELECT count(*) FROM users WHERE tenant_id = ? AND group_id = ?"
        return self.db.execute(sql, (tenant_id, group_id)).fetchone()[0]

    def user(self, user_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()

    def search_users(
        self, clauses: Sequence[str], params: Sequence[Any], limit: int
    ) -> list[sqlite3.Row]:
        """Users matching every clause (AND); clauses come from a fixed table, never from input."""
        where = " AND ".join(clauses) or "1"
        sql = f"SELECT {_USER_COLUMNS} FROM users WHERE {where} {_USER_ORDER} LIMIT ?"  # noqa: S608
        return list(self.db.execute(sql, (*params, limit)))

    # ------------------------------------------------------------------ services and documents

    def assigned_services(self, user_id: str) -> set[str]:
        sql = "SELECT name FROM user_services WHERE user_id = ?"
        return {row[0] for row in self.db.execute(sql, (user_id,))}

    def is_assigned(self, user_id: str, name: str) -> bool:
        sql = "SELECT 1 FROM user_services WHERE user_id = ? AND name = ?"
        return self.db.execute(sql, (user_id, name)).fetchone() is not None

    def set_assignment(
        self,
        user_id: str,
        assign: Iterable[str],
        unassign: Iterable[str],
        documents: Mapping[str, dict],
        drop_kinds: Iterable[str],
    ) -> None:
        """Assign/unassign services and create/delete their documents in one transaction."""
        self.db.execute("BEGIN")
        try:
            self.db.executemany(
                "INSERT OR IGNORE INTO user_services VALUES (?, ?)", ((user_id, n) for n in assign)
            )
            self.db.executemany(
                "DELETE FROM user_services WHERE user_id = ? AND name = ?",
                ((user_id, n) for n in unassign),
            )
            self.db.executemany(
                "DELETE FROM documents WHERE user_id = ? AND kind = ?",
                ((user_id, k) for k in drop_kinds),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO documents VALUES (?, ?, ?)",
                ((user_id, kind, json.dumps(body)) for kind, body in documents.items()),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def document(self, user_id: str, kind: str) -> dict | None:
        sql = "SELECT body FROM documents WHERE user_id = ? AND kind = ?"
        row = self.db.execute(sql, (user_id, kind)).fetchone()
        return None if row is None else json.loads(row[0])

    def documents(self, user_id: str) -> dict[str, dict]:
        sql = "SELECT kind, body FROM documents WHERE user_id = ?"
        return {kind: json.loads(body) for kind, body in self.db.execute(sql, (user_id,))}

    def save_document(self, user_id: str, kind: str, body: dict) -> None:
        sql = "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)"
        self.db.execute(sql, (user_id, kind, json.dumps(body)))

    # ------------------------------------------------------------------ schedules

    def schedules(self, owners: Iterable[tuple[str, str]], kind: str) -> list[dict[str, str]]:
        """Schedules of `kind` ("time" or "holiday") owned by the (level, owner) pairs given."""
        result = []
        sql = "SELECT name FROM schedules WHERE level = ? AND owner = ? AND kind = ? ORDER BY name"
        for level, owner in owners:
            result += [
                {"name": r[0], "level": level} for r in self.db.execute(sql, (level, owner, kind))
            ]
        return result

    def schedule_periods(self, level: str, owner: str, kind: str, name: str) -> list | None:
        """The periods of one schedule; None when there is no such schedule."""
        key = (level, owner, kind, name)
        sql = "SELECT 1 FROM schedules WHERE level = ? AND owner = ? AND kind = ? AND name = ?"
        if self.db.execute(sql, key).fetchone() is None:
            return None
        sql = (
            "SELECT body FROM schedule_periods "
            "WHERE level = ? AND owner = ? AND kind = ? AND name = ?"
        )
        row = self.db.execute(sql, key).fetchone()
        return [] if row is None else json.loads(row[0])

    def save_schedule(
        self, level: str, owner: str, kind: str, name: str, periods: list, old_name: str = ""
    ) -> None:
        """Create or replace a schedule with its periods; `old_name`: the name it had before."""
        self.db.execute("BEGIN")
        try:
            self._drop_schedule(level, owner, kind, old_name or name)
            self.db.execute("INSERT INTO schedules VALUES (?, ?, ?, ?)", (level, owner, kind, name))
            self.db.execute(
                "INSERT INTO schedule_periods VALUES (?, ?, ?, ?, ?)",
                (level, owner, kind, name, json.dumps(periods)),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def delete_schedule(self, level: str, owner: str, kind: str, name: str) -> None:
        self._drop_schedule(level, owner, kind, name)

    def _drop_schedule(self, level: str, owner: str, kind: str, name: str) -> None:
        key = (level, owner, kind, name)
        for table in ("schedules", "schedule_periods"):
            sql = f"DELETE FROM {table} WHERE level = ? AND owner = ? AND kind = ? AND name = ?"  # noqa: S608
            self.db.execute(sql, key)

    # ------------------------------------------------------------------ meet-me

    def bridges(self, tenant_id: str, group_id: str) -> list[sqlite3.Row]:
        sql = "SELECT * FROM bridges WHERE tenant_id = ? AND group_id = ? ORDER BY bridge_id"
        return self.db.execute(sql, (tenant_id, group_id)).fetchall()

    def conferences_of(self, host_id: str) -> list[tuple[str, str, dict]]:
        sql = (
            "SELECT bridge_id, conference_id, body FROM conferences WHERE host_id = ? "
            "ORDER BY bridge_id, conference_id"
        )
        return [(b, c, json.loads(body)) for b, c, body in self.db.execute(sql, (host_id,))]

    def conference(self, bridge_id: str, conference_id: str) -> tuple[str, dict] | None:
        sql = "SELECT host_id, body FROM conferences WHERE bridge_id = ? AND conference_id = ?"
        row = self.db.execute(sql, (bridge_id, conference_id)).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def save_conference(self, bridge_id: str, conference_id: str, host_id: str, body: dict) -> None:
        sql = "INSERT OR REPLACE INTO conferences VALUES (?, ?, ?, ?)"
        self.db.execute(sql, (bridge_id, conference_id, host_id, json.dumps(body)))

    def delete_conference(self, bridge_id: str, conference_id: str) -> None:
        """The conference with its delegates, recordings and greeting, in one transaction."""
        self.db.execute("BEGIN")
        try:
            for table in _CONFERENCE_TABLES:
                sql = f"DELETE FROM {table} WHERE bridge_id = ? AND conference_id = ?"  # noqa: S608
                self.db.execute(sql, (bridge_id, conference_id))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def conference_ids(self, bridge_id: str) -> set[str]:
        sql = "SELECT conference_id FROM conferences WHERE bridge_id = ?"
        return {row[0] for row in self.db.execute(sql, (bridge_id,))}

    def conference_delegates(self, bridge_id: str, conference_id: str) -> list[sqlite3.Row]:
        """The delegates' user rows, in the order they were given."""
        sql = (
            "SELECT u.* FROM conference_delegates d JOIN users u ON u.user_id = d.user_id "
            "WHERE d.bridge_id = ? AND d.conference_id = ? ORDER BY d.position"
        )
        return self.db.execute(sql, (bridge_id, conference_id)).fetchall()

    def save_conference_delegates(
        self, bridge_id: str, conference_id: str, user_ids: Sequence[str]
    ) -> None:
        """Replace the conference's delegates with `user_ids`, in one transaction."""
        key = (bridge_id, conference_id)
        self.db.execute("BEGIN")
        try:
            sql = "DELETE FROM conference_delegates WHERE bridge_id = ? AND conference_id = ?"
            self.db.execute(sql, key)
            self.db.executemany(
                "INSERT INTO conference_delegates VALUES (?, ?, ?, ?)",
                ((*key, position, uid) for position, uid in enumerate(user_ids)),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def recordings_of(self, host_id: str) -> list[sqlite3.Row]:
        """The recordings of the conferences `host_id` hosts (bridge_id, conference_id,
        start_time, title, file_size)."""
        sql = (
            "SELECT r.* FROM conference_recordings r JOIN conferences c "
            "ON c.bridge_id = r.bridge_id AND c.conference_id = r.conference_id "
            "WHERE c.host_id = ? ORDER BY r.bridge_id, r.conference_id, r.start_time"
        )
        return self.db.execute(sql, (host_id,)).fetchall()

    def delete_recordings(self, keys: Iterable[tuple[str, str, str]]) -> None:
        """Delete recordings by (bridge_id, conference_id, start_time as stored), all or none."""
        self.db.execute("BEGIN")
        try:
            self.db.executemany(
                "DELETE FROM conference_recordings "
                "WHERE bridge_id = ? AND conference_id = ? AND start_time = ?",
                keys,
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def conference_greeting(self, bridge_id: str, conference_id: str) -> dict | None:
        sql = "SELECT body FROM conference_greetings WHERE bridge_id = ? AND conference_id = ?"
        row = self.db.execute(sql, (bridge_id, conference_id)).fetchone()
        return None if row is None else json.loads(row[0])

    def save_conference_greeting(self, bridge_id: str, conference_id: str, body: dict) -> None:
        sql = "INSERT OR REPLACE INTO conference_greetings VALUES (?, ?, ?)"
        self.db.execute(sql, (bridge_id, conference_id, json.dumps(body)))

    # ------------------------------------------------------------------ call centers

    def call_centers(self, tenant_id: str, group_id: str) -> list[sqlite3.Row]:
        sql = "SELECT * FROM call_centers WHERE tenant_id = ? AND group_id = ? ORDER BY name"
        return self.db.execute(sql, (tenant_id, group_id)).fetchall()

    def call_center(self, tenant_id: str, group_id: str, cc_id: str) -> sqlite3.Row | None:
        sql = (
            "SELECT * FROM call_centers "
            "WHERE tenant_id = ? AND group_id = ? AND service_user_id = ?"
        )
        return self.db.execute(sql, (tenant_id, group_id, cc_id)).fetchone()

    def _members(self, sql: str, params: tuple) -> list[dict]:
        full = f"SELECT {_USER_COLUMNS} FROM users WHERE user_id IN ({sql}) {_USER_ORDER}"  # noqa: S608
        return [search_entry(r) for r in self.db.execute(full, params)]

    def cc_agents(self, cc_id: str) -> list[dict]:
        return self._members("SELECT user_id FROM cc_agents WHERE cc_id = ?", (cc_id,))

    def cc_supervisors(self, cc_id: str) -> list[dict]:
        return self._members("SELECT user_id FROM cc_supervisors WHERE cc_id = ?", (cc_id,))

    def is_supervisor(self, cc_id: str, user_id: str) -> bool:
        sql = "SELECT 1 FROM cc_supervisors WHERE cc_id = ? AND user_id = ?"
        return self.db.execute(sql, (cc_id, user_id)).fetchone() is not None

    def supervised_agents(self, cc_id: str, supervisor_id: str) -> list[dict]:
        sql = "SELECT agent_id FROM cc_supervised WHERE cc_id = ? AND supervisor_id = ?"
        return self._members(sql, (cc_id, supervisor_id))

    def is_agent(self, cc_id: str, user_id: str) -> bool:
        sql = "SELECT 1 FROM cc_agents WHERE cc_id = ? AND user_id = ?"
        return self.db.execute(sql, (cc_id, user_id)).fetchone() is not None

    def supervised_ids(self, cc_id: str, supervisor_id: str) -> set[str]:
        sql = "SELECT agent_id FROM cc_supervised WHERE cc_id = ? AND supervisor_id = ?"
        return {row[0] for row in self.db.execute(sql, (cc_id, supervisor_id))}

    def set_supervised(
        self, cc_id: str, supervisor_id: str, agent_ids: Iterable[str], supervised: bool
    ) -> None:
        """Add (or remove) these agents to (from) the supervisor's agents, all or none."""
        if supervised:
            sql = "INSERT OR IGNORE INTO cc_supervised VALUES (?, ?, ?)"
        else:
            sql = "DELETE FROM cc_supervised WHERE cc_id = ? AND supervisor_id = ? AND agent_id = ?"
        self.db.execute("BEGIN")
        try:
            self.db.executemany(sql, [(cc_id, supervisor_id, agent) for agent in agent_ids])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
