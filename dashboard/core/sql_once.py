"""A model's rows by equal fields, with the SQL written once per process instead of compiled.

For the few reads every page makes (the signed-in person, a tracked item on a detail page):
the ORM builds and compiles the same SELECT on every request, which on the benchmark's
machine cost 0.3-1.5 ms a query against ~0.1 ms to run it (issue 19). The row is made into an
instance as the ORM's compiler makes it: each column through the database's and the field's
converters (dates, JSON, booleans, UUIDs), then ``Model.from_db``, so what comes back is what
``filter(...)`` would give. (``Manager.raw`` did the same at three times the cost: 110 against
37 us a read here.)
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models.expressions import Col

M = TypeVar("M", bound=models.Model)


@functools.cache
def _select(
    model: type[models.Model], fields: tuple[str, ...], alias: str, newest: tuple[str, ...] = ()
) -> str:
    meta = model._meta
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    where = " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    select = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608
    if newest:
        order = ", ".join(f"{quote(meta.get_field(name).column)} DESC" for name in newest)
        select += f" ORDER BY {order} LIMIT 1"
    return select


Converters = list[tuple[int, list[Any], Col]]


@functools.cache
def _reading(model: type[models.Model], alias: str) -> tuple[list[str], Converters]:
    # What SQLCompiler.get_converters finds for these columns, found once.
    connection = connections[alias]
    fields = model._meta.concrete_fields
    converters: Converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, found, column))
    return [field.attname for field in fields], converters


def _prepared(model: type[models.Model], equal: dict[str, Any]) -> tuple[str, Any, list[Any]]:
    """The database to read ``model`` from, its connection, and each value of ``equal``
    prepared by its field, as ``filter()`` would."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    meta = model._meta
    values = [
        meta.get_field(name).get_db_prep_value(value, connection, prepared=False)
        for name, value in equal.items()
    ]
    return alias, connection, values


def first_where(model: type[M], *, newest: tuple[str, ...] = (), **equal: Any) -> M | None:
    """The row of ``model`` whose fields equal these values (a unique set of fields), or None.
    A foreign key is given by its id. Each value is prepared by its field, as ``filter()``
    would (a UUID in the form this database stores it), so a value the field refuses raises
    ``ValidationError``. With ``newest`` (field names), of several rows the one ``order_by``
    on those fields, descending, would give first (``.order_by("-a", "-b").first()``)."""
    alias, connection, values = _prepared(model, equal)
    sql = _select(model, tuple(equal), alias, newest)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    names, converters = _reading(model, alias)
    row = list(row)
    for position, found, column in converters:
        value = row[position]
        for convert in found:
            value = convert(value, column, connection)
        row[position] = value
    return model.from_db(alias, names, row)


@functools.cache
def _select_values(
    model: type[models.Model],
    columns: tuple[str, ...],
    fields: tuple[str, ...],
    alias: str,
    newest: tuple[str, ...],
) -> tuple[str, Converters]:
    meta = model._meta
    quote = connections[alias].ops.quote_name
    chosen = [meta.get_field(name) for name in columns]
    where = " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    select = (
        f"SELECT {', '.join(quote(field.column) for field in chosen)} "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {where}"
    )
    if newest:
        order = ", ".join(f"{quote(meta.get_field(name).column)} DESC" for name in newest)
        select += f" ORDER BY {order}"
    connection = connections[alias]
    converters: Converters = []
    for position, field in enumerate(chosen):
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, found, column))
    return select, converters


def values_where(
    model: type[models.Model],
    columns: tuple[str, ...],
    *,
    newest: tuple[str, ...] = (),
    **equal: Any,
) -> list[tuple[Any, ...]]:
    """The ``columns`` of every row of ``model`` whose fields equal these values, as
    ``.filter(**equal).order_by(*("-" + name for name in newest)).values_list(*columns)``
    gives them (each value through its converters), with the SQL written once: for a small
    list a page reads on every view (issue 19). Values are given as ``first_where`` takes
    them (a foreign key by its id)."""
    alias, connection, values = _prepared(model, equal)
    sql, converters = _select_values(model, columns, tuple(equal), alias, newest)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    if not converters:
        return [tuple(row) for row in rows]
    found = []
    for row in rows:
        row = list(row)
        for position, convert_all, column in converters:
            value = row[position]
            for convert in convert_all:
                value = convert(value, column, connection)
            row[position] = value
        found.append(tuple(row))
    return found
