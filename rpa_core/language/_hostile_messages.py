"""Messages for YAML files refused by the loader's limits (data of :mod:`rpa_core.language.messages`)."""

from __future__ import annotations

HOSTILE_MESSAGES: dict[str, tuple[str, str]] = {
    "yaml.too_many_alias_values": (
        "エイリアス(*名前)で参照する値が多すぎます({limit} 個まで)。",
        "Aliases (*name) refer to too many values (at most {limit}).",
    ),
    "yaml.too_many_alias_values.hint": (
        "同じ手順を何度も使うなら call: で別のファイルに分けてください。大きなデータは Excel や CSV から読んでください。",
        "To reuse steps many times, move them into another file with call:. Read large data from Excel or CSV.",
    ),
}
