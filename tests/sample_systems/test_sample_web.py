"""The sample municipal web system, exercised over real HTTP (a threaded server and a subprocess)."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rpa_core.language.filters import houjin_check_digit
from sample_systems.web.addresses import ADDRESSES
from sample_systems.web.app import create_app
from sample_systems.web.server import Handle, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "robot01", "Robo#2026"
JIGYOSHO_FIELDS = (
    "法人番号",
    "事業所名",
    "事業所名カナ",
    "郵便番号",
    "所在地",
    "電話番号",
    "業種",
    "設立年月日",
    "従業員数",
    "給与支払報告書提出",
)  # the labels of 事業所登録, in the order of the list and the CSV
NTA = "7000012050002"  # the National Tax Agency's own 法人番号: a known-good check digit
BUSY = "ただいま混み合っています。しばらくしてから操作してください。"


def houjin(n: int) -> str:
    """A 法人番号 with a correct check digit, built the way the National Tax Agency defines it."""
    body = f"{n:012d}"
    return f"{houjin_check_digit(body)}{body}"


def jigyosho(n: int, **changes: str) -> dict[str, str]:
    data = {
        "houjin_bangou": houjin(n),
        "name": f"株式会社髙﨑𠮷野製作所{n}",
        "name_kana": "カブシキガイシャ　タカサキヨシノセイサクショ",
        "postal_code": "305-0817",
        "address": "茨城県つくば市研究学園一丁目2番地3 〒ビル5階",
        "phone": "029-883-1111",
        "industry": "サービス業(他に分類されないもの)",
        "established": "2001-04-02",
        "employees": "25",
        "salary_report": "on",
    }
    data.update(changes)
    return data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Shows a redirect as it is (302 + its headers), e.g. to read the fault header of a POST."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    url: str
    headers: Any
    body: str


class Client:
    """A clerk's browser reduced to cookies, GET and POST (redirects followed unless asked)."""

    def __init__(self, base: str, *, follow: bool = True) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        handlers: list[Any] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow:
            handlers.append(_NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as r:
                return Reply(r.status, r.geturl(), r.headers, r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.url, e.headers, e.read().decode("utf-8"))

    def get(self, path: str) -> Reply:
        return self.request(path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        return self.request(path, urllib.parse.urlencode(form).encode())

    def login(self, next_path: str = "") -> Reply:
        return self.post("/login", {"username": USER, "password": PASSWORD, "next": next_path})

    def upload(self, path: str, filename: str, content: bytes) -> Reply:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csv_file"; filename="{filename}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def errors_of(body: str) -> list[str]:
    """The messages shown next to fields (not the summary)."""
    return re.findall(r'<ul class="errorlist"><li>(.*?)</li>', body)


def rows(db: Path, sql: str, *args: Any) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Handle, Path]]:
    db = tmp_path_factory.mktemp("web") / "sample.sqlite3"
    handle = serve_in_thread(create_app(db))
    yield handle, db
    handle.stop()


@pytest.fixture
def client(server: tuple[Handle, Path]) -> Client:
    c = Client(server[0].url)
    assert c.login().url.endswith("/menu")
    return c


# --- starting, login, menu ----------------------------------------------------------------------


