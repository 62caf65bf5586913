"""債権者登録, 支出伝票入力 and 保育所入所申込 (with a plain list of each, for a robot's ``verify``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, url_for

from . import db
from .common import get_db, register_flow, stamp
from .validation import (
    ACCOUNT_TITLES,
    ACCOUNT_TYPES,
    NURSERIES,
    Errors,
    clean_nursery,
    clean_vendor,
    clean_voucher,
)

__all__ = ["FORMS", "bp"]

bp = Blueprint("forms", __name__)


class FormSpec:
    """One simple registration form: its table, numbering, columns and labels."""

    def __init__(
        self,
        key: str,
        title: str,
        table: str,
        prefix: str,
        number_column: str,
        number_label: str,
        columns: tuple[tuple[str, str], ...],
    ) -> None:
        self.key, self.title, self.table, self.prefix = key, title, table, prefix
        self.number_column, self.number_label, self.columns = number_column, number_label, columns
        self.labels = dict(columns)

    def insert(self, conn: sqlite3.Connection, values: dict[str, Any]) -> str:
        row = {name: values[name] for name, _ in self.columns}
        return db.insert_numbered(conn, self.table, self.prefix, self.number_column, {**row, **stamp()})


VENDOR = FormSpec(
    "vendor",
    "債権者登録",
    "vendors",
    "V",
    "vendor_no",
    "債権者番号",
    (
        ("name", "債権者名"),
        ("name_kana", "債権者名カナ"),
        ("bank_code", "金融機関コード"),
        ("branch_code", "支店コード"),
        ("account_type", "預金種目"),
        ("account_number", "口座番号"),
        ("holder_kana", "口座名義カナ"),
    ),
)
VOUCHER = FormSpec(
    "voucher",
    "支出伝票入力",
    "vouchers",
    "S",
    "voucher_no",
    "伝票番号",
    (
        ("vendor_no", "債権者番号"),
        ("account_title", "支出科目"),
        ("summary", "摘要"),
        ("amount", "支払金額"),
        ("withholding", "源泉徴収税額"),
        ("net_amount", "差引支払額"),
        ("payment_date", "支払予定日"),
    ),
)
NURSERY = FormSpec(
    "nursery",
    "保育所入所申込",
    "nursery_applications",
    "N",
    "receipt_no",
    "受付番号",
    (
        ("applied_on", "申請日"),
        ("guardian_name", "保護者氏名"),
        ("guardian_kana", "フリガナ"),
        ("postal_code", "郵便番号"),
        ("address", "住所"),
        ("phone", "電話番号"),
        ("child_name", "児童氏名"),
        ("child_birthdate", "生年月日"),
        ("nursery", "希望保育所"),
        ("start_month", "希望開始月"),
    ),
)
FORMS = {spec.key: spec for spec in (VENDOR, VOUCHER, NURSERY)}


def _save_vendor(conn: sqlite3.Connection, values: dict[str, Any], errors: Errors) -> str | None:
    try:
        return VENDOR.insert(conn, values)
    except sqlite3.IntegrityError:
        row = conn.execute(
            "SELECT vendor_no FROM vendors WHERE bank_code = ? AND branch_code = ? AND account_type = ? "
            "AND account_number = ?",
            (values["bank_code"], values["branch_code"], values["account_type"], values["account_number"]),
        ).fetchone()
        number = f"(債権者番号 {row['vendor_no']})" if row else ""
        errors.setdefault("account_number", []).append(f"この口座は既に登録されています{number}。")
        return None


def _save_voucher(conn: sqlite3.Connection, values: dict[str, Any], errors: Errors) -> str | None:
    if conn.execute("SELECT 1 FROM vendors WHERE vendor_no = ?", (values["vendor_no"],)).fetchone() is None:
        errors.setdefault("vendor_no", []).append(
            f"債権者番号 {values['vendor_no']} は登録されていません。先に債権者登録をしてください。"
        )
        return None
    return VOUCHER.insert(conn, values)


def _save_nursery(conn: sqlite3.Connection, values: dict[str, Any], errors: Errors) -> str | None:
    return NURSERY.insert(conn, values)


_FLOWS: dict[str, tuple[Callable[..., Any], Callable[..., Any], dict[str, Any]]] = {
    "vendor": (clean_vendor, _save_vendor, {"account_types": ACCOUNT_TYPES}),
    "voucher": (clean_voucher, _save_voucher, {"account_titles": ACCOUNT_TITLES}),
    "nursery": (clean_nursery, _save_nursery, {"nurseries": NURSERIES}),
}


def _new(key: str) -> Any:
    clean, save, extra = _FLOWS[key]
    spec = FORMS[key]
    return register_flow(
        f"{key}_new.html",
        clean,
        save,
        "forms.done",
        done_args={"key": key},
        labels=spec.labels,
        spec=spec,
        **extra,
    )


def _done(key: str, number: str) -> Any:
    spec = FORMS[key]
    row = get_db().execute(f"SELECT * FROM {spec.table} WHERE {spec.number_column} = ?", (number,)).fetchone()
    if row is None:
        abort(404)
    return render_template(
        "done.html",
        title=spec.title,
        number_label=spec.number_label,
        number=number,
        rows=[(label, str(row[name])) for name, label in spec.columns],
        again=url_for(f"forms.{key}_new"),
    )


def _list(key: str) -> str:
    spec = FORMS[key]
    rows = get_db().execute(f"SELECT * FROM {spec.table} ORDER BY id").fetchall()
    return render_template(
        "simple_list.html",
        spec=spec,
        header=[spec.number_label, *(label for _, label in spec.columns)],
        table=[[row[spec.number_column], *(str(row[n]) for n, _ in spec.columns)] for row in rows],
    )


def _route(key: str, path: str) -> None:
    bp.add_url_rule(f"/{path}/new", f"{key}_new", lambda: _new(key), methods=["GET", "POST"])
    bp.add_url_rule(f"/{path}", f"{key}_list", lambda: _list(key))


for _key, _path in (("vendor", "vendor"), ("voucher", "voucher"), ("nursery", "nursery")):
    _route(_key, _path)


@bp.route("/<any(vendor, voucher, nursery):key>/done/<number>")
def done(key: str, number: str) -> Any:
    """The page after a successful registration, with the new number."""
    return _done(key, number)
