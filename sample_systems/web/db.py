"""The sample web system's own SQLite file: schema, one connection per request, receipt numbers.

The server is threaded, so every request opens its own ``sqlite3`` connection (WAL mode, so a
test or a robot's ``verify`` reading the file directly sees every committed row at once).
Text is stored exactly as typed: no normalisation, so 髙/﨑/𠮷 and 全角カナ round-trip.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["SCHEMA", "connect", "init_db", "insert_numbered", "reset_db"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jigyosho (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_no    TEXT UNIQUE,
    houjin_bangou TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_kana     TEXT NOT NULL,
    postal_code   TEXT NOT NULL,
    address       TEXT NOT NULL,
    phone         TEXT NOT NULL,
    industry      TEXT NOT NULL,
    established   TEXT NOT NULL,
    employees     INTEGER NOT NULL,
    salary_report INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vendors (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor_no      TEXT UNIQUE,
    name           TEXT NOT NULL,
    name_kana      TEXT NOT NULL,
    bank_code      TEXT NOT NULL,
    branch_code    TEXT NOT NULL,
    account_type   TEXT NOT NULL,
    account_number TEXT NOT NULL,
    holder_kana    TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (bank_code, branch_code, account_type, account_number)
);
CREATE TABLE IF NOT EXISTS vouchers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    voucher_no    TEXT UNIQUE,
    vendor_no     TEXT NOT NULL,
    account_title TEXT NOT NULL,
    summary       TEXT NOT NULL,
    amount        INTEGER NOT NULL,
    withholding   INTEGER NOT NULL,
    net_amount    INTEGER NOT NULL,
    payment_date  TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nursery_applications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_no      TEXT UNIQUE,
    applied_on      TEXT NOT NULL,
    guardian_name   TEXT NOT NULL,
    guardian_kana   TEXT NOT NULL,
    postal_code     TEXT NOT NULL,
    address         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    child_name      TEXT NOT NULL,
    child_birthdate TEXT NOT NULL,
    nursery         TEXT NOT NULL,
    start_month     TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
"""


def connect(db_path: Path) -> sqlite3.Connection:
    """A new connection for one request; rows come back as ``sqlite3.Row``."""
    conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout=15000")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def init_db(db_path: Path, users: dict[str, str]) -> None:
    """Create the tables if missing and make sure each given user exists with that password."""
    from werkzeug.security import generate_password_hash

    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
        for name, password in users.items():
            conn.execute(
                "INSERT INTO users (username, password_hash) VALUES (?, ?) "
                "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
                (name, generate_password_hash(password)),
            )
    finally:
        conn.close()


def reset_db(db_path: Path) -> None:
    """Delete the database file (and its WAL side files) so that the next start begins empty."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)


def insert_numbered(
    conn: sqlite3.Connection, table: str, prefix: str, number_column: str, values: dict[str, object]
) -> str:
    """Insert one row and give it the next number such as ``J-000123``, in one transaction.

    Raises ``sqlite3.IntegrityError`` for a duplicate (the caller turns it into a field error).
    """
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
        number = f"{prefix}-{cur.lastrowid:06d}"
        conn.execute(f"UPDATE {table} SET {number_column} = ? WHERE id = ?", (number, cur.lastrowid))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return number
