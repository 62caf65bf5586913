"""The sample desktop system's own SQLite file: vehicles (軽自動車税の課税台帳) and users.

Text is stored exactly as typed (no normalisation), so tests can compare every field with
the Excel sheet the robot typed from. Dates are stored as ISO ``YYYY-MM-DD`` text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_USERS",
    "KINDS",
    "REASONS",
    "Vehicle",
    "connect",
    "deregister",
    "find_vehicle",
    "init_db",
    "list_vehicles",
    "register_vehicle",
    "validate_registration",
]

# 車種 as the registration form offers them (an editable combobox: typed text must be one of these).
KINDS = (
    "軽四輪乗用(自家用)",
    "軽四輪貨物(自家用)",
    "軽四輪乗用(営業用)",
    "軽四輪貨物(営業用)",
    "軽二輪",
    "原付一種",
    "原付二種",
    "小型特殊",
)
REASONS = ("廃車", "転出", "譲渡", "盗難", "その他")
DEFAULT_USERS = {"kanri01": "Kei-2026"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vehicles (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_no       TEXT UNIQUE,
    chassis_no       TEXT NOT NULL,
    plate_no         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    owner_name       TEXT NOT NULL,
    owner_address    TEXT NOT NULL,
    registered_on    TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'registered',
    deregistered_on  TEXT,
    reason           TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vehicles_plate_registered ON vehicles (plate_no) WHERE status = 'registered';
"""

# 岩手 580 あ 12-34 (軽四輪: 地名 分類番号 ひらがな 一連番号) or 花巻市 あ 1234 (市町村の標識: 原付・小型特殊)
_PLATE = re.compile(
    r"^[一-龥]{1,4} \d{3} [ぁ-ん] (?:\d{2}-\d{2}|・{1,3}\d{1,3})$|^[一-龥]{1,4}市 [ぁ-んA-Z] \d{1,4}$"
)
_CHASSIS = re.compile(r"^[A-Z0-9]{2,8}-\d{5,7}$")


@dataclass(frozen=True)
class Vehicle:
    receipt_no: str
    chassis_no: str
    plate_no: str
    kind: str
    owner_name: str
    owner_address: str
    registered_on: str
    status: str
    deregistered_on: str | None
    reason: str | None


def _hash(password: str) -> str:
    return hashlib.sha256(("robosan-sample:" + password).encode()).hexdigest()


def connect(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout=15000")
    return conn


def init_db(db_path: Path, users: dict[str, str] | None = None) -> None:
    """Create the tables if missing and make sure the given users exist."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
        for name, password in (users or DEFAULT_USERS).items():
            conn.execute(
                "INSERT INTO users (username, password_hash) VALUES (?, ?) "
                "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
                (name, _hash(password)),
            )
    finally:
        conn.close()


def check_login(db_path: Path, username: str, password: str) -> bool:
    conn = connect(db_path)
    try:
        row = conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
    finally:
        conn.close()
    return row is not None and row["password_hash"] == _hash(password)


def parse_date(text: str) -> dt.date | None:
    """``2026/04/01`` (the form's format); also accepts ``2026-04-01``."""
    m = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def validate_registration(fields: dict[str, str], today: dt.date | None = None) -> list[str]:
    """The form's checks, as an old system would show them: one message per wrong field."""
    errors: list[str] = []
    labels = {
        "chassis_no": "車台番号",
        "plate_no": "標識番号",
        "kind": "車種",
        "owner_name": "所有者氏名",
        "owner_address": "所有者住所",
        "registered_on": "登録年月日",
    }
    for key, label in labels.items():
        if not fields.get(key, "").strip():
            errors.append(f"{label}を入力してください。")
    if errors:
        return errors
    if not _CHASSIS.match(fields["chassis_no"]):
        errors.append("車台番号の形式が正しくありません(例: HA36S-123456)。")
    if not _PLATE.match(fields["plate_no"]):
        errors.append("標識番号の形式が正しくありません(例: 岩手 580 あ 12-34、花巻市 あ 1234)。")
    if fields["kind"] not in KINDS:
        errors.append("車種は一覧から選んでください。")
    day = parse_date(fields["registered_on"])
    if day is None:
        errors.append("登録年月日は YYYY/MM/DD の形式で入力してください。")
    elif day > (today or dt.date.today()):
        errors.append("登録年月日に未来の日付は入力できません。")
    return errors


def register_vehicle(db_path: Path, fields: dict[str, str], user: str) -> str:
    """Insert one vehicle; return its receipt number. Raises ValueError for a duplicate plate."""
    day = parse_date(fields["registered_on"])
    assert day is not None  # validated by the form first
    conn = connect(db_path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cur = conn.execute(
                "INSERT INTO vehicles (chassis_no, plate_no, kind, owner_name, owner_address, registered_on,"
                " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    fields["chassis_no"],
                    fields["plate_no"],
                    fields["kind"],
                    fields["owner_name"],
                    fields["owner_address"],
                    day.isoformat(),
                    user,
                    dt.datetime.now().isoformat(timespec="seconds"),
                ),
            )
        except sqlite3.IntegrityError:
            conn.execute("ROLLBACK")
            raise ValueError("この標識番号は既に登録されています。") from None
        receipt = f"K-{cur.lastrowid:06d}"
        conn.execute("UPDATE vehicles SET receipt_no = ? WHERE id = ?", (receipt, cur.lastrowid))
        conn.execute("COMMIT")
        return receipt
    finally:
        conn.close()


def _vehicle(row: sqlite3.Row) -> Vehicle:
    return Vehicle(
        row["receipt_no"],
        row["chassis_no"],
        row["plate_no"],
        row["kind"],
        row["owner_name"],
        row["owner_address"],
        row["registered_on"],
        row["status"],
        row["deregistered_on"],
        row["reason"],
    )


def find_vehicle(db_path: Path, plate_no: str) -> Vehicle | None:
    """The registered vehicle with this plate, else the latest deregistered one, else None."""
    conn = connect(db_path)
    try:
        row = conn.execute(
            "SELECT * FROM vehicles WHERE plate_no = ? ORDER BY status = 'registered' DESC, id DESC LIMIT 1",
            (plate_no.strip(),),
        ).fetchone()
    finally:
        conn.close()
    return _vehicle(row) if row else None


def deregister(db_path: Path, plate_no: str, reason: str) -> None:
    """Mark the registered vehicle with this plate as deregistered (抹消). Raises ValueError if none."""
    if reason not in REASONS:
        raise ValueError("抹消理由は一覧から選んでください。")
    conn = connect(db_path)
    try:
        cur = conn.execute(
            "UPDATE vehicles SET status = 'deregistered', deregistered_on = ?, reason = ? "
            "WHERE plate_no = ? AND status = 'registered'",
            (dt.date.today().isoformat(), reason, plate_no.strip()),
        )
        if cur.rowcount != 1:
            raise ValueError("登録中の車両が見つかりません。")
    finally:
        conn.close()


def list_vehicles(db_path: Path) -> list[Vehicle]:
    """Every row, oldest first (tests read the program's database back with this)."""
    conn = connect(db_path)
    try:
        rows = conn.execute("SELECT * FROM vehicles ORDER BY id").fetchall()
    finally:
        conn.close()
    return [_vehicle(r) for r in rows]
