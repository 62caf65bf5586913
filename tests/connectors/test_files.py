"""connectors.files: text files read, written atomically and appended line by line."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from connectors._file_ops import archive, copy, list_files, move, wait_for
from connectors.files import (
    append_text,
    atomic_write,
    exists,
    is_temporary,
    lock_owner,
    read_text,
    write_text,
)
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx
from tests.support.registry import registered


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp" in p.name]


def test_write_then_read_creates_folders_without_leftovers(ctx: Ctx, tmp_path: Path) -> None:
    out = write_text(ctx, path=Path("out/照会/結果.txt"), text="照会済み\n0012\n")
    assert out == tmp_path / "out" / "照会" / "結果.txt"
    assert read_text(ctx, path=Path("out/照会/結果.txt")) == "照会済み\n0012\n"
    assert _leftovers(out.parent) == []
    write_text(ctx, path=out, text="置き換え")
    assert out.read_text(encoding="utf-8") == "置き換え"


def test_read_text_cp932_bom_and_line_endings(ctx: Ctx, tmp_path: Path) -> None:
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes("氏名,住所\r\n髙橋,つくば市\r\n".encode("cp932"))
    assert read_text(ctx, path=sjis, encoding="cp932") == "氏名,住所\n髙橋,つくば市\n"
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff法人番号\r".encode())
    assert read_text(ctx, path=bom) == "法人番号\n"


def test_read_text_decode_error_says_where_and_suggests_cp932(ctx: Ctx, tmp_path: Path) -> None:
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes(b"header\n" + "氏名".encode("cp932"))
    with pytest.raises(ActionError) as info:
        read_text(ctx, path=sjis)
    err = info.value
    assert err.key == "files.decode"
    assert "sjis.txt" in err.message("ja") and "utf-8" in err.message("en") and "line 2" in err.message("en")
    assert "cp932" in err.hint("ja") and "cp932" in err.hint("en")
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text("髙橋 ①", encoding="utf-8")
    with pytest.raises(ActionError) as info:
        read_text(ctx, path=utf8, encoding="ascii")
    assert "cp932" in info.value.hint("en")


def test_read_text_missing_folder_and_unknown_encoding(ctx: Ctx, tmp_path: Path) -> None:
    with pytest.raises(ActionError) as info:
        read_text(ctx, path=Path("ない.txt"))
    assert info.value.key == "files.not_found"
    assert "ない.txt" in info.value.message("ja") and "ない.txt" in info.value.message("en")
    with pytest.raises(ActionError) as info:
        read_text(ctx, path=tmp_path)
    assert info.value.key == "files.is_folder"
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    with pytest.raises(ActionError) as info:
        read_text(ctx, path=tmp_path / "a.txt", encoding="shiftjis-x")
    assert info.value.key == "files.unknown_encoding" and "shiftjis-x" in info.value.message("en")
    assert "cp932" in info.value.hint("ja")


def test_write_text_unencodable_character_is_named(ctx: Ctx, tmp_path: Path) -> None:
    with pytest.raises(ActionError) as info:
        write_text(ctx, path=tmp_path / "a.txt", text="山田🍣", encoding="cp932")
    err = info.value
    assert err.key == "files.encode" and "🍣" in err.message("ja") and "cp932" in err.message("en")
    assert "utf-8" in err.hint("en")
    assert not (tmp_path / "a.txt").exists()


def test_write_text_file_held_open_leaves_old_file(
    ctx: Ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "結果.txt"
    target.write_text("前の内容", encoding="utf-8")

    def denied(src: Any, dst: Any) -> None:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(ActionError) as info:
        write_text(ctx, path=target, text="新しい内容")
    assert info.value.key == "files.in_use" and "結果.txt" in info.value.message("en")
    assert target.read_text(encoding="utf-8") == "前の内容" and _leftovers(tmp_path) == []


def test_atomic_write_cleans_up_after_a_failed_writer(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"

    def half(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        atomic_write(target, half)
    assert not target.exists() and _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_atomic_write_keeps_the_file_mode(ctx: Ctx, tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o644)
    write_text(ctx, path=target, text="y")
    assert target.stat().st_mode & 0o777 == 0o644


def test_append_text_adds_whole_lines(ctx: Ctx, tmp_path: Path) -> None:
    log = Path("out/登録済み.txt")
    append_text(ctx, path=log, text="1234567890123")
    append_text(ctx, path=log, text="0012\n")
    append_text(ctx, path=log, text="続き", newline=False)
    append_text(ctx, path=log, text="次の行")  # the unfinished line above is ended first
    assert (tmp_path / log).read_bytes().decode() == "1234567890123\n0012\n続き\n次の行\n"


def test_append_text_in_other_encodings(ctx: Ctx, tmp_path: Path) -> None:
    sjis = tmp_path / "sjis.txt"
    append_text(ctx, path=sjis, text="髙橋", encoding="cp932")
    append_text(ctx, path=sjis, text="山﨑", encoding="cp932")
    assert sjis.read_bytes() == "髙橋\n山﨑\n".encode("cp932")
    wide = tmp_path / "utf16.txt"
    append_text(ctx, path=wide, text="一", encoding="utf-16")
    append_text(ctx, path=wide, text="二", encoding="utf-16")
    assert wide.read_bytes().count(b"\xff\xfe") == 1  # one byte-order mark, at the start
    assert read_text(ctx, path=wide, encoding="utf-16") == "一\n二\n"


def test_append_text_is_one_write(ctx: Ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    calls: list[int] = []
    real = io.FileIO.write

    class Spy(io.FileIO):
        def write(self, b: Any) -> int:
            calls.append(len(b))
            return real(self, b)

    monkeypatch.setattr(
        "connectors.files.open", lambda *a, **k: Spy(a[0], a[1].replace("b", "")), raising=False
    )
    append_text(ctx, path=tmp_path / "a.txt", text="x" * 100_000)
    assert calls == [100_001]


def _owner_file(name: str, *, offset: int = 55) -> bytes:
    """An Office owner file as Excel (offset 55) or Word (offset 54) writes it."""
    n = len(name)
    data = (bytes([n]) + name.encode("cp932")).ljust(offset, b" ") + bytes([n, 0]) + name.encode("utf-16-le")
    return data.ljust(165, b" ")


def test_lock_owner_reads_excel_and_word_layouts(tmp_path: Path) -> None:
    lock = tmp_path / "~$a.xlsx"
    lock.write_bytes(_owner_file("山田 太郎"))
    assert lock_owner(lock) == "山田 太郎"
    lock.write_bytes(_owner_file("suzuki", offset=54))
    assert lock_owner(lock) == "suzuki"
    lock.write_bytes(bytes([6]) + b"tanaka".ljust(54, b" "))  # only the code-page copy
    assert lock_owner(lock) == "tanaka"
    lock.write_bytes(b"")
    assert lock_owner(lock) is None


def test_exists(ctx: Ctx, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert exists(ctx, path=Path("a.txt")) is True
    assert exists(ctx, path=tmp_path / "b.txt") is False


def test_actions_are_registered() -> None:
    for name in ("file.read_text", "file.write_text", "file.append_text", "file.exists"):
        spec = registered(name)
        assert spec.wants_ctx and spec.path_fields == ("path",) and spec.summary_en and not spec.commit
    model = registered("file.append_text").model
    args = model.model_validate({"path": "out/a.txt", "text": "x"})
    assert args.newline is True and args.encoding == "utf-8"  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        model.model_validate({"path": "a.txt", "text": "x", "文字コード": "cp932"})


# -- folders: list, copy, move, archive, wait --------------------------------------------


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "受信"
    folder.mkdir()
    for i, name in enumerate(
        ["課税台帳_0401.csv", "課税台帳_0402.CSV", "メモ.txt", "~$課税台帳.xlsx", ".hidden.csv"]
    ):
        (folder / name).write_text("x" * (i + 1), encoding="utf-8")
        os.utime(folder / name, (1_700_000_000 + i * 60, 1_700_000_000 + i * 60))
    (folder / ".課税台帳_0403.myhost-123.abc.tmp.csv").write_text("half", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "課税台帳_0301.csv").write_text("old", encoding="utf-8")
    return folder


def test_list_filters_sorts_and_leaves_out_lock_and_temp_files(ctx: Ctx, inbox: Path) -> None:
    files = list_files(ctx, folder=Path("受信"), pattern="課税台帳_*.csv")
    assert [f["name"] for f in files] == ["課税台帳_0401.csv", "課税台帳_0402.CSV"]
    assert files[0]["path"] == inbox / "課税台帳_0401.csv" and files[0]["size"] == 1
    assert (
        files[1]["modified"] == dt.datetime.fromtimestamp(1_700_000_060)
        and files[0]["stem"] == "課税台帳_0401"
    )
    newest = list_files(ctx, folder=inbox, sort="modified", newest_first=True)
    assert [f["name"] for f in newest] == ["メモ.txt", "課税台帳_0402.CSV", "課税台帳_0401.csv"]
    deep = list_files(ctx, folder=inbox, pattern="*.csv", recursive=True)
    assert {f["name"] for f in deep} == {"課税台帳_0301.csv", "課税台帳_0401.csv", "課税台帳_0402.CSV"}
    assert is_temporary(inbox / "~$課税台帳.xlsx") and not is_temporary(inbox / "メモ.txt")
    with pytest.raises(ActionError) as info:
        list_files(ctx, folder=Path("送信"))
    assert info.value.key == "files.no_folder" and "送信" in info.value.message("ja")


def test_copy_and_move_into_folders_without_overwriting(ctx: Ctx, inbox: Path, tmp_path: Path) -> None:
    src = inbox / "メモ.txt"
    done = tmp_path / "処理済み"
    done.mkdir()
    out = copy(ctx, src=src, dest=done)
    assert out == done / "メモ.txt" and out.read_text(encoding="utf-8") == "xxx" and src.exists()
    assert out.stat().st_mtime == src.stat().st_mtime
    with pytest.raises(ActionError) as info:
        copy(ctx, src=src, dest=done / "メモ.txt")
    assert info.value.key == "files.exists" and "overwrite: true" in info.value.hint("ja")
    with pytest.raises(ActionError) as info:
        copy(ctx, src=src, dest=src, overwrite=True)
    assert info.value.key == "files.same"
    moved = move(ctx, src=Path("受信/課税台帳_0401.csv"), dest=Path("処理済み/台帳.csv"))
    assert moved == done / "台帳.csv" and not (inbox / "課税台帳_0401.csv").exists()
    with pytest.raises(ActionError) as info:
        move(ctx, src=inbox / "ない.csv", dest=done)
    assert info.value.key == "files.not_found"


def test_move_across_drives_copies_then_removes(
    ctx: Ctx, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def cross_device(src: Any, dst: Any) -> None:
        if Path(src).parent == inbox:  # the rename itself: as between C: and a network share
            raise OSError(18, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", cross_device)
    out = move(ctx, src=inbox / "メモ.txt", dest=ctx.scenario_dir / "共有" / "メモ.txt")
    assert out.read_text(encoding="utf-8") == "xxx" and not (inbox / "メモ.txt").exists()


def test_archive_into_a_dated_folder_never_overwrites(ctx: Ctx, inbox: Path, tmp_path: Path) -> None:
    day = dt.date(2026, 4, 10)
    first = archive(ctx, path=inbox, pattern="*.csv", to=Path("保管"), date=day)
    folder = tmp_path / "保管" / "2026-04-10"
    assert first == [folder / "課税台帳_0401.csv", folder / "課税台帳_0402.CSV"]
    assert not (inbox / "課税台帳_0401.csv").exists() and (inbox / "~$課税台帳.xlsx").exists()
    (inbox / "課税台帳_0401.csv").write_text("new", encoding="utf-8")
    again = archive(ctx, path=inbox / "課税台帳_0401.csv", to=tmp_path / "保管", date=day, keep=True)
    assert again == [folder / "課税台帳_0401_2.csv"] and (inbox / "課税台帳_0401.csv").exists()
    assert (folder / "課税台帳_0401.csv").read_text(encoding="utf-8") == "x"
    compact = archive(ctx, path=inbox / "メモ.txt", to=tmp_path / "保管", date=day, date_format="%Y%m%d")
    assert compact == [tmp_path / "保管" / "20260410" / "メモ.txt"]
    assert "1" in ctx.logs[-1]


def test_wait_for_a_download_to_finish(ctx: Ctx, tmp_path: Path) -> None:
    downloads = tmp_path / "ダウンロード"
    downloads.mkdir()
    target = downloads / "課税台帳_20260410.csv"

    def download() -> None:  # as a browser does: the data grows beside a .crdownload marker
        marker = downloads / (target.name + ".crdownload")
        marker.write_bytes(b"")
        with open(target, "wb") as fh:
            for _ in range(4):
                fh.write(b"a" * 1000)
                fh.flush()
                time.sleep(0.15)
        marker.unlink()

    thread = threading.Thread(target=download)
    started = time.monotonic()
    thread.start()
    found = wait_for(ctx, path=Path("ダウンロード/課税台帳_*.csv"), timeout=10, stable=0.3)
    thread.join()
    assert found == target and found.stat().st_size == 4000 and time.monotonic() - started >= 0.6
    target.unlink()
    assert wait_for(ctx, path=target, gone=True, timeout=1) == target
    with pytest.raises(ActionError) as info:
        wait_for(ctx, path=target, timeout=0.3)
    assert info.value.key == "files.wait_timeout" and "0.3" in info.value.message("en")
    assert "did not appear" in info.value.message("en") and "timeout" in info.value.hint("ja")


_HALF_WRITER = """
import sys, time
from pathlib import Path
from connectors.files import atomic_write

