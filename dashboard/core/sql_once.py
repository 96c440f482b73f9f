"""A model's rows by equal fields, with the SQL written once per process instead of compiled.

For the few reads every page makes (the signed-in person, a tracked item on a detail page):
the ORM builds and compiles the same SELECT on every request, which on the benchmark's
machine cost 0.3-1.5 ms a query against ~0.1 ms to run it (issue 19). ``Manager.raw`` still
makes model instances with the database's converters (dates, JSON, booleans), so what comes
back is what ``filter(...)`` would give.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from django.db import connections, models, router

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


def first_where(model: type[M], *, newest: tuple[str, ...] = (), **equal: Any) -> M | None:
    """The row of ``model`` whose fields equal these values (a unique set of fields), or None.
    A foreign key is given by its id. Each value is prepared by its field, as ``filter()``
    would (a UUID in the form this database stores it), so a value the field refuses raises
    ``ValidationError``. With ``newest`` (field names), of several rows the one ``order_by``
    on those fields, descending, would give first (``.order_by("-a", "-b").first()``)."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    meta = model._meta
    values = [
        meta.get_field(name).get_db_prep_value(value, connection, prepared=False)
        for name, value in equal.items()
    ]
    sql = _select(model, tuple(equal), alias, newest)
    return next(iter(model._default_manager.db_manager(alias).raw(sql, values)), None)