def test_python_m_prints_ready_and_serves_real_http(tmp_path: Path) -> None:
    db = tmp_path / "web.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sample_systems.web",
            "--port",
            "0",
            "--db",
            str(db),
            "--quiet",
            "--flaky",
            "100",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert re.fullmatch(r"READY http://127\.0\.0\.1:\d+", line), line
        c = Client(line.split()[1], follow=False)
        c.login()
        menu = c.get("/menu")
        assert menu.url.endswith("/menu") and "<h1>メニュー</h1>" in menu.body
        for link in (
            "事業所登録",
            "事業所一覧",
            "債権者登録",
            "支出伝票入力",
            "保育所入所申込",
            "ログアウト",
        ):
            assert f">{link}</a>" in menu.body
        # --flaky 100: every registration POST meets one of the three faults
        reply = c.post("/jigyosho/new", jigyosho(1))
        fault = reply.headers["X-Sample-Fault"]
        saved = rows(db, "SELECT COUNT(*) FROM jigyosho")[0][0]
        assert (fault, reply.status, saved) in {("before", 503, 0), ("after", 503, 1), ("slow", 302, 1)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_check_digit_helper_matches_a_known_number() -> None:
    assert houjin(12050002) == NTA


def test_login_page_and_wrong_password(server: tuple[Handle, Path]) -> None:
    c = Client(server[0].url)
    page = c.get("/menu")
    assert page.url.endswith("/login?next=/menu")
    assert '<label for="username">ユーザー名</label>' in page.body
    assert '<label for="password">パスワード</label>' in page.body
    wrong = c.post("/login", {"username": USER, "password": "nope", "next": ""})
    assert "ユーザー名またはパスワードが違います。" in wrong.body and wrong.url.endswith("/login")
    assert c.get("/jigyosho").url.split("?")[0].endswith("/login")  # still not logged in


def test_login_goes_to_next_but_never_off_site(server: tuple[Handle, Path]) -> None:
    c = Client(server[0].url)
    assert c.login("/jigyosho?name=abc").url.endswith("/jigyosho?name=abc")
    c2 = Client(server[0].url)
    assert c2.login("//evil.example/x").url.endswith("/menu")


def test_logout_ends_the_session(client: Client) -> None:
    page = client.get("/logout")
    assert "ログアウトしました。" in page.body
    assert "/login?next=" in client.get("/jigyosho/new").url


# --- 事業所登録 ----------------------------------------------------------------------------------


def test_register_stores_every_field_exactly(client: Client, server: tuple[Handle, Path]) -> None:
    data = jigyosho(101, houjin_bangou=NTA)
    form = client.get("/jigyosho/new").body
    assert "onclick=\"return confirm('この内容で登録しますか？')\">登録</button>" in form
    for label in JIGYOSHO_FIELDS:
        assert f">{label}</label>" in form
    assert 'type="date" id="established"' in form and ">住所検索</button>" in form
    done = client.post("/jigyosho/new", data)
    number = re.search(r'<p class="message">登録しました\(受付番号 (J-\d{6})\)</p>', done.body)
    assert number and done.url.endswith(f"/jigyosho/done/{number[1]}") and NTA in done.body
    (row,) = rows(server[1], "SELECT * FROM jigyosho WHERE houjin_bangou = ?", NTA)
    assert row["receipt_no"] == number[1]
    for field in ("name", "name_kana", "postal_code", "address", "phone", "industry", "established"):
        assert row[field] == data[field], field
    assert (row["employees"], row["salary_report"], row["created_by"]) == (25, 1, USER)


def test_unchecked_checkbox_is_stored_as_no(client: Client, server: tuple[Handle, Path]) -> None:
    data = jigyosho(102)
    del data["salary_report"]
    client.post("/jigyosho/new", data)
    (row,) = rows(
        server[1], "SELECT salary_report FROM jigyosho WHERE houjin_bangou = ?", data["houjin_bangou"]
    )
    assert row[0] == 0


TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("houjin_bangou", "", "法人番号を入力してください。"),
        ("houjin_bangou", "12345", "法人番号は13桁の半角数字で入力してください。"),
        ("houjin_bangou", "７００００１２０５０００２", "法人番号は13桁の半角数字で入力してください。"),
        ("houjin_bangou", "1000012050002", "法人番号が正しくありません(チェックデジットが一致しません)。"),
        ("name", "", "事業所名を入力してください。"),
        ("name", "あ" * 101, "事業所名は100文字以内で入力してください。"),
        ("name_kana", "ｶﾌﾞｼｷｶﾞｲｼｬ", "半角カナは使えません。全角カタカナで入力してください。"),
        ("name_kana", "かぶしきがいしゃ", "全角カタカナで入力してください。"),
        ("name_kana", "ABC商事", "全角カタカナで入力してください。"),
        ("postal_code", "3050817", "郵便番号は「305-8555」のように半角数字とハイフンで入力してください。"),
        ("postal_code", "305ー0817", "郵便番号は「305-8555」のように半角数字とハイフンで入力してください。"),
        ("address", "", "所在地を入力してください。"),
        (
            "phone",
            "029-883-111",
            "電話番号は「029-883-1111」のように半角数字とハイフンで入力してください(10桁または11桁)。",
        ),
        (
            "phone",
            "29-883-1111",
            "電話番号は「029-883-1111」のように半角数字とハイフンで入力してください(10桁または11桁)。",
        ),
        ("phone", "", "電話番号を入力してください。"),
        ("industry", "農業", "業種を一覧から選んでください。"),
        ("industry", "", "業種を一覧から選んでください。"),
        ("established", "2001-02-30", "日付を「2024-04-01」の形で正しく入力してください。"),
        ("established", "R1.5.1", "日付を「2024-04-01」の形で正しく入力してください。"),
        ("established", TOMORROW, "未来の日付は入力できません。"),
        ("employees", "-1", "従業員数は0以上の整数を半角数字で入力してください。"),
        ("employees", "2.5", "従業員数は0以上の整数を半角数字で入力してください。"),
        ("employees", "", "従業員数を入力してください。"),
    ],
)
def test_each_validation_rule(
    client: Client, server: tuple[Handle, Path], field: str, value: str, message: str
) -> None:
    data = jigyosho(200, **{field: value})  # never saved: every case has exactly one wrong field
    page = client.post("/jigyosho/new", data)
    assert page.status == 200 and page.url.endswith("/jigyosho/new")
    assert errors_of(page.body) == [message]  # only that field is wrong, and it says why
    # the message sits in the field's own row, and the summary lists it with the label
    row_html = page.body[page.body.index(f'id="{field}"') :]
    assert row_html.index(message) < row_html.index("</tr>")
    assert '<div class="errorlist" id="errors">' in page.body and f": {message}</li>" in page.body
    if field not in ("industry", "houjin_bangou") and value:
        assert f'value="{value}"' in page.body  # what the clerk typed is kept
    number = data["houjin_bangou"]
    assert rows(server[1], "SELECT COUNT(*) FROM jigyosho WHERE houjin_bangou = ?", number)[0][0] == 0


