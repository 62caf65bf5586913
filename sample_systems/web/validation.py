"""Server-side checks of the sample system's forms, with the Japanese messages a clerk sees.

Each ``clean_*`` function takes the posted form and returns ``(values, errors)``: the values
to store (text as typed, ends trimmed) and ``{field: [message, ...]}`` for the fields that are wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

__all__ = [
    "ACCOUNT_TITLES",
    "ACCOUNT_TYPES",
    "INDUSTRIES",
    "NURSERIES",
    "Errors",
    "clean_jigyosho",
    "clean_nursery",
    "clean_vendor",
    "clean_voucher",
]

Errors = dict[str, list[str]]

INDUSTRIES = (
    "製造業",
    "建設業",
    "卸売業・小売業",
    "飲食サービス業",
    "医療・福祉",
    "情報通信業",
    "サービス業(他に分類されないもの)",
)
ACCOUNT_TYPES = ("普通", "当座")
ACCOUNT_TITLES = (
    "報酬",
    "報償費",
    "旅費",
    "需用費",
    "役務費",
    "委託料",
    "使用料及び賃借料",
    "備品購入費",
    "負担金補助及び交付金",
)
NURSERIES = (
    "花巻中央保育園",
    "花城町こども園",
    "若葉保育所",
    "つくば研究学園保育所",
    "吾妻こども園",
    "竹園保育園",
    "春日ひまわり保育園",
)

_HALF_KANA = re.compile("[\uff61-\uff9f]")
_KATAKANA = re.compile("[ァ-ヶー・\u3000 ]+")
_HOLDER_KANA = re.compile("[ァ-ヶー・\u3000 （）．，－／]+")
_POSTAL = re.compile(r"[0-9]{3}-[0-9]{4}")
_PHONE_HYPHEN = re.compile(r"0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}")
_PHONE_PLAIN = re.compile(r"0[0-9]{9,10}")


class _Form:
    """Collects cleaned values and errors while one form is checked, field by field."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.values: dict[str, Any] = {}
        self.errors: Errors = {}

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, field: str, label: str, *, max_len: int = 100, required: bool = True) -> str | None:
        """The trimmed text of ``field``; None (and an error) if it is missing or too long."""
        value = str(self.data.get(field) or "").strip()
        self.values[field] = value
        if not value:
            if required:
                self.error(field, f"{label}を入力してください。")
            return None
        if len(value) > max_len:
            self.error(field, f"{label}は{max_len}文字以内で入力してください。")
            return None
        return value

    def check(self, field: str, label: str, test: Callable[[str], str | None], **kw: Any) -> str | None:
        """``text`` and then ``test(value)``, which returns an error message or None."""
        value = self.text(field, label, **kw)
        if value is None:
            return None
        message = test(value)
        if message:
            self.error(field, message)
            return None
        return value

    def choice(self, field: str, label: str, options: tuple[str, ...]) -> None:
        value = str(self.data.get(field) or "")
        self.values[field] = value
        if value not in options:
            self.error(field, f"{label}を一覧から選んでください。")

    def date(self, field: str, label: str, *, past_only: bool = False) -> None:
        self.check(field, label, lambda v: _date_problem(v, past_only))

    def integer(self, field: str, label: str, *, minimum: int = 0) -> int | None:
        value = self.text(field, label, max_len=15)
        if value is None:
            return None
        plain = value.replace(",", "")
        if not re.fullmatch(r"[0-9]+", plain) or int(plain) < minimum:
            self.error(field, f"{label}は{minimum}以上の整数を半角数字で入力してください。")
            return None
        self.values[field] = int(plain)
        return int(plain)

    def digits(self, field: str, label: str, count: int) -> None:
        self.check(
            field,
            label,
            lambda v: (
                None
                if re.fullmatch(f"[0-9]{{{count}}}", v)
                else f"{label}は{count}桁の半角数字で入力してください。"
            ),
        )


def _date_problem(value: str, past_only: bool) -> str | None:
    try:
        day = date.fromisoformat(value) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
    except ValueError:
        day = None
    if day is None:
        return "日付を「2024-04-01」の形で正しく入力してください。"
    if past_only and day > date.today():
        return "未来の日付は入力できません。"
    return None


def _katakana_problem(value: str, pattern: re.Pattern[str] = _KATAKANA) -> str | None:
    if _HALF_KANA.search(value):
        return "半角カナは使えません。全角カタカナで入力してください。"
    if not pattern.fullmatch(value):
        return "全角カタカナで入力してください。"
    return None


