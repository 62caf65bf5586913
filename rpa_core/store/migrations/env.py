"""Alembic's entry point for robosan's store: always run on a connection robosan hands over.

``rpa_core.store.versions`` opens the connection (holding the write lock) and passes it in
``config.attributes["connection"]``; there is no ini file and no offline (SQL script) mode.
For developers: ``target_metadata`` is the one ``MetaData`` of ``store/tables.py``, so
autogenerate and ``compare_metadata`` see every table.
"""

from __future__ import annotations

from alembic import context

from rpa_core.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("robosan runs its migrations through rpa_core.store.versions, on an open connection")

# render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table instead.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
