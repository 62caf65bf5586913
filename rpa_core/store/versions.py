"""Schema versions: every database robosan opens is brought to the current version with Alembic.

How an open decides (``ensure_schema``):

- ``alembic_version`` holds :data:`HEAD`: nothing to do. This is the common case (RunLog is
  opened by every command and every scheduled run), so it costs one small query and never
  imports Alembic.
- no ``alembic_version``: a new, empty database, or a run log written by robosan 0.1.0, which
  made its tables with ``create_all`` (the OCR and scheduler tables only on first use). Both
  are upgraded from the start: migration 0001 creates exactly the 0.1.0 tables the file
  lacks, so a 0.1.0 file keeps its rows and ends up as if it had been stamped 0001.
- an older known revision: upgraded to head.
- a revision this release does not know: the file was made by a newer robosan. A clear
  ja/en :class:`~rpa_core.errors.InputError`, never a traceback, and nothing is touched.

Several processes (scheduled runs, test workers) may open the same new file at once, so the
upgrade re-checks the version inside a transaction that holds the database's write lock
(SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock). Whoever
comes second finds the work done. Migrations are package data (``store/migrations``), run
programmatically: no ``alembic.ini`` on the office PC.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from rpa_core.errors import InputError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD", "MIGRATIONS", "alembic_config", "current_revision", "ensure_schema"]

# The newest migration in store/migrations/versions; a test checks it is the chain's only head.
HEAD = "0003"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# A fixed key for PostgreSQL's advisory lock around schema upgrades ("robosan" in ASCII, as an int).
_PG_LOCK_KEY = 0x726F626F73616E

# As Alembic makes it (same constraint name), so a file created here equals one Alembic built.
_version = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def current_revision(conn: Connection) -> str | None:
    """The schema version recorded in the database, or None when it has none (new or 0.1.0)."""
    if not inspect(conn).has_table(_version.name):
        return None
    return conn.execute(select(_version.c.version_num)).scalar()


def ensure_schema(engine: Engine) -> None:
    """Bring the database behind ``engine`` to :data:`HEAD` (see the module docstring)."""
    with engine.connect() as conn:
        if current_revision(conn) == HEAD:
            return
    try:
        _upgrade(engine)
    except InputError:
        raise
    except DBAPIError as exc:
        # Another process may have upgraded it between our check and our attempt.
        with engine.connect() as conn:
            if current_revision(conn) == HEAD:
                return
        raise InputError("store.upgrade_failed", url=_shown(engine), detail=str(exc.orig)) from exc


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration without any ini file: the scripts are this package's ``migrations``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(engine: Engine) -> None:
    in_memory = engine.url.database in (None, "", ":memory:")  # one connection's database: no one to race
    lock_engine = engine if in_memory else _locking_engine(engine)
    try:
        with lock_engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            found = current_revision(conn)  # again, now that we hold the write lock
            if found == HEAD:
                return
            if found is None and not inspect(conn).get_table_names():
                _create_at_head(conn)
                return
            if found is not None:
                _check_known(engine, found)
            from alembic import command

            command.upgrade(alembic_config(conn), "head")
    finally:
        if lock_engine is not engine:
            lock_engine.dispose()


def _create_at_head(conn: Connection) -> None:
    """A brand-new database: the tables as they are now, stamped :data:`HEAD` (Alembic's own recipe
    for building a current database from scratch, without importing Alembic: ~1 s less for the first
    run on a PC). A test migrates an empty database through every revision and compares it with these
    tables, so both ways give the same schema."""
    from rpa_core.store.tables import metadata

    metadata.create_all(conn)
    _version.create(conn)
    conn.execute(insert(_version).values(version_num=HEAD))


def _check_known(engine: Engine, revision: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise InputError("store.too_new", url=_shown(engine), revision=revision)


def _locking_engine(engine: Engine) -> Engine:
    """A one-off engine whose transactions hold the write lock from their first statement.

    SQLite's Python driver starts transactions lazily and commits around DDL; here the driver's
    own handling is off and every transaction is ``BEGIN IMMEDIATE``, so the version check and
    the migration happen under one lock, and DDL rolls back with the rest on failure.
    """
    if engine.dialect.name != "sqlite":
        return create_engine(engine.url, poolclass=NullPool)
    lock_engine = create_engine(engine.url, poolclass=NullPool)

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA busy_timeout=30000")
        dbapi_conn.execute("PRAGMA journal_mode=WAL")

    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(lock_engine, "connect", on_connect)
    event.listen(lock_engine, "begin", on_begin)
    return lock_engine


def _shown(engine: Engine) -> str:
    """The database as a clerk recognises it: the file for SQLite, the URL without password otherwise."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)