def test_valid_variants_are_accepted(client: Client, server: tuple[Handle, Path]) -> None:
    variants = [
        {"phone": "09012345678", "employees": "0"},
        {"phone": "0198-24-2111", "name_kana": "ヴィーナス・ケア　サービス", "employees": "1,200"},
    ]
    for n, changes in enumerate(variants, start=300):
        reply = client.post("/jigyosho/new", jigyosho(n, **changes))
        assert "/jigyosho/done/J-" in reply.url, errors_of(reply.body)
    assert (
        rows(server[1], "SELECT employees FROM jigyosho WHERE houjin_bangou = ?", houjin(301))[0][0] == 1200
    )


def test_duplicate_houjin_bangou_is_refused(client: Client, server: tuple[Handle, Path]) -> None:
    data = jigyosho(400)
    assert "/done/" in client.post("/jigyosho/new", data).url
    again = client.post("/jigyosho/new", {**data, "name": "別の名前"})
    assert errors_of(again.body) == ["この法人番号は既に登録されています。"]
    assert rows(server[1], "SELECT COUNT(*) FROM jigyosho WHERE houjin_bangou = ?", houjin(400))[0][0] == 1


def test_concurrent_registrations_one_connection_per_request(server: tuple[Handle, Path]) -> None:
    results: list[str] = []

    def register(n: int) -> None:
        c = Client(server[0].url)
        c.login()
        results.append(c.post("/jigyosho/new", jigyosho(500 + n % 4)).url)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("/done/" in url for url in results) == 4  # 4 distinct numbers, each saved once
    got = rows(
        server[1],
        "SELECT receipt_no FROM jigyosho WHERE houjin_bangou IN (?, ?, ?, ?)",
        *(houjin(500 + n) for n in range(4)),
    )
    assert len(got) == 4 and len({r[0] for r in got}) == 4


# --- 事業所一覧, CSV ------------------------------------------------------------------------------


