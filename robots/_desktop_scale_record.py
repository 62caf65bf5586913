"""What ``robosan capture`` remembers about each image it cut: ``capture.yaml`` beside the images.

Why: an image cut on a window of 277×244 may not be found when the program opens at 281×241,
and the clerk then sees only "not found, best match 0.64". With the window's size written
down at cutting time, capture can warn when the same folder gets images cut at another size,
and a step that cannot find its image says that the window has changed size since (the likely
cause, and what to do). The file is plain YAML a clerk can read (and delete: nothing breaks
without it, only these notes and the first size a search tries are lost):

    # robosan capture が書きます … / Written by robosan capture …
    登録ボタン.png: {window: 住民登録, window_size: [277, 244], region: [185, 205, 88, 36], cut: 2026-12-08 10:15}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpa_core.api import ActionError, display_path

from ._desktop_scale import AmbiguousMatch, Scale

__all__ = ["RECORD_FILE", "CutRecord", "ambiguous", "image_not_found", "other_sizes", "read_records", "write_record"]

RECORD_FILE = "capture.yaml"
_HEADER = (
    "# robosan capture が書きます。画像を切り出したときの画面(ウィンドウ)の名前と大きさ [幅, 高さ]、\n"
    "# 切り出した範囲 [横, 縦, 幅, 高さ](画面の左上から)です。消しても動きますが、大きさの注意が出なくなります。\n"
    "# Written by robosan capture: the window each image was cut from, its size [width, height] and the\n"
    "# region cut [x, y, width, height] from its top-left corner. Safe to delete (the size notes go with it).\n"
)


@dataclass(frozen=True)
class CutRecord:
    """Where one image was cut: the window's title and size, the region in it, when."""

    window: str | None
    window_size: tuple[int, int] | None
    region: tuple[int, int, int, int] | None
    cut: str = ""

    def ratio_to(self, size: tuple[int, int]) -> Scale | None:
        """How much larger the window is now than when the image was cut (None if unknown)."""
        if not self.window_size or not all(self.window_size):
            return None
        return (size[0] / self.window_size[0], size[1] / self.window_size[1])

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"window": self.window, "window_size": self.window_size, "region": self.region}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items() if v is not None} | {
            "cut": self.cut
        }


def _ints(value: Any, n: int) -> tuple[int, ...] | None:
    if isinstance(value, list) and len(value) == n and all(isinstance(v, int) for v in value):
        return tuple(value)
    return None


def read_records(folder: Path) -> dict[str, CutRecord]:
    """The records of ``folder`` by image file name; {} when there is no file or it cannot be read.

    A damaged or hand-edited file must never stop a run: what cannot be read is left out."""
    import yaml

    try:
        raw = yaml.safe_load((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, yaml.YAMLError):
        return {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, CutRecord] = {}
    for name, entry in raw.items():
        if isinstance(name, str) and isinstance(entry, dict):
            size, region = _ints(entry.get("window_size"), 2), _ints(entry.get("region"), 4)
            title = entry.get("window")
            out[name] = CutRecord(
                title if isinstance(title, str) else None,
                size,  # type: ignore[arg-type]
                region,  # type: ignore[arg-type]
                str(entry.get("cut", "")),
            )
    return out


def write_record(image: Path, record: CutRecord) -> Path:
    """Add or replace the record of ``image`` in its folder's file; the file's path."""
    import yaml

    folder = image.parent
    records = read_records(folder)
    records[image.name] = record
    body = {name: rec.as_yaml() for name, rec in sorted(records.items())}
    path = folder / RECORD_FILE
    dumped = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    path.write_text(_HEADER + dumped, encoding="utf-8")
    return path


def now_text() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


def other_sizes(folder: Path, record: CutRecord, skip: str) -> dict[tuple[int, int], list[str]]:
    """Images of ``folder`` cut on the same window at another size than ``record``'s, by that size."""
    found: dict[tuple[int, int], list[str]] = {}
    for name, rec in read_records(folder).items():
        if name == skip or rec.window != record.window or rec.window_size is None:
            continue
        if rec.window_size != record.window_size:
            found.setdefault(rec.window_size, []).append(name)
    return found


def image_not_found(
    image: Path, *, window: str, seconds: float, best: float, confidence: float, shot: str,
    size: tuple[int, int] | None,
) -> ActionError:
    """The error of a step whose image is not found; it names the window's size change when there is one."""
    common: dict[str, Any] = {"image": display_path(image), "window": window, "seconds": seconds,
                              "best": f"{best:.2f}", "confidence": confidence, "shot": shot}
    record = read_records(image.parent).get(image.name)
    if size is None or record is None or record.window_size is None or record.window_size == size:
        return ActionError("desktop.image_not_found", **common)
    (cut_w, cut_h), (now_w, now_h) = record.window_size, size
    return ActionError("desktop.image_not_found_resized", **common, cut=f"{cut_w}×{cut_h}", now=f"{now_w}×{now_h}")


def ambiguous(image: Path, window: str, tie: AmbiguousMatch) -> ActionError:
    """The error of a step whose image matches in two places: their centres, in pixels from the window's corner
    (what ``at:`` would say), so the clerk can find both on the screenshot."""

    def where(p: Any) -> str:
        return f"[{p.x + p.width // 2}, {p.y + p.height // 2}]"

    return ActionError(
        "desktop.image_ambiguous", image=display_path(image), window=window, first=where(tie.first),
        second=where(tie.second), score1=f"{tie.first.score:.2f}", score2=f"{tie.second.score:.2f}",
    )
