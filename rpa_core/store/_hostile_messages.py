"""Messages for a PC settings file refused by :mod:`rpa_core.store._settings_yaml` (data of the store's catalogue)."""

from __future__ import annotations

HOSTILE_MESSAGES: dict[str, tuple[str, str]] = {
    "pcsettings.too_deep": (
        "PCの設定ファイル {path} の {line} 行目: 入れ子(字下げやかっこ)が深すぎます({limit} 段まで)。",
        "PC settings file {path}, line {line}: the nesting (indentation or brackets) is too deep (at most {limit}).",
    ),
    "pcsettings.too_deep.hint": (
        "かっこの閉じ忘れがないか確かめてください。設定は「項目名: 値」を並べるだけで書けます。",
        "Look for an unclosed bracket. Settings are plain 'key: value' lines.",
    ),
    "pcsettings.too_many_values": (
        "PCの設定ファイル {path} の {line} 行目: 値が多すぎます({limit} 個まで)。",
        "PC settings file {path}, line {line}: too many values (at most {limit}).",
    ),
    "pcsettings.too_many_values.hint": (
        "設定ファイルか確かめてください。データは設定ファイルに置けません。",
        "Check that this is the settings file: data does not belong in it.",
    ),
    "pcsettings.alias": (
        "PCの設定ファイル {path} の {line} 行目: アンカー(&名前)やエイリアス(*名前)は使えません。",
        "PC settings file {path}, line {line}: anchors (&name) and aliases (*name) are not allowed.",
    ),
    "pcsettings.alias.hint": (
        "参照を使わず、値をそのまま書いてください。",
        "Write each value out instead of referring to another.",
    ),
}