def test_list_search_and_none_found(client: Client) -> None:
    client.post(
        "/jigyosho/new", jigyosho(600, name="花巻温泉観光株式会社", name_kana="ハナマキオンセンカンコウ")
    )
    page = client.get("/jigyosho?" + urllib.parse.urlencode({"houjin_bangou": houjin(600)}))
    table = page.body[page.body.index('<table class="grid" id="jigyosho-list">') :]
    header = re.findall(r"<th>(.*?)</th>", table[: table.index("</thead>")])
    assert header == list(JIGYOSHO_FIELDS)
    cells = re.findall(r"<td>(.*?)</td>", table[table.index("<tbody>") : table.index("</tbody>")])
    assert cells[:3] == [houjin(600), "花巻温泉観光株式会社", "ハナマキオンセンカンコウ"] and cells[-1] == "○"
    assert "1件" in page.body
    by_kana = client.get("/jigyosho?name=" + urllib.parse.quote("オンセン"))
    assert "花巻温泉観光株式会社" in by_kana.body
    none = client.get("/jigyosho?houjin_bangou=0000000000000")
    assert "該当する事業所はありません。" in none.body and "jigyosho-list" not in none.body


def test_csv_export_is_utf8_with_bom_and_a_download(client: Client) -> None:
    client.post("/jigyosho/new", jigyosho(700))
    raw = client.opener.open(client.base + "/jigyosho/export.csv?houjin_bangou=" + houjin(700), timeout=30)
    assert raw.headers["Content-Disposition"] == "attachment; filename=jigyosho.csv"
    assert raw.headers["Content-Type"].startswith("text/csv")
    body = raw.read()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    records = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert records[0][0] == "法人番号" and len(records) == 2
    assert records[1][:2] == [houjin(700), "株式会社髙﨑𠮷野製作所700"] and records[1][-1] == "○"
    listing = client.get("/jigyosho?houjin_bangou=" + houjin(700)).body
    assert f'href="/jigyosho/export.csv?houjin_bangou={houjin(700)}"' in listing and ">CSV出力</a>" in listing


def _csv(records: list[dict[str, str]], encoding: str) -> bytes:
    out = io.StringIO()
    labels = list(JIGYOSHO_FIELDS)
    fields = [
        "houjin_bangou",
        "name",
        "name_kana",
        "postal_code",
        "address",
        "phone",
        "industry",
        "established",
        "employees",
        "salary_report",
    ]
    writer = csv.writer(out)
    writer.writerow(labels)
    for r in records:
        writer.writerow([r[f] for f in fields])
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_upload_registers_valid_rows_and_reports_bad_ones(
    client: Client, server: tuple[Handle, Path], encoding: str
) -> None:
    base = 800 if encoding == "cp932" else 850
    good = [
        jigyosho(base, name="株式会社髙﨑花城町商会", salary_report="○"),
        jigyosho(base + 1, name="つくば情報通信株式会社", salary_report="×", established="2010/4/1"),
    ]
    bad = jigyosho(base + 2, name="株式会社半角", name_kana="ﾊﾝｶｸ")
    duplicate = jigyosho(base, name="重複")
    page = client.upload(
        "/jigyosho/upload", "jigyosho.csv", _csv([good[0], bad, good[1], duplicate], encoding)
    )
    assert '<p class="message">2件を取り込みました</p>' in page.body
    problems = re.findall(r"<li>(\d+行目: .*?)</li>", page.body)
    assert problems == [
        "3行目: 事業所名カナ: 半角カナは使えません。全角カタカナで入力してください。",
        "5行目: 法人番号: この法人番号は既に登録されています。",
    ]
    got = {
        r["houjin_bangou"]: r
        for r in rows(
            server[1],
            "SELECT * FROM jigyosho WHERE houjin_bangou IN (?, ?, ?)",
            houjin(base),
            houjin(base + 1),
            houjin(base + 2),
        )
    }
    assert set(got) == {houjin(base), houjin(base + 1)}
    assert got[houjin(base)]["name"] == "株式会社髙﨑花城町商会" and got[houjin(base)]["salary_report"] == 1
    assert (
        got[houjin(base + 1)]["established"] == "2010-04-01" and got[houjin(base + 1)]["salary_report"] == 0
    )