def half(tmp: Path) -> None:
    with open(tmp, "wb") as fh:
        fh.write(b"NEW CONTENT, FIRST HALF")
        fh.flush()
    print("HALF", flush=True)
    time.sleep(60)  # killed here, between writing and replacing

atomic_write(Path(sys.argv[1]), half)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_write_killed_half_way_leaves_the_old_file_and_the_next_write_cleans_up(
    ctx: Ctx, tmp_path: Path
) -> None:
    target = tmp_path / "台帳.txt"
    target.write_text("OLD CONTENT", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _HALF_WRITER, str(target)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "HALF"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert target.read_text(encoding="utf-8") == "OLD CONTENT"
    leftovers = _leftovers(tmp_path)
    assert len(leftovers) == 1 and str(proc.pid) in leftovers[0]
    assert [f["name"] for f in list_files(ctx, folder=tmp_path)] == ["台帳.txt"]
    write_text(ctx, path=target, text="NEW")
    assert target.read_text(encoding="utf-8") == "NEW" and _leftovers(tmp_path) == []


def test_folder_actions_are_registered() -> None:
    for name, paths in {
        "file.list": ("folder",),
        "file.copy": ("src", "dest"),
        "file.move": ("src", "dest"),
        "file.archive": ("path", "to"),
        "file.wait_for": ("path",),
    }.items():
        spec = registered(name)
        assert spec.path_fields == paths and spec.summary_en and not spec.commit
    args = registered("file.wait_for").model.model_validate({"path": "a.csv", "timeout": "2m"})
    assert args.timeout == 120.0  # type: ignore[attr-defined]


def test_read_text_refuses_a_huge_file_before_reading_it(ctx: Ctx, tmp_path: Path) -> None:
    """Issue 13: a 60 MB 'text' (sparse: no disk used) is refused from its size, with the file named."""
    huge = tmp_path / "巨大.txt"
    with huge.open("wb") as fh:
        fh.truncate(60_000_000)
    with pytest.raises(ActionError) as err:
        read_text(ctx, path=huge)
    assert err.value.key == "files.too_large"
    assert "巨大.txt" in err.value.message() and "50" in err.value.message()
    small = tmp_path / "通知文.txt"
    small.write_text("令和8年度 市民税のお知らせ\n", encoding="utf-8")
    assert read_text(ctx, path=small) == "令和8年度 市民税のお知らせ\n"