def _houjin_check_digit_ok(number: str) -> bool:
    """The 法人番号 check digit (the first of 13 digits) by the National Tax Agency's published rule:
    9 - (sum of Pn*Qn mod 9) over the other 12 digits, Pn the n-th from the right, Qn 1 if n is odd else 2.
    The system's own implementation: a system under test shares no code with the robot that drives it."""
    total = sum(int(c) * (1 if n % 2 else 2) for n, c in enumerate(reversed(number[1:]), start=1))
    return int(number[0]) == 9 - total % 9


def _houjin_problem(value: str) -> str | None:
    if not re.fullmatch(r"[0-9]{13}", value):
        return "法人番号は13桁の半角数字で入力してください。"
    if not _houjin_check_digit_ok(value):
        return "法人番号が正しくありません(チェックデジットが一致しません)。"
    return None


def _postal_problem(value: str) -> str | None:
    if _POSTAL.fullmatch(value):
        return None
    return "郵便番号は「305-8555」のように半角数字とハイフンで入力してください。"


def _phone_problem(value: str) -> str | None:
    digits = value.replace("-", "")
    if (_PHONE_HYPHEN.fullmatch(value) or _PHONE_PLAIN.fullmatch(value)) and len(digits) in (10, 11):
        return None
    return "電話番号は「029-883-1111」のように半角数字とハイフンで入力してください(10桁または11桁)。"


def clean_jigyosho(data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Check a 事業所登録 form (also one row of an uploaded CSV)."""
    f = _Form(data)
    f.check("houjin_bangou", "法人番号", _houjin_problem, max_len=20)
    f.text("name", "事業所名")
    f.check("name_kana", "事業所名カナ", _katakana_problem)
    f.check("postal_code", "郵便番号", _postal_problem, max_len=10)
    f.text("address", "所在地", max_len=200)
    f.check("phone", "電話番号", _phone_problem, max_len=20)
    f.choice("industry", "業種", INDUSTRIES)
    f.date("established", "設立年月日", past_only=True)
    f.integer("employees", "従業員数")
    f.values["salary_report"] = _truthy(data.get("salary_report"))
    return f.values, f.errors


def clean_vendor(data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Check a 債権者登録 form."""
    f = _Form(data)
    f.text("name", "債権者名")
    f.check("name_kana", "債権者名カナ", _katakana_problem)
    f.digits("bank_code", "金融機関コード", 4)
    f.digits("branch_code", "支店コード", 3)
    f.choice("account_type", "預金種目", ACCOUNT_TYPES)
    f.digits("account_number", "口座番号", 7)
    f.check("holder_kana", "口座名義カナ", lambda v: _katakana_problem(v, _HOLDER_KANA))
    return f.values, f.errors


def clean_voucher(data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Check a 支出伝票 form (the vendor's existence is checked by the caller, against the DB)."""
    f = _Form(data)
    f.check(
        "vendor_no",
        "債権者番号",
        lambda v: (
            None if re.fullmatch(r"V-[0-9]{6}", v) else "債権者番号は「V-000001」の形で入力してください。"
        ),
        max_len=20,
    )
    f.choice("account_title", "支出科目", ACCOUNT_TITLES)
    f.text("summary", "摘要", max_len=200)
    amount = f.integer("amount", "支払金額", minimum=1)
    withholding = f.integer("withholding", "源泉徴収税額")
    net = f.integer("net_amount", "差引支払額")
    if amount is not None and withholding is not None:
        if withholding > amount:
            f.error("withholding", "源泉徴収税額が支払金額を超えています。")
        elif net is not None and net != amount - withholding:
            f.error(
                "net_amount", f"差引支払額が支払金額−源泉徴収税額({amount - withholding:,}円)と一致しません。"
            )
    f.date("payment_date", "支払予定日")
    return f.values, f.errors


def clean_nursery(data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Check a 保育所入所申込 form."""
    f = _Form(data)
    f.date("applied_on", "申請日", past_only=True)
    f.text("guardian_name", "保護者氏名", max_len=50)
    f.check("guardian_kana", "フリガナ", _katakana_problem)
    f.check("postal_code", "郵便番号", _postal_problem, max_len=10)
    f.text("address", "住所", max_len=200)
    f.check("phone", "電話番号", _phone_problem, max_len=20)
    f.text("child_name", "児童氏名", max_len=50)
    f.date("child_birthdate", "生年月日", past_only=True)
    f.choice("nursery", "希望保育所", NURSERIES)
    f.check("start_month", "希望開始月", _month_problem, max_len=10)
    return f.values, f.errors


def _month_problem(value: str) -> str | None:
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
    if m and 1 <= int(m.group(2)) <= 12:
        return None
    return "希望開始月を「2026-04」の形で入力してください。"


def _truthy(value: Any) -> bool:
    """A checkbox (``on``) or a CSV cell (○, 有, はい, 1, true) that means yes."""
    return str(value or "").strip().lower() in {"on", "1", "true", "yes", "○", "〇", "有", "はい", "提出"}