def test_csv_upload_with_wrong_header_imports_nothing(client: Client) -> None:
    page = client.upload("/jigyosho/upload", "x.csv", "法人番号,名前\r\n7000012050002,国税庁\r\n".encode())
    assert (
        "1行目(見出し): 列「事業所名」「事業所名カナ」" in page.body and "件を取り込みました" not in page.body
    )
    assert "CSVファイルを選んでください。" in client.upload("/jigyosho/upload", "", b"").body


# --- 住所検索 --------------------------------------------------------------------------------------


def test_address_search_popup_lists_candidates(client: Client) -> None:
    assert len(ADDRESSES) >= 30
    exact = client.get("/address/search?zip=305-8555&target=address").body
    assert re.findall(r'data-address="(.*?)"', exact) == ["茨城県つくば市研究学園一丁目1番地1"]
    assert "window.close()" in exact and 'onclick="return chooseAddress(this)"' in exact
    hanamaki = client.get("/address/search?zip=" + urllib.parse.quote("０２５８６０１")).body
    assert "岩手県花巻市花城町9番30号" in hanamaki
    area = re.findall(r'data-address="(.*?)"', client.get("/address/search?zip=305-0817").body)
    assert area[0] == "茨城県つくば市研究学園一丁目" and len(area) == 7
    assert "該当する住所が見つかりません。" in client.get("/address/search?zip=999-9999").body
    form = client.get("/jigyosho/new").body
    assert "openAddressSearch('postal_code', 'address')" in form


# --- 債権者, 支出伝票, 保育所 ----------------------------------------------------------------------


def test_vendor_voucher_and_nursery_forms(client: Client, server: tuple[Handle, Path]) -> None:
    vendor = {
        "name": "有限会社花巻印刷",
        "name_kana": "ユウゲンガイシャ　ハナマキインサツ",
        "bank_code": "0123",
        "branch_code": "045",
        "account_type": "普通",
        "account_number": "0012345",
        "holder_kana": "ユ）ハナマキインサツ",
    }
    done = client.post("/vendor/new", vendor)
    vendor_no = re.search(r"登録しました\(債権者番号 (V-\d{6})\)", done.body)
    assert vendor_no, errors_of(done.body)
    again = client.post("/vendor/new", vendor)
    assert errors_of(again.body) == [f"この口座は既に登録されています(債権者番号 {vendor_no[1]})。"]
    bad = client.post("/vendor/new", {**vendor, "bank_code": "123", "account_number": "12345678"})
    assert errors_of(bad.body) == [
        "金融機関コードは4桁の半角数字で入力してください。",
        "口座番号は7桁の半角数字で入力してください。",
    ]

    voucher = {
        "vendor_no": vendor_no[1],
        "account_title": "需用費",
        "summary": "窓口案内チラシ印刷代",
        "amount": "110000",
        "withholding": "11231",
        "net_amount": "98769",
        "payment_date": "2026-05-29",
    }
    assert re.search(r"登録しました\(伝票番号 S-\d{6}\)", client.post("/voucher/new", voucher).body)
    wrong_net = client.post("/voucher/new", {**voucher, "net_amount": "98000"})
    assert errors_of(wrong_net.body) == ["差引支払額が支払金額−源泉徴収税額(98,769円)と一致しません。"]
    unknown = client.post("/voucher/new", {**voucher, "vendor_no": "V-999999"})
    assert errors_of(unknown.body) == [
        "債権者番号 V-999999 は登録されていません。先に債権者登録をしてください。"
    ]

    nursery = {
        "applied_on": "2026-01-15",
        "guardian_name": "花城 太郎",
        "guardian_kana": "ハナシロ　タロウ",
        "postal_code": "025-0075",
        "address": "岩手県花巻市花城町1番2号",
        "phone": "0198-24-2111",
        "child_name": "花城 こはる",
        "child_birthdate": "2024-06-01",
        "nursery": "花巻中央保育園",
        "start_month": "2026-04",
    }
    assert re.search(r"登録しました\(受付番号 N-\d{6}\)", client.post("/nursery/new", nursery).body)
    bad_month = client.post("/nursery/new", {**nursery, "start_month": "2026-13"})
    assert errors_of(bad_month.body) == ["希望開始月を「2026-04」の形で入力してください。"]
    (v,) = rows(server[1], "SELECT * FROM vouchers")
    assert (v["vendor_no"], v["amount"], v["withholding"], v["net_amount"]) == (
        vendor_no[1],
        110000,
        11231,
        98769,
    )
    (n,) = rows(server[1], "SELECT * FROM nursery_applications")
    assert n["guardian_kana"] == "ハナシロ　タロウ" and n["start_month"] == "2026-04"
    assert vendor_no[1] in client.get("/vendor").body


