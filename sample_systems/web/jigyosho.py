"""事業所登録, 事業所一覧 (search, CSV出力) and 一括登録 (CSV upload)."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

from . import db
from .common import get_db, register_flow, stamp
from .validation import INDUSTRIES, Errors, clean_jigyosho

__all__ = ["COLUMNS", "DUPLICATE", "bp"]

bp = Blueprint("jigyosho", __name__, url_prefix="/jigyosho")

# (column/field name, the label on screen and in the CSV header), in the order of the list.
COLUMNS = (
    ("houjin_bangou", "法人番号"),
    ("name", "事業所名"),
    ("name_kana", "事業所名カナ"),
    ("postal_code", "郵便番号"),
    ("address", "所在地"),
    ("phone", "電話番号"),
    ("industry", "業種"),
    ("established", "設立年月日"),
    ("employees", "従業員数"),
    ("salary_report", "給与支払報告書提出"),
)
LABELS = dict(COLUMNS)
DUPLICATE = "この法人番号は既に登録されています。"
LIST_LIMIT = 1000


def _save(conn: sqlite3.Connection, values: dict[str, Any], errors: Errors) -> str | None:
    row = {name: values[name] for name, _ in COLUMNS}
    row["salary_report"] = int(bool(row["salary_report"]))
    try:
        return db.insert_numbered(conn, "jigyosho", "J", "receipt_no", {**row, **stamp()})
    except sqlite3.IntegrityError:
        errors.setdefault("houjin_bangou", []).append(DUPLICATE)
        return None


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    """事業所登録."""
    return register_flow(
        "jigyosho_new.html", clean_jigyosho, _save, "jigyosho.done", industries=INDUSTRIES, labels=LABELS
    )


@bp.route("/done/<number>")
def done(number: str) -> Any:
    row = get_db().execute("SELECT * FROM jigyosho WHERE receipt_no = ?", (number,)).fetchone()
    if row is None:
        abort(404)
    return render_template(
        "done.html",
        title="事業所登録",
        number_label="受付番号",
        number=number,
        rows=[(label, _shown(row, name)) for name, label in COLUMNS],
        again=url_for("jigyosho.new"),
    )


def _shown(row: sqlite3.Row, name: str) -> str:
    """A value as the list, the done page and the CSV show it (the checkbox as ○/×)."""
    if name == "salary_report":
        return "○" if row[name] else "×"
    return str(row[name])


def _search() -> tuple[list[sqlite3.Row], dict[str, str]]:
    criteria = {
        "houjin_bangou": request.args.get("houjin_bangou", "").strip(),
        "name": request.args.get("name", "").strip(),
    }
    sql, params = "SELECT * FROM jigyosho WHERE 1 = 1", []
    if criteria["houjin_bangou"]:
        sql += " AND houjin_bangou LIKE ? ESCAPE '\\'"
        params.append(_like(criteria["houjin_bangou"]) + "%")
    if criteria["name"]:
        sql += " AND (name LIKE ? ESCAPE '\\' OR name_kana LIKE ? ESCAPE '\\')"
        params += ["%" + _like(criteria["name"]) + "%"] * 2
    rows = get_db().execute(sql + f" ORDER BY id LIMIT {LIST_LIMIT}", params).fetchall()
    return rows, criteria


def _like(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


@bp.route("")
def index() -> str:
    """事業所一覧: search by 法人番号 (prefix) and 事業所名 (part of the name or the kana)."""
    rows, criteria = _search()
    query: dict[str, Any] = {k: v for k, v in criteria.items() if v}
    table = [[_shown(row, name) for name, _ in COLUMNS] for row in rows]
    return render_template(
        "jigyosho_list.html",
        header=[label for _, label in COLUMNS],
        table=table,
        criteria=criteria,
        limit=LIST_LIMIT,
        csv_url=url_for("jigyosho.export", **query),
    )


@bp.route("/export.csv")
def export() -> Response:
    """CSV出力: the rows of the current search, UTF-8 with BOM (Excel opens it without mojibake)."""
    rows, _ = _search()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([_shown(row, name) for name, _ in COLUMNS])
    body = ("\ufeff" + out.getvalue()).encode("utf-8")
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": "attachment; filename=jigyosho.csv",
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Shift_JIS (cp932), which Excel writes on Japanese Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def _row_values(record: dict[str, str]) -> dict[str, str]:
    values = {name: (record.get(label) or "").strip() for name, label in COLUMNS}
    # Excel turns 2015-04-01 into 2015/4/1 when it saves a CSV: accept that form too.
    m = re.fullmatch(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", values["established"])
    if m:
        values["established"] = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    return values


def import_csv(conn: sqlite3.Connection, data: bytes) -> tuple[int | None, list[str]]:
    """Register the rows of an uploaded CSV; returns (rows registered, one error line per bad row).

    The count is None when the file could not be read at all (encoding, header).
    """
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return None, ["文字コードが読めません。UTF-8 か Shift_JIS の CSV ファイルを選んでください。"]
    reader = csv.DictReader(io.StringIO(text))
    missing = [label for _, label in COLUMNS if label not in (reader.fieldnames or [])]
    if missing:
        return None, [
            f"1行目(見出し): 列「{'」「'.join(missing)}」がありません。事業所一覧の「CSV出力」と同じ見出しにしてください。"
        ]
    count, problems = 0, []
    for line, record in enumerate(reader, start=2):
        values, errors = clean_jigyosho(_row_values(record))
        if not errors:
            if _save(conn, values, errors):
                count += 1
                continue
        problems += [
            f"{line}行目: {LABELS[field]}: {message}"
            for field, messages in errors.items()
            for message in messages
        ]
    return count, problems


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> str:
    """一括登録: a CSV with the columns of the export."""
    if request.method == "GET":
        return render_template("jigyosho_upload.html", count=None, problems=[])
    file = request.files.get("csv_file")
    if file is None or not file.filename:
        return render_template("jigyosho_upload.html", count=None, problems=["CSVファイルを選んでください。"])
    count, problems = import_csv(get_db(), file.read())
    return render_template("jigyosho_upload.html", count=count, problems=problems)
