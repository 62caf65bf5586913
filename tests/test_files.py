"""connectors.files: text files read, written atomically and appended line by line."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from connectors.files import append_text, atomic_write, exists, lock_owner, read_text, write_text
from rpa_core.errors import ActionError


@dataclass
class Ctx:
    """The smallest thing that satisfies rpa_core.registry.ActionContext."""

    scenario_dir: Path
    artifacts_dir: Path
    dry_run: bool = False
    unattended: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.logs.append(message)

    def resource(self, name: str, factory: Callable[[], Any], close: Callable[[Any], None] | None = None) -> Any:
        return factory()

    def add_artifact(self, path: Path, kind: str) -> None:
        pass


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

    monkeypatch.setattr("connectors.files.open", lambda *a, **k: Spy(a[0], a[1].replace("b", "")), raising=False)
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
    from rpa_core.registry import _REGISTRY

    for name in ("file.read_text", "file.write_text", "file.append_text", "file.exists"):
        spec = _REGISTRY[name]
        assert spec.wants_ctx and spec.path_fields == ("path",) and spec.summary_en and not spec.commit
    model = _REGISTRY["file.append_text"].model
    args = model.model_validate({"path": "out/a.txt", "text": "x"})
    assert args.newline is True and args.encoding == "utf-8"  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        model.model_validate({"path": "a.txt", "text": "x", "文字コード": "cp932"})