# --- flaky mode -----------------------------------------------------------------------------------


def _fates(tmp: Path, seed: int, count: int) -> tuple[list[tuple[str, int]], Path]:
    """Register ``count`` rows on a fresh flaky (50%) server; the fault header and status of each."""
    db = tmp / f"flaky-{seed}-{uuid.uuid4().hex[:6]}.sqlite3"
    handle = serve_in_thread(create_app(db, flaky=0.5, seed=seed, flaky_delay=(0.05, 0.1)))
    try:
        c = Client(handle.url, follow=False)
        c.login()
        fates = []
        for n in range(count):
            reply = c.post("/jigyosho/new", jigyosho(n))
            fates.append((reply.headers.get("X-Sample-Fault", ""), reply.status))
            if reply.status == 503:
                assert BUSY in reply.body
        return fates, db
    finally:
        handle.stop()


def test_flaky_mode_is_deterministic_and_has_three_faults(tmp_path: Path) -> None:
    first, db = _fates(tmp_path, 7, 30)
    second, _ = _fates(tmp_path, 7, 30)
    other, _ = _fates(tmp_path, 8, 30)
    assert first == second  # same seed, same fates
    assert first != other
    kinds = {kind for kind, _ in first}
    assert kinds == {"", "before", "after", "slow"}
    assert 5 <= sum(1 for kind, _ in first if kind) <= 25  # about half of 30
    saved = {r[0] for r in rows(db, "SELECT houjin_bangou FROM jigyosho")}
    for n, (kind, status) in enumerate(first):
        assert status == (503 if kind in ("before", "after") else 302)  # 302: saved, on to the done page
        # "before" saved nothing; "after" saved the row although it answered 503
        assert (houjin(n) in saved) == (kind != "before"), (n, kind)


def test_flaky_after_fault_then_retry_is_refused_as_duplicate(tmp_path: Path) -> None:
    db = tmp_path / "after.sqlite3"
    handle = serve_in_thread(create_app(db, flaky=1.0, seed=0, flaky_delay=(0.01, 0.02)))
    try:
        c = Client(handle.url)
        c.login()
        for n in range(40):  # find an "after" fault, then retry that same row as a robot would
            reply = c.post("/jigyosho/new", jigyosho(n))
            if reply.headers["X-Sample-Fault"] == "after":
                retry = c.post("/jigyosho/new", jigyosho(n))
                while retry.headers["X-Sample-Fault"] == "before":
                    retry = c.post("/jigyosho/new", jigyosho(n))
                assert errors_of(retry.body) == ["この法人番号は既に登録されています。"]
                assert rows(db, "SELECT COUNT(*) FROM jigyosho WHERE houjin_bangou = ?", houjin(n))[0][0] == 1
                break
        else:
            pytest.fail("no 'after' fault in 40 POSTs at flaky=1.0")
        assert (
            c.post("/login", {"username": USER, "password": PASSWORD, "next": ""}).status == 200
        )  # login is never flaky
    finally:
        handle.stop()


# --- session expiry ------------------------------------------------------------------------------


