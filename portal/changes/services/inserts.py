"""A change and its audit entry written together, in one round trip where the database allows.

On PostgreSQL both rows go in one statement (the entry's insert reads the change's new id
from a data-modifying WITH): a single statement is atomic by itself, so neither row is ever
stored without the other, and the person waits for one round trip rather than four (BEGIN,
two INSERTs, COMMIT). Elsewhere, Django saves them in one transaction.
"""

import functools

from django.db import connection, transaction
from django.db.models import Field, Model

from portal.accounts.models import AuditEntry
from portal.changes.models import PendingChange


def insert_together(change: PendingChange, entry: AuditEntry) -> None:
    """Store the new change and the entry that refers to it; both or neither."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            change.save(force_insert=True)
            entry.change = change
            entry.save(force_insert=True)
        return
    if connection.in_atomic_block:
        # Inside a caller's transaction: a savepoint, so that a refused insert (a double
        # click's IntegrityError) leaves that transaction usable, as Django's own save does.
        with transaction.atomic():
            _in_one_statement(change, entry)
    else:
        _in_one_statement(change, entry)


def _in_one_statement(change: PendingChange, entry: AuditEntry) -> None:
    sql, change_fields, entry_fields = _statement()
    params = [*_values(change, change_fields), *_values(entry, entry_fields)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        entry_pk, change_pk = cursor.fetchone()
    _stored(change, change_pk)
    entry.change = change
    _stored(entry, entry_pk)


@functools.cache
def _statement() -> tuple[str, list[Field], list[Field]]:
    """The statement (written once per process), and the fields whose values it binds: every
    column but the primary keys, and the entry's change, which is the new change's id."""
    quote = connection.ops.quote_name
    change_fields = _new_row_fields(PendingChange)
    entry_fields = [f for f in _new_row_fields(AuditEntry) if f.name != "change"]
    change_id = quote(PendingChange._meta.pk.column)
    entry_change = quote(AuditEntry._meta.get_field("change").column)

    def columns(fields: list[Field]) -> str:
        return ", ".join(quote(field.column) for field in fields)

    def placeholders(fields: list[Field]) -> str:
        return ", ".join(["%s"] * len(fields))

    # Names from the models only; every value is bound.
    sql = (
        f"WITH stored AS (INSERT INTO {quote(PendingChange._meta.db_table)} "  # noqa: S608
        f"({columns(change_fields)}) VALUES ({placeholders(change_fields)}) "
        f"RETURNING {change_id}) "
        f"INSERT INTO {quote(AuditEntry._meta.db_table)} "
        f"({columns(entry_fields)}, {entry_change}) "
        f"VALUES ({placeholders(entry_fields)}, (SELECT {change_id} FROM stored)) "
        f"RETURNING {quote(AuditEntry._meta.pk.column)}, {entry_change}"
    )
    return sql, change_fields, entry_fields


def _new_row_fields(model: type[Model]) -> list[Field]:
    return [field for field in model._meta.local_concrete_fields if not field.primary_key]


def _values(instance: Model, fields: list[Field]) -> list:
    """The values of a new row, as Django's save writes them (auto_now set, JSON adapted)."""
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def _stored(instance: Model, pk: int) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
