"""connectors.csv against real files: CP932 / UTF-8 / UTF-8 BOM, 外字 and IBM/NEC extension characters."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from connectors.csv import read_rows, write_rows
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx
from tests.support.registry import registered


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


# 髙 and 﨑 are IBM extensions, ① and ㈱ NEC special characters: in CP932, not in JIS X 0208.
EXTENDED = [
    {"宛名番号": "000123", "氏名": "髙橋 一郎", "住所": "茨城県つくば市研究学園１丁目１－１", "備考": "①"},
    {"宛名番号": "004560", "氏名": "山﨑 花子", "住所": "茨城県つくば市竹園２－３－４", "備考": ""},
    {"宛名番号": "078900", "氏名": "㈱筑波精機", "住所": "茨城県つくば市吾妻３丁目", "備考": "法人"},
]


def test_python_shift_jis_cannot_hold_what_cp932_can() -> None:
    # Why every Shift_JIS name maps to cp932 here: the JIS-only codec refuses these four.
    for ch in "髙﨑①㈱":
        ch.encode("cp932")
        with pytest.raises(UnicodeEncodeError):
            ch.encode("shift_jis")


@pytest.mark.parametrize("encoding", ["cp932", "shift_jis", "Shift-JIS", "sjis", "MS932", "windows-31j"])
def test_cp932_round_trip_with_extension_characters(ctx: Ctx, tmp_path: Path, encoding: str) -> None:
    out = write_rows(ctx, file=Path("out/宛名.csv"), rows=EXTENDED, encoding=encoding)
    data = out.read_bytes()
    expected = "宛名番号,氏名,住所,備考\r\n" + "".join(
        f"{r['宛名番号']},{r['氏名']},{r['住所']},{r['備考']}\r\n" for r in EXTENDED
    )
    assert data == expected.encode("cp932")
    assert b"\xee\xe0" in data and b"\xed\x95" in data and b"\x87\x40" in data and b"\x87\x8a" in data
    back = read_rows(ctx, file=out)  # auto: not UTF-8, so CP932
    assert [r["氏名"] for r in back] == ["髙橋 一郎", "山﨑 花子", "㈱筑波精機"]
    assert [r["宛名番号"] for r in back] == ["000123", "004560", "078900"]  # leading zeros kept
    assert back[0]["備考"] == "①" and back[1]["備考"] is None
    assert [r["_row"] for r in back] == [2, 3, 4]
    assert "CP932" in ctx.logs[-1] and ctx.artifacts == [(out, "csv")]
    assert read_rows(ctx, file=out, encoding="shift_jis") == back


def test_unencodable_character_is_reported_with_row_and_column(ctx: Ctx, tmp_path: Path) -> None:
    rows = [*EXTENDED, {"宛名番号": "000999", "氏名": "𠮷田 太郎", "住所": "つくば市🏠", "_row": 12}]
    target = tmp_path / "宛名.csv"
    target.write_bytes(b"old")
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=target, rows=rows)
    err = info.value
    assert err.key == "csv.unencodable" and err.kwargs["count"] == 2
    ja, en = err.message("ja"), err.message("en")
    assert "5行目(元の12行目) B列「氏名」の「𠮷」(U+20BB7)" in ja
    assert "5行目(元の12行目) C列「住所」の「🏠」" in ja
    assert "row 5 (source row 12), column B (氏名): '𠮷' (U+20BB7)" in en
    assert "utf-8" in err.hint("en") and "replace" in err.hint("ja")
    assert target.read_bytes() == b"old"  # nothing written
    assert [p.name for p in tmp_path.iterdir()] == ["宛名.csv"]


def test_replace_mode_logs_every_place(ctx: Ctx, tmp_path: Path) -> None:
    out = write_rows(
        ctx, file=tmp_path / "a.csv", rows=[{"氏名": "𠮷田"}, {"氏名": "髙橋"}], unencodable="replace"
    )
    assert out.read_bytes().decode("cp932") == "氏名\r\n〓田\r\n髙橋\r\n"
    assert any("2行目 A列「氏名」の「𠮷」" in line for line in ctx.logs)


def test_utf8_and_bom_detected_on_read(ctx: Ctx, tmp_path: Path) -> None:
    text = "コード,名称\n0012,髙橋商店\n𠮷野家,U+20BB7\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    for name in ("u.csv", "b.csv"):
        rows = read_rows(ctx, file=tmp_path / name)
        assert rows == [
            {"コード": "0012", "名称": "髙橋商店", "_row": 2},
            {"コード": "𠮷野家", "名称": "U+20BB7", "_row": 3},
        ]
    assert "UTF-8 (BOM)" in ctx.logs[-1]
    out = write_rows(ctx, file=tmp_path / "w.csv", rows=rows, encoding="utf-8-sig", newline="lf")
    assert out.read_bytes() == b"\xef\xbb\xbf" + text.encode()


def test_quoted_fields_blank_lines_title_and_ragged_rows(ctx: Ctx, tmp_path: Path) -> None:
    content = (
        "住民税 宛名一覧(見本),,\r\n"
        "氏名,住所,備考,備考\r\n"
        '"髙橋 一郎","つくば市研究学園1-1\r\nグリーンハイツ101",a,b\r\n'
        "\r\n"
        ",,,\r\n"
        "  山﨑　花子　,つくば市竹園,,,はみ出し\r\n"
    )
    (tmp_path / "a.csv").write_bytes(content.encode("cp932"))
    rows = read_rows(ctx, file=tmp_path / "a.csv", header_row=2)
    assert rows[0]["住所"] == "つくば市研究学園1-1\r\nグリーンハイツ101"
    assert list(rows[0]) == ["氏名", "住所", "備考", "備考_2", "_row"]
    assert rows[1] == {
        "氏名": "山﨑　花子",
        "住所": "つくば市竹園",
        "備考": None,
        "備考_2": None,
        "列E": "はみ出し",
        "_row": 6,
    }
    assert [r["_row"] for r in read_rows(ctx, file=tmp_path / "a.csv", header_row=2, skip_blank=False)] == [
        3,
        4,
        5,
        6,
    ]
    raw = read_rows(ctx, file=tmp_path / "a.csv", header_row=0, strip=False)
    assert raw[0]["列A"] == "住民税 宛名一覧(見本)" and raw[-1]["列A"] == "  山﨑　花子　"


def test_read_errors_say_where(ctx: Ctx, tmp_path: Path) -> None:
    (tmp_path / "euc.csv").write_bytes("氏名\n".encode() + "髙".encode("cp932") + b"\xff\xfe\n")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "euc.csv")
    assert (
        info.value.key == "csv.decode"
        and "line 2" in info.value.message("en")
        and "euc_jp" in info.value.hint("ja")
    )
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=Path("ない.csv"))
    assert info.value.key == "csv.not_found" and "ない.csv" in info.value.message("ja")
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "a.xlsx")
    assert info.value.key == "csv.is_excel" and "excel.read_rows" in info.value.hint("en")
    (tmp_path / "e.csv").write_text("\n", encoding="utf-8")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "e.csv")
    assert info.value.key == "csv.no_header" and "header_row: 0" in info.value.hint("ja")
    with pytest.raises(ActionError) as info:
        read_rows(ctx, file=tmp_path / "e.csv", encoding="sjis-x")
    assert info.value.key == "csv.unknown_encoding"


def test_write_values_dates_and_formats(ctx: Ctx, tmp_path: Path) -> None:
    import datetime as dt
    from decimal import Decimal

    rows = [
        {
            "日付": dt.date(2026, 4, 1),
            "時刻": dt.datetime(2026, 4, 1, 9, 5),
            "金額": 12000.0,
            "率": Decimal("0.1021"),
            "可否": True,
            "空": None,
            "式": "=1+1",
            "_row": 3,
        }
    ]
    out = write_rows(ctx, file=tmp_path / "a.tsv", rows=rows, delimiter="\t", quote_all=True, header=False)
    assert (
        out.read_bytes().decode("cp932")
        == '"2026/04/01"\t"2026/04/01 09:05:00"\t"12000"\t"0.1021"\t"TRUE"\t""\t"=1+1"\r\n'
    )


def test_write_refuses_a_csv_open_in_excel(ctx: Ctx, tmp_path: Path) -> None:
    target = tmp_path / "宛名.csv"
    target.write_bytes(b"old")
    name = "佐藤 花子"
    lock = tmp_path / "~$宛名.csv"
    lock.write_bytes(
        (bytes([len(name)]) + name.encode("cp932")).ljust(55, b" ")
        + bytes([len(name), 0])
        + name.encode("utf-16-le")
    )
    with pytest.raises(ActionError) as info:
        write_rows(ctx, file=target, rows=EXTENDED)
    assert info.value.key == "csv.locked" and "佐藤 花子" in info.value.message("ja")
    assert target.read_bytes() == b"old"


def test_crash_between_write_and_replace_keeps_the_old_file(
    ctx: Ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "宛名.csv"
    write_rows(ctx, file=target, rows=EXTENDED[:1])
    before = target.read_bytes()

    def crash(src: Any, dst: Any) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        write_rows(ctx, file=target, rows=EXTENDED)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["宛名.csv"]


def test_actions_are_registered() -> None:
    for name in ("csv.read_rows", "csv.write_rows"):
        spec = registered(name)
        assert spec.wants_ctx and spec.path_fields == ("file",) and spec.summary_en and not spec.commit
    model = registered("csv.write_rows").model
    with pytest.raises(ValueError):
        model.model_validate({"file": "a.csv", "rows": [], "unencodable": "skip"})


def test_user_defined_characters_are_warned_about(ctx: Ctx, tmp_path: Path) -> None:
    # 0xF040 is the first cell of CP932's user-defined area: a core system's own 外字
    (tmp_path / "g.csv").write_bytes("氏名,住所\r\n".encode("cp932") + b"\x8e\x52\xf0\x40,x\r\n")
    rows = read_rows(ctx, file=tmp_path / "g.csv")
    assert rows[0]["氏名"] == "山\ue000"
    assert any("2行目 A列「氏名」" in line and "U+E000" in line for line in ctx.logs)