def test_idle_session_expires_and_login_returns_to_the_page(tmp_path: Path) -> None:
    db = tmp_path / "session.sqlite3"
    handle = serve_in_thread(create_app(db, session_minutes=0.02))  # 1.2 s
    try:
        c = Client(handle.url)
        c.login()
        for _ in range(3):  # activity keeps it alive: the limit is idle time, not session age
            time.sleep(0.5)
            assert c.get("/jigyosho/new").url.endswith("/jigyosho/new")
        time.sleep(1.5)
        expired = c.get("/jigyosho/new")
        assert expired.url.endswith("/login?next=/jigyosho/new")
        assert (
            '<p class="notice">セッションの有効期限が切れました。もう一度ログインしてください。</p>'
            in expired.body
        )
        assert c.login("/jigyosho/new").url.endswith("/jigyosho/new")
        time.sleep(1.5)
        post = c.post("/jigyosho/new", jigyosho(1))  # a POST after expiry saves nothing
        assert "/login?next=/jigyosho/new" in post.url
        assert rows(db, "SELECT COUNT(*) FROM jigyosho")[0][0] == 0
    finally:
        handle.stop()


# --- the robosan command --------------------------------------------------------------------------


def test_cli_reset_and_busy_port(tmp_path: Path, server: tuple[Handle, Path]) -> None:
    from rpa_core.cli.main import main

    db = tmp_path / "reset.sqlite3"
    create_app(db)
    assert db.exists()
    result = CliRunner().invoke(main, ["sample-systems", "reset", "web", "--db", str(db)])
    assert result.exit_code == 0 and "消去しました" in result.output and not db.exists()
    busy = CliRunner().invoke(
        main, ["sample-systems", "start", "web", "--port", str(server[0].port), "--db", str(db)]
    )
    assert busy.exit_code == 2 and "待ち受けできません" in busy.output and "Traceback" not in busy.output


# --- the JavaScript parts, in the real Chromium ------------------------------------------------------


@pytest.mark.browser
def test_popup_confirm_and_download_in_chromium(server: tuple[Handle, Path], tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium")
    url = server[0].url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = browser.new_page()
            page.goto(url + "/jigyosho/new")
            page.get_by_label("ユーザー名").fill(USER)
            page.get_by_label("パスワード").fill(PASSWORD)
            page.get_by_role("button", name="ログイン").click()
            page.wait_for_url("**/jigyosho/new")
            data = jigyosho(900)
            for label, field in (
                ("法人番号", "houjin_bangou"),
                ("事業所名", "name"),
                ("事業所名カナ", "name_kana"),
                ("電話番号", "phone"),
                ("設立年月日", "established"),
                ("従業員数", "employees"),
            ):
                page.get_by_label(label, exact=True).fill(data[field])
            page.get_by_label("郵便番号").fill("025-8601")
            with page.expect_popup() as popup_info:
                page.get_by_role("button", name="住所検索").click()
            popup = popup_info.value
            popup.get_by_text("岩手県花巻市花城町9番30号").click()
            page.wait_for_function("document.getElementById('address').value !== ''")
            assert (
                popup.is_closed() and page.get_by_label("所在地").input_value() == "岩手県花巻市花城町9番30号"
            )
            page.get_by_label("業種").select_option(label="医療・福祉")
            page.get_by_label("給与支払報告書提出").check()
            dialogs: list[str] = []

            def dismiss(dialog: Any) -> None:  # いいえ: nothing is sent
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.once("dialog", dismiss)
            page.get_by_role("button", name="登録").click()
            assert dialogs == ["この内容で登録しますか？"] and page.url.endswith("/jigyosho/new")
            page.once("dialog", lambda d: d.accept())
            page.get_by_role("button", name="登録").click()
            page.wait_for_url("**/jigyosho/done/J-*")
            assert page.locator("p.message").inner_text().startswith("登録しました(受付番号 J-")
            page.goto(url + "/jigyosho?houjin_bangou=" + houjin(900))
            with page.expect_download() as download_info:
                page.get_by_text("CSV出力").click()
            download = download_info.value
            assert download.suggested_filename == "jigyosho.csv"
            saved = tmp_path / "jigyosho.csv"
            download.save_as(saved)
            text = saved.read_bytes().decode("utf-8-sig")
            assert f"{houjin(900)},株式会社髙﨑𠮷野製作所900," in text and "岩手県花巻市花城町9番30号" in text
        finally:
            browser.close()
    (row,) = rows(
        server[1],
        "SELECT address, industry, salary_report FROM jigyosho WHERE houjin_bangou = ?",
        houjin(900),
    )
    assert tuple(row) == ("岩手県花巻市花城町9番30号", "医療・福祉", 1)
